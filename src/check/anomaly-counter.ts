/**
 * Things Dynamo does on purpose, counted and shown rather than failed (Dynamo §4.4–§4.6, §6.1;
 * notes #19, #20): stale reads when R + W ≤ N, under a sloppy quorum, last-writer-wins, lost
 * disks, buffered writes or membership changes; siblings from concurrent writes; items a
 * shopping-cart merge brings back. A stale read none of these explains is a strict-quorum
 * violation: quorums that intersect must return every write acknowledged before the read began.
 */
import { cartUnion } from '../core/conflict-resolution.ts';
import type { NodeConfig } from '../core/node-config.ts';
import type { OpResult } from '../sim/clients.ts';
import type { ScheduledFault } from '../sim/world-config.ts';
import {
  emptyAnomalies,
  type AnomalyCounts,
  type StaleCause,
  type Violation,
} from './check-types.ts';

/** Fault kinds that are workload, not faults. */
const notFaults = new Set(['put', 'get', 'workload-start', 'workload-stop']);

export interface AnomalyReport {
  anomalies: AnomalyCounts;
  /** Stale reads nothing Dynamo allows explains (the strict-quorum checker). */
  violations: Violation[];
}

/** Why a read that ended at `endMs` may miss an acknowledged write, or undefined if nothing explains it. */
export function staleCause(
  config: NodeConfig,
  faults: readonly ScheduledFault[],
  endMs: number,
): StaleCause | undefined {
  if (config.R + config.W <= config.N) return 'weak-quorum';
  if (config.resolution === 'lww') return 'last-writer-wins';
  const before = faults.filter((f) => f.atMs <= endMs).map((f) => f.fault);
  if (config.writeMode === 'buffered' && before.some((f) => f.kind === 'crash'))
    return 'buffered-writes';
  if (before.some((f) => f.kind === 'crash' && f.loseDisk === true)) return 'data-loss';
  if (before.some((f) => f.kind === 'join' || f.kind === 'leave')) return 'membership-change';
  if (config.quorumMode === 'sloppy' && before.some((f) => !notFaults.has(f.kind)))
    return 'sloppy-quorum';
  return undefined;
}

export function countAnomalies(
  results: readonly OpResult[],
  config: NodeConfig,
  faults: readonly ScheduledFault[],
): AnomalyReport {
  const anomalies = emptyAnomalies();
  const violations: Violation[] = [];
  for (const r of results) {
    if (r.kind === 'put') {
      if (!r.ok) anomalies.indeterminateWrites++;
      continue;
    }
    if (!r.ok) {
      anomalies.failedReads++;
      continue;
    }
    const versions = r.versions ?? [];
    if (versions.length > 1) {
      anomalies.siblingReads++;
      const newest = versions.reduce((a, b) => (b.writtenAtMs > a.writtenAtMs ? b : a));
      const kept = new Set(cartUnion([newest.value]));
      anomalies.cartResurrections += cartUnion(versions.map((v) => v.value)).filter(
        (item) => !kept.has(item),
      ).length;
    }
    if (!r.stale) continue;
    const cause = staleCause(config, faults, r.endMs);
    if (cause) {
      anomalies.staleReads[cause]++;
      continue;
    }
    violations.push({
      checker: 'strict-quorum',
      key: r.key,
      atMs: r.endMs,
      message: `get #${r.opId} of ${r.key} (${r.startMs}–${r.endMs} ms) missed a write acknowledged before it began, with R + W > N (${config.R} + ${config.W} > ${config.N}), ${config.quorumMode} quorum, and no fault, disk loss or membership change to explain it`,
    });
  }
  return { anomalies, violations };
}

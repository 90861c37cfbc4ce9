/**
 * `experiment availability`: crashes and partitions against sloppy and strict quorums (Dynamo §4.6:
 * "a strict quorum approach … would be unavailable during server failures and network
 * partitions"; §6.6). The same workload and the same fault schedule run once per quorum mode, so
 * the difference in success rate and latency is the quorum's alone.
 *
 * JSON schema of the result (`AvailabilityReport`):
 *   {
 *     experiment: 'availability', options: AvailabilityOptions,
 *     faults: { crashes: number, partitions: number },
 *     rows: {
 *       quorum: 'sloppy' | 'strict',
 *       gets: OpStats, puts: OpStats,
 *       staleReadFraction: number            // successful gets that missed an acknowledged write
 *     }[]
 *   }
 *   OpStats = { attempted, succeeded, successRate, latencyMs: { p50, p99, p999 } }  // latency of successes
 */
import type { QuorumMode } from '../core/types.ts';
import type { OpResult } from '../sim/clients.ts';
import { createPrng } from '../sim/prng.ts';
import { makeSetup, nodeIds } from '../sim/setup.ts';
import { defaultWorkload } from '../sim/world-config.ts';
import { runWorld, startWorld } from './cluster-run.ts';
import { ExperimentOptionsError, fraction, seedOption, wholeNumber, type ExperimentControl } from './experiment-control.ts';
import { failureSchedule, validateFailureRates, type FailureRates } from './failure-schedule.ts';
import { percentilesOf, type LatencyPercentiles } from './percentiles.ts';

export interface AvailabilityOptions extends FailureRates {
  nodes: number;
  N: number;
  R: number;
  W: number;
  /** Which quorum modes to run: one, or both on the same faults. */
  quorum: QuorumMode | 'both';
  /** Open-loop requests per second of virtual time. */
  ratePerSec: number;
  readFraction: number;
  keyCount: number;
  durationMs: number;
  seed: number;
}

export interface OpStats {
  attempted: number;
  succeeded: number;
  successRate: number;
  latencyMs: LatencyPercentiles;
}

export interface AvailabilityRow {
  quorum: QuorumMode;
  gets: OpStats;
  puts: OpStats;
  staleReadFraction: number;
}

export interface AvailabilityReport {
  experiment: 'availability';
  options: AvailabilityOptions;
  faults: { crashes: number; partitions: number };
  rows: AvailabilityRow[];
}

export const defaultAvailabilityOptions: AvailabilityOptions = {
  nodes: 5,
  N: 3,
  R: 2,
  W: 2,
  quorum: 'both',
  ratePerSec: 200,
  readFraction: 0.5,
  keyCount: 1000,
  durationMs: 60_000,
  crashesPerMinute: 6,
  downtimeMs: 10_000,
  partitionsPerMinute: 2,
  partitionMs: 5000,
  seed: 1,
};

const WORKLOAD = 'load';

export function validateAvailabilityOptions(input: Partial<AvailabilityOptions>): AvailabilityOptions {
  const o = { ...defaultAvailabilityOptions, ...input };
  wholeNumber('nodes', o.nodes, 1, 64);
  wholeNumber('N', o.N, 1, o.nodes);
  wholeNumber('R', o.R, 1, o.N);
  wholeNumber('W', o.W, 1, o.N);
  if (o.quorum !== 'sloppy' && o.quorum !== 'strict' && o.quorum !== 'both') {
    throw new ExperimentOptionsError('quorum', `must be sloppy, strict or both (got ${String(o.quorum)})`);
  }
  if (!(o.ratePerSec > 0 && o.ratePerSec <= 100_000)) throw new ExperimentOptionsError('rate', `must be more than 0 and at most 100000 (got ${o.ratePerSec})`);
  fraction('read-fraction', o.readFraction);
  wholeNumber('key-count', o.keyCount, 1, 10_000_000);
  wholeNumber('duration-ms', o.durationMs, 1, 24 * 3_600_000);
  validateFailureRates(o);
  seedOption(o.seed);
  return o;
}

export async function runAvailability(input: Partial<AvailabilityOptions>, control: ExperimentControl = {}): Promise<AvailabilityReport> {
  const o = validateAvailabilityOptions(input);
  const ids = nodeIds(o.nodes);
  const schedule = failureSchedule(ids, o.durationMs, o, createPrng(o.seed, 'failures'));
  const modes: QuorumMode[] = o.quorum === 'both' ? ['sloppy', 'strict'] : [o.quorum];
  const rows: AvailabilityRow[] = [];
  for (const [i, quorum] of modes.entries()) {
    const world = startWorld(
      makeSetup({
        seed: o.seed,
        nodes: ids,
        node: { N: o.N, R: o.R, W: o.W, quorumMode: quorum },
        workloads: [
          { ...defaultWorkload, id: WORKLOAD, clients: 4, loop: 'open', ratePerSec: o.ratePerSec, readFraction: o.readFraction, keyCount: o.keyCount, popularity: { kind: 'uniform' }, coordinatorChoice: 'partition-aware', stopMs: o.durationMs },
        ],
        schedule,
        traceWindow: 0,
      }),
    );
    const results: OpResult[] = [];
    await runWorld(world, o.durationMs + world.setup.clientTimeoutMs, (r) => r.workload === WORKLOAD && results.push(r), control, [i / modes.length, (i + 1) / modes.length]);
    const gets = results.filter((r) => r.kind === 'get');
    rows.push({
      quorum,
      gets: stats(gets),
      puts: stats(results.filter((r) => r.kind === 'put')),
      staleReadFraction: gets.filter((r) => r.ok && r.stale).length / Math.max(1, gets.filter((r) => r.ok).length),
    });
  }
  control.onProgress?.(1);
  return {
    experiment: 'availability',
    options: o,
    faults: { crashes: schedule.filter((s) => s.fault.kind === 'crash').length, partitions: schedule.filter((s) => s.fault.kind === 'partition').length },
    rows,
  };
}

function stats(ops: readonly OpResult[]): OpStats {
  const ok = ops.filter((r) => r.ok);
  return {
    attempted: ops.length,
    succeeded: ok.length,
    successRate: ok.length / Math.max(1, ops.length),
    latencyMs: percentilesOf(ok.map((r) => r.endMs - r.startMs)),
  };
}

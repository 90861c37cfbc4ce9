/**
 * Convergence (Dynamo §4.7; notes #27): after faults stop and the network heals, anti-entropy
 * leaves every key's home replicas with the same set of versions within a bounded number of
 * rounds, and further rounds transfer nothing.
 */
import { homeReplicas } from '../core/preference-list.ts';
import type { Key } from '../core/types.ts';
import { versionsEqual } from '../core/versions.ts';
import type { Violation } from './check-types.ts';
import type { ClusterState } from './cluster-state.ts';

/** Every key any node holds has identical sibling sets on all its home replicas. */
export function checkConvergence(state: ClusterState): Violation[] {
  const violations: Violation[] = [];
  const keys = new Set<Key>();
  for (const n of state.nodes) for (const k of n.data.keys()) keys.add(k);
  for (const key of [...keys].sort()) {
    const homes = homeReplicas(state.ring, key, state.config.N);
    const held = homes.map((h) => ({
      node: h,
      versions: state.nodes.find((n) => n.id === h)?.data.get(key) ?? [],
    }));
    const first = held[0];
    if (!first) continue;
    const differ = held.filter((h) => !versionsEqual(h.versions, first.versions));
    if (differ.length === 0) continue;
    const describe = held.map((h) => `${h.node}:${h.versions.length}v`).join(' ');
    violations.push({
      checker: 'convergence',
      key,
      atMs: state.atMs,
      message: `home replicas of ${key} still disagree after the healing phase (${describe})`,
    });
  }
  return violations;
}

/** What moved during the quiet window after convergence: there should be nothing. */
export interface QuietWindow {
  sinceMs: number;
  untilMs: number;
  antiEntropyKeys: number;
  stores: number;
  hintDeliveries: number;
}

export function checkQuiet(window: QuietWindow): Violation[] {
  const moved = window.antiEntropyKeys + window.stores + window.hintDeliveries;
  if (moved === 0) return [];
  return [
    {
      checker: 'convergence',
      atMs: window.sinceMs,
      message: `after convergence, ${window.untilMs - window.sinceMs} ms more of anti-entropy still moved ${window.antiEntropyKeys} keys, changed ${window.stores} objects and delivered ${window.hintDeliveries} hints`,
    },
  ];
}

/**
 * Placement (Dynamo §4.3, §4.9; notes #1, #7, #34): every preference list starts with N distinct
 * physical nodes, and once joins and leaves have completed every key sits on exactly its N home
 * replicas — no copy left behind on a node that is no longer home, and nothing on a departed node.
 */
import { homeReplicas, preferenceList } from '../core/preference-list.ts';
import type { RingState } from '../core/partitioning.ts';
import type { Key } from '../core/types.ts';
import type { Violation } from './check-types.ts';
import type { ClusterState } from './cluster-state.ts';

/** §4.3: the first N entries of each key's list are N distinct nodes, all of them primaries. */
export function checkPreferenceLists(
  ring: RingState,
  N: number,
  keys: readonly Key[],
  atMs?: number,
): Violation[] {
  const violations: Violation[] = [];
  const want = Math.min(N, ring.nodes.length);
  for (const key of keys) {
    const list = preferenceList(ring, key, N);
    const nodes = list.map((e) => e.node);
    const primaries = list.filter((e) => e.role === 'primary').map((e) => e.node);
    const problem =
      new Set(nodes).size !== nodes.length
        ? `repeats a node: ${nodes.join(',')}`
        : primaries.length !== want
          ? `has ${primaries.length} primaries, want ${want}`
          : list.slice(0, want).some((e) => e.role !== 'primary')
            ? `does not start with its primaries: ${nodes.join(',')}`
            : undefined;
    if (problem)
      violations.push({
        checker: 'placement',
        key,
        ...(atMs === undefined ? {} : { atMs }),
        message: `preference list of ${key} ${problem}`,
      });
  }
  return violations;
}

/** After membership settles: no member keeps keys it is not home for, and departed nodes hold nothing. */
export function checkPlacement(state: ClusterState): Violation[] {
  const violations: Violation[] = [];
  const members = new Set(state.ring.nodes.map((n) => n.id));
  for (const node of state.nodes) {
    if (!members.has(node.id)) {
      if (node.status !== 'left') continue;
      if (node.data.size > 0 || node.hints.length > 0) {
        violations.push({
          checker: 'placement',
          node: node.id,
          atMs: state.atMs,
          message: `${node.id} left the ring but still holds ${node.data.size} keys and ${node.hints.length} hints`,
        });
      }
      continue;
    }
    const misplaced = [...node.data.keys()].filter(
      (key) => !homeReplicas(state.ring, key, state.config.N).includes(node.id),
    );
    if (misplaced.length > 0) {
      violations.push({
        checker: 'placement',
        node: node.id,
        key: misplaced[0],
        atMs: state.atMs,
        message: `${node.id} holds ${misplaced.length} keys it is not a home replica of (e.g. ${misplaced.slice(0, 3).join(', ')})`,
      });
    }
  }
  return violations;
}

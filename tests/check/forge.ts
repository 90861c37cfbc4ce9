/** Hand-made cluster states for the checkers' tests: a ring of n1…nS and what each node holds. */
import type { ClusterState, NodeState } from '../../src/check/cluster-state.ts';
import type { Hint } from '../../src/core/effects.ts';
import { defaultNodeConfig } from '../../src/core/node-config.ts';
import { createRing } from '../../src/core/partitioning.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import type { Key, NodeId, Version } from '../../src/core/types.ts';
import { createPrng } from '../../src/sim/prng.ts';

export function version(value: string, node: NodeId, counter: number): Version {
  return {
    value,
    clock: [{ node, counter, timestampMs: counter }],
    writtenAtMs: counter,
    writer: node,
  };
}

export function forgeState(S: number, N = 3): ClusterState {
  const ring = createRing({
    params: { strategy: 3, partitionCount: 16 },
    nodes: Array.from({ length: S }, (_, i) => ({ id: `n${i + 1}` })),
    N,
    prng: createPrng(1, 'ring'),
  });
  const nodes: NodeState[] = ring.nodes.map((n) => ({
    id: n.id,
    status: 'up',
    data: new Map(),
    hints: [],
    membershipDigest: 'd1',
    members: ring.nodes.map((m) => m.id),
  }));
  return { atMs: 1000, ring, config: { ...defaultNodeConfig, N }, nodes };
}

/** Puts `versions` of `key` on each of its home replicas (or on the nodes named). */
export function place(
  state: ClusterState,
  key: Key,
  versions: readonly Version[],
  on?: readonly NodeId[],
): void {
  const where = on ?? homeReplicas(state.ring, key, state.config.N);
  for (const node of state.nodes)
    if (where.includes(node.id)) (node.data as Map<Key, readonly Version[]>).set(key, versions);
}

export function withNode(
  state: ClusterState,
  id: NodeId,
  change: Partial<NodeState>,
): ClusterState {
  return { ...state, nodes: state.nodes.map((n) => (n.id === id ? { ...n, ...change } : n)) };
}

export function hint(key: Key, intendedFor: NodeId): Hint {
  const made = {
    hintId: `${intendedFor}/${key}`,
    key,
    versions: [version('x', 'n1', 1)],
    intendedFor,
    storedAtMs: 0,
    revision: 0,
  };
  return made;
}

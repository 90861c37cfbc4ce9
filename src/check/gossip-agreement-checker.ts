/**
 * Gossip agreement (Dynamo §4.8.1; notes #31): with no new membership changes, every running
 * member's view converges, within a bounded time, to the same membership the administrator set.
 */
import type { Violation } from './check-types.ts';
import { memberStates, type ClusterState } from './cluster-state.ts';

export function checkGossipAgreement(state: ClusterState): Violation[] {
  const members = state.ring.nodes.map((n) => n.id).sort();
  const running = memberStates(state);
  const digests = new Set(running.map((n) => n.membershipDigest));
  const wrong = running.filter(
    (n) => (n.members ?? []).slice().sort().join(',') !== members.join(','),
  );
  if (digests.size <= 1 && wrong.length === 0) return [];
  const views = running
    .map((n) => `${n.id}:${n.membershipDigest ?? '?'}[${(n.members ?? []).length}]`)
    .join(' ');
  return [
    {
      checker: 'gossip-agreement',
      atMs: state.atMs,
      ...(wrong[0] ? { node: wrong[0].id } : {}),
      message: `membership views disagree after the healing phase (${views}); the ring has ${members.join(',')}`,
    },
  ];
}

/**
 * Hints drain (Dynamo §4.6; notes #26, #27): once every node has recovered and can reach every
 * other, each stand-in hands its hinted replicas back and deletes them, so no hint remains.
 */
import type { Violation } from './check-types.ts';
import type { ClusterState } from './cluster-state.ts';

export function checkHintsDrained(state: ClusterState): Violation[] {
  const violations: Violation[] = [];
  for (const node of state.nodes) {
    if (node.hints.length === 0) continue;
    const owners = [...new Set(node.hints.map((h) => h.intendedFor))].sort();
    const first = node.hints[0];
    violations.push({
      checker: 'hint-drain',
      node: node.id,
      atMs: state.atMs,
      ...(first ? { key: first.key } : {}),
      message: `${node.id} still holds ${node.hints.length} hints after recovery, for ${owners.join(',')}`,
    });
  }
  return violations;
}

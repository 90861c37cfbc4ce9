/**
 * The order the views show a cluster's nodes in: the scenario's own order (n1 … n10, not the
 * world's sorted n1, n10, n2 …), then nodes that joined later by name, numbers compared as
 * numbers. The world keeps its own order for the run; this one is only for display.
 */
import type { NodeId } from '../core/types.ts';

const nodeNames = new Intl.Collator('en', { numeric: true });

export function displayOrder(ids: readonly NodeId[], declared: readonly { id: NodeId }[]): NodeId[] {
  const rankOf = new Map(declared.map((n, i) => [n.id, i]));
  const rank = (id: NodeId): number => rankOf.get(id) ?? rankOf.size;
  return [...ids].sort((a, b) => rank(a) - rank(b) || nodeNames.compare(a, b));
}

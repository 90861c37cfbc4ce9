/**
 * The strategy lab's numbers (Dynamo §6.2, Figure 8): the same cluster under each partitioning
 * strategy — load share per node, load-balancing efficiency, membership metadata per node — and,
 * after a join or leave, which ranges changed hands and what fraction of keys moved. Strategy 3
 * takes at most Q nodes; past that its card says why it stopped while the other two go on.
 */
import { positionToFraction } from '../../core/hash.ts';
import { RingConfigError } from '../../core/partitioning.ts';
import type { RingState } from '../../core/partitioning.ts';
import { loadBalancingEfficiency, loadShare, metadataBytesPerNode, movedRanges } from '../../core/ring-metrics.ts';
import type { RangeMovement } from '../../core/ring-metrics.ts';
import type { NodeId, StrategyId } from '../../core/types.ts';
import { rangeSpan } from '../geometry/ring-layout.ts';
import type { ArcSpan } from '../geometry/ring-layout.ts';
import type { ClusterSettings } from '../store/settings-validation.ts';
import { nodeCapacity, nodesAfterChanges, ringAfterChanges } from './cluster-ring.ts';
import type { MembershipChange } from './cluster-ring.ts';
import { ringModel } from './ring-model.ts';
import type { RingModel } from './ring-model.ts';

export interface StrategyOutcome {
  strategy: StrategyId;
  ring: RingState;
  model: RingModel;
  /** The ring before the last change, or null before any change. */
  previous: RingModel | null;
  /** Fraction of the hash space each node coordinates (sums to 1). */
  loadShare: Readonly<Record<NodeId, number>>;
  /** Mean load over the hottest node's load: 1 is perfect balance (§6.2). */
  efficiency: number;
  metadataBytesPerNode: number;
  /** What the last change moved, or null before any change. */
  movement: RangeMovement | null;
  movedSpans: readonly ArcSpan[];
  /** The node of the last change when this ring never held it (it waited off a full ring): nothing moved. */
  neverHeld: NodeId | null;
  /** The node that had waited off the full ring and took the room the last change's node left. */
  admitted: { node: NodeId; inPlaceOf: NodeId } | null;
}

export type StrategyResult = { ok: true; outcome: StrategyOutcome } | { ok: false; strategy: StrategyId; error: string };

/** Why strategy 3 stopped: the cluster has more nodes than its Q partitions. */
function overCapacity(nodeCount: number, partitionCount: number): string {
  const extra = nodeCount - partitionCount;
  return (
    `Q must be at least the number of nodes S=${nodeCount} (got ${partitionCount}): strategy 3 gives every node one or more of its ` +
    `Q equal partitions, so it takes at most ${partitionCount} nodes. Strategies 1 and 2 go on; remove ${extra} node${extra === 1 ? '' : 's'} or raise Q to bring it back.`
  );
}

export function strategyOutcome(settings: ClusterSettings, strategy: StrategyId, changes: readonly MembershipChange[]): StrategyResult {
  const nodeCount = nodesAfterChanges(settings.nodes, changes).length;
  if (nodeCount > nodeCapacity(settings, strategy)) return { ok: false, strategy, error: overCapacity(nodeCount, settings.partitionCount) };
  try {
    const { before, after, admitted } = ringAfterChanges(settings, strategy, changes);
    // The ring is the very same object only when the last change was a node that waited off it.
    const neverHeld = changes.length > 0 && before === after ? (changes.at(-1)?.node ?? null) : null;
    const shares = loadShare(after);
    const movement = changes.length === 0 ? null : movedRanges(before, after, settings.N);
    return {
      ok: true,
      outcome: {
        strategy,
        ring: after,
        model: ringModel(after, settings.N),
        previous: changes.length === 0 ? null : ringModel(before, settings.N),
        loadShare: shares,
        efficiency: loadBalancingEfficiency(after.nodes.map((n) => shares[n.id] ?? 0)),
        metadataBytesPerNode: metadataBytesPerNode(after),
        movement,
        movedSpans: (movement?.ranges ?? []).map((r) => rangeSpan(positionToFraction(r.start), positionToFraction(r.end))),
        neverHeld,
        admitted: admitted === null ? null : { node: admitted, inPlaceOf: changes.at(-1)?.node ?? '' },
      },
    };
  } catch (error) {
    if (error instanceof RingConfigError) return { ok: false, strategy, error: error.message };
    throw error;
  }
}

/** Every node that has been in the lab's cluster, in order of arrival, so colours stay put. */
export function nodesEverSeen(nodes: readonly NodeId[], changes: readonly MembershipChange[]): NodeId[] {
  const seen = [...nodes];
  for (const change of changes) if (change.kind === 'join' && !seen.includes(change.node)) seen.push(change.node);
  return seen;
}

/**
 * The strategy lab's numbers (Dynamo §6.2, Figure 8): the same cluster under each partitioning
 * strategy — load share per node, load-balancing efficiency, membership metadata per node — and,
 * after a join or leave, which ranges changed hands and what fraction of keys moved.
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
import { ringAfterChanges } from './cluster-ring.ts';
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
}

export type StrategyResult = { ok: true; outcome: StrategyOutcome } | { ok: false; strategy: StrategyId; error: string };

export function strategyOutcome(settings: ClusterSettings, strategy: StrategyId, changes: readonly MembershipChange[]): StrategyResult {
  try {
    const { before, after } = ringAfterChanges(settings, strategy, changes);
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

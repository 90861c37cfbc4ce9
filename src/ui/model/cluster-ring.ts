/**
 * The ring the playground draws, as a deterministic function of the settings and the seed
 * (Dynamo §4.2, §6.2): the same settings always give the same tokens, here and in tests.
 *
 * Randomness contract (tests rebuild rings from it): the initial ring draws from the stream
 * `ring` of the seed; the k-th membership change (k = 0, 1, …) of the strategy lab draws from
 * `ring:change:k`, so adding a change never shifts the ring before it. A node that waited off a
 * full ring and gets in when the k-th change, a leave, makes room draws from `ring:change:k:admit`.
 */
import { createRing, joinNode, leaveNode, RingConfigError } from '../../core/partitioning.ts';
import type { RingParams, RingState } from '../../core/partitioning.ts';
import type { NodeId, StrategyId } from '../../core/types.ts';
import { createPrng } from '../../sim/prng.ts';
import type { ClusterSettings, SettingsErrors, SettingsField } from '../store/settings-validation.ts';

export type MembershipChange = { kind: 'join'; node: NodeId } | { kind: 'leave'; node: NodeId };

export function ringParams(settings: ClusterSettings, strategy: StrategyId = settings.strategy): RingParams {
  if (strategy === 1) return { strategy, tokensPerNode: settings.tokensPerNode };
  if (strategy === 2) return { strategy, tokensPerNode: settings.tokensPerNode, partitionCount: settings.partitionCount };
  return { strategy, partitionCount: settings.partitionCount };
}

export function buildRing(settings: ClusterSettings, strategy: StrategyId = settings.strategy): RingState {
  return createRing({
    params: ringParams(settings, strategy),
    nodes: settings.nodes.map((id) => ({ id })),
    N: settings.N,
    prng: createPrng(settings.seed, 'ring'),
  });
}

/** Applies the k-th membership change (§4.8.1 explicit join and leave). */
export function applyChange(ring: RingState, change: MembershipChange, settings: ClusterSettings, k: number): RingState {
  const prng = createPrng(settings.seed, `ring:change:${k}`);
  return change.kind === 'join' ? joinNode(ring, { id: change.node }, settings.N, prng) : leaveNode(ring, change.node, settings.N, prng);
}

/** How many nodes a strategy's ring takes: strategy 3 gives each node one or more of its Q partitions. */
export function nodeCapacity(settings: ClusterSettings, strategy: StrategyId): number {
  return strategy === 3 && settings.partitionCount >= 1 ? settings.partitionCount : Infinity;
}

/**
 * The ring after every change, and the ring just before the last one (for "what moved"). A full
 * ring (§6.2: strategy 3 takes at most Q nodes) leaves a node that arrives waiting off it, in
 * order of arrival; a waiting node that leaves changes nothing, and a node of the ring that
 * leaves makes room for the first one waiting (`admitted`, when the last change did so). So the
 * ring holds every node whenever the cluster has at most Q.
 */
export function ringAfterChanges(
  settings: ClusterSettings,
  strategy: StrategyId,
  changes: readonly MembershipChange[],
): { before: RingState; after: RingState; admitted: NodeId | null } {
  const capacity = nodeCapacity(settings, strategy);
  let waiting = settings.nodes.slice(capacity);
  let before = buildRing({ ...settings, nodes: settings.nodes.slice(0, capacity) }, strategy);
  let after = before;
  let admitted: NodeId | null = null;
  changes.forEach((change, k) => {
    before = after;
    admitted = null;
    if (change.kind === 'join' && after.nodes.length >= capacity) waiting = [...waiting, change.node];
    else if (change.kind === 'leave' && waiting.includes(change.node)) waiting = waiting.filter((node) => node !== change.node);
    else {
      after = applyChange(after, change, settings, k);
      const [first, ...rest] = waiting;
      if (change.kind === 'leave' && first !== undefined) {
        after = joinNode(after, { id: first }, settings.N, createPrng(settings.seed, `ring:change:${k}:admit`));
        [admitted, waiting] = [first, rest];
      }
    }
  });
  return { before, after, admitted };
}

/** The nodes after a list of changes, in the order the palette colours them. */
export function nodesAfterChanges(nodes: readonly NodeId[], changes: readonly MembershipChange[]): NodeId[] {
  let current = [...nodes];
  for (const change of changes) {
    current = change.kind === 'join' ? [...current, change.node] : current.filter((node) => node !== change.node);
  }
  return current;
}

/** The first name n1, n2, … not already taken, for a node joining in the strategy lab. */
export function nextNodeName(taken: readonly NodeId[]): NodeId {
  const used = new Set(taken);
  let k = 1;
  while (used.has(`n${k}`)) k++;
  return `n${k}`;
}

const PARAMETER_FIELDS: Record<string, SettingsField> = {
  tokensPerNode: 'tokensPerNode',
  T: 'tokensPerNode',
  partitionCount: 'partitionCount',
  Q: 'partitionCount',
  N: 'N',
  nodes: 'nodes',
  strategy: 'strategy',
};

/** Builds the ring, turning the core's configuration errors into a message beside the right field. */
export function tryBuildRing(settings: ClusterSettings): { ring?: RingState; errors: SettingsErrors } {
  try {
    return { ring: buildRing(settings), errors: {} };
  } catch (error) {
    if (error instanceof RingConfigError) {
      const field = PARAMETER_FIELDS[error.parameter] ?? 'strategy';
      return { errors: { [field]: error.message } };
    }
    throw error;
  }
}

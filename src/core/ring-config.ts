/**
 * The ring's configuration and its validation (Dynamo §6.2's S, T, Q and §4.3's N): bad input is
 * refused with a RingConfigError naming the parameter, before any ring is built.
 */
import { isPosition } from './hash.ts';
import type { DataCenterId, NodeId, RingPosition, StrategyId, Token } from './types.ts';

export interface RingParams {
  strategy: StrategyId;
  /** T, tokens per node (strategies 1 and 2). */
  tokensPerNode?: number;
  /** Q, equal partitions of the hash space (strategies 2 and 3). */
  partitionCount?: number;
}

export interface NodeInfo {
  id: NodeId;
  dataCenter?: DataCenterId;
}

/** Bad ring configuration; `parameter` names the culprit (`T`, `Q`, `N`, `nodes`, `placement`, …). */
export class RingConfigError extends Error {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(message);
    this.name = 'RingConfigError';
    this.parameter = parameter;
  }
}

export const DEFAULT_TOKENS_PER_NODE = 8;
export const MAX_TOKENS_PER_NODE = 4096;
export const MAX_PARTITION_COUNT = 1 << 20;

/** Q when none is given: at least 256 and at least 4 partitions per node, a power of two. */
export function defaultPartitionCount(nodeCount: number): number {
  let Q = 256;
  while (Q < 4 * nodeCount) Q *= 2;
  return Q;
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

export function validateNodes(nodes: readonly NodeInfo[]): void {
  if (nodes.length === 0)
    throw new RingConfigError('nodes', 'nodes must list at least one node (got none)');
  const seen = new Set<NodeId>();
  for (const node of nodes) {
    if (typeof node.id !== 'string' || node.id === '')
      throw new RingConfigError(
        'nodes',
        `node ids must be non-empty strings (got ${JSON.stringify(node.id)})`,
      );
    if (seen.has(node.id))
      throw new RingConfigError(
        'nodes',
        `node ids must be unique (${JSON.stringify(node.id)} appears twice)`,
      );
    seen.add(node.id);
  }
}

export function validateN(N: number, nodeCount: number): void {
  if (!isPositiveInteger(N))
    throw new RingConfigError('N', `N must be an integer of at least 1 (got ${N})`);
  if (N > nodeCount)
    throw new RingConfigError('N', `N must not exceed the number of nodes ${nodeCount} (got ${N})`);
}

export function normaliseParams(params: RingParams, nodeCount: number): RingParams {
  const { strategy } = params;
  if (strategy !== 1 && strategy !== 2 && strategy !== 3) {
    throw new RingConfigError('strategy', `strategy must be 1, 2 or 3 (got ${String(strategy)})`);
  }
  const result: RingParams = { strategy };
  if (strategy !== 3) {
    const T = params.tokensPerNode ?? DEFAULT_TOKENS_PER_NODE;
    if (!isPositiveInteger(T))
      throw new RingConfigError('T', `T must be an integer of at least 1 (got ${T})`);
    if (T > MAX_TOKENS_PER_NODE)
      throw new RingConfigError('T', `T must be at most ${MAX_TOKENS_PER_NODE} (got ${T})`);
    result.tokensPerNode = T;
  }
  if (strategy !== 1) {
    const Q = params.partitionCount ?? defaultPartitionCount(nodeCount);
    if (!isPositiveInteger(Q))
      throw new RingConfigError('Q', `Q must be a positive integer (got ${Q})`);
    if (Q > MAX_PARTITION_COUNT)
      throw new RingConfigError('Q', `Q must be at most ${MAX_PARTITION_COUNT} (got ${Q})`);
    if (strategy === 3 && Q < nodeCount) {
      throw new RingConfigError(
        'Q',
        `Q must be at least the number of nodes S=${nodeCount} (got ${Q})`,
      );
    }
    result.partitionCount = Q;
  }
  return result;
}

/** Checks pinned positions and returns them as position → node. Strategy 3 pins must be partition ends. */
export function validatePlacement(
  placement: Readonly<Record<NodeId, readonly RingPosition[]>>,
  nodes: readonly NodeInfo[],
  params: RingParams,
  existing: readonly Token[],
  partitionEnds: readonly RingPosition[] | undefined,
): Map<RingPosition, NodeId> {
  const ids = new Set(nodes.map((n) => n.id));
  const taken = new Set(params.strategy === 3 ? [] : existing.map((t) => t.position));
  const pinned = new Map<RingPosition, NodeId>();
  const Q = params.partitionCount ?? 0;
  const ends = params.strategy === 3 ? new Set(partitionEnds) : undefined;
  for (const [node, positions] of Object.entries(placement)) {
    if (!ids.has(node))
      throw new RingConfigError(
        'placement',
        `placement names unknown node ${JSON.stringify(node)}`,
      );
    if (positions.length === 0)
      throw new RingConfigError(
        'placement',
        `placement for ${JSON.stringify(node)} must list at least one position`,
      );
    for (const position of positions) {
      if (!isPosition(position)) {
        throw new RingConfigError(
          'placement',
          `placement for ${JSON.stringify(node)} has a bad position ${JSON.stringify(position)} (need 32 lower-case hex digits)`,
        );
      }
      if (pinned.has(position) || taken.has(position))
        throw new RingConfigError('placement', `placement position ${position} is used twice`);
      if (ends && !ends.has(position)) {
        throw new RingConfigError(
          'placement',
          `strategy 3 tokens sit at partition ends; ${position} is not the end of one of Q=${Q} partitions`,
        );
      }
      pinned.set(position, node);
    }
  }
  return pinned;
}

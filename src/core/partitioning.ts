/**
 * The consistent-hashing ring and the paper's three partitioning strategies (Dynamo §4.2, §6.2).
 *
 *   Strategy 1: T random tokens per node; a partition is the range between two tokens.
 *   Strategy 2: T random tokens per node; Q equal partitions, placed by walking the tokens.
 *   Strategy 3: Q equal partitions; each node holds ~Q/S of them, a token at each partition's end.
 *
 * A ring is plain serialisable data; every change returns a new ring. Ranges are (start, end]:
 * a key belongs to the first token at or after its position, wrapping past the top.
 */
import { RING_SIZE, bigIntToPosition, positionToBigInt, randomPosition } from './hash.ts';
import { claimJoin, claimLeave, claimPartitions } from './partition-claim.ts';
import {
  RingConfigError,
  normaliseParams,
  validateN,
  validateNodes,
  validatePlacement,
} from './ring-config.ts';
import type { NodeInfo, RingParams } from './ring-config.ts';
import type { NodeId, Prng, RingPosition, Token } from './types.ts';

export {
  DEFAULT_TOKENS_PER_NODE,
  MAX_PARTITION_COUNT,
  MAX_TOKENS_PER_NODE,
  RingConfigError,
  defaultPartitionCount,
} from './ring-config.ts';
export type { NodeInfo, RingParams } from './ring-config.ts';

export interface RingState {
  /** Normalised: exactly the parameters the strategy uses, defaults filled in. */
  params: RingParams;
  nodes: readonly NodeInfo[];
  /** Sorted by position; positions are unique. */
  tokens: readonly Token[];
}

export interface Partition {
  index: number;
  /** Exclusive. */
  start: RingPosition;
  /** Inclusive. */
  end: RingPosition;
}

export function createRing(input: {
  params: RingParams;
  nodes: readonly NodeInfo[];
  N: number;
  prng: Prng;
  placement?: Readonly<Record<NodeId, readonly RingPosition[]>>;
}): RingState {
  const { nodes, N, prng, placement = {} } = input;
  validateNodes(nodes);
  validateN(N, nodes.length);
  const params = normaliseParams(input.params, nodes.length);
  const pinned = validatePlacement(placement, nodes, params, [], endsFor(params));
  const copies = nodes.map(copyNode);
  if (params.strategy === 3) {
    const Q = params.partitionCount ?? 0;
    const pinnedPartitions = new Map<number, NodeId>();
    for (const [position, node] of pinned)
      pinnedPartitions.set(partitionIndexForEnd(position, Q), node);
    const owners = claimPartitions(
      copies.map((n) => n.id),
      Q,
      N,
      prng,
      pinnedPartitions,
    );
    return { params, nodes: copies, tokens: tokensFromOwners(owners) };
  }
  const tokens: Token[] = [...pinned].map(([position, node]) => ({ node, position }));
  const taken = new Set(pinned.keys());
  for (const node of copies) {
    if (placement[node.id] === undefined)
      tokens.push(...randomTokens(node.id, params.tokensPerNode ?? 0, prng, taken));
  }
  return { params, nodes: copies, tokens: sortTokens(tokens) };
}

export function joinNode(
  ring: RingState,
  node: NodeInfo,
  N: number,
  prng: Prng,
  placement?: readonly RingPosition[],
): RingState {
  if (ring.nodes.some((n) => n.id === node.id)) {
    throw new RingConfigError('node', `node ${JSON.stringify(node.id)} is already on the ring`);
  }
  const nodes = [...ring.nodes, copyNode(node)];
  validateNodes(nodes);
  validateN(N, nodes.length);
  const params = ring.params;
  const pinned = validatePlacement(
    placement ? { [node.id]: placement } : {},
    nodes,
    params,
    placement ? ring.tokens : [],
    endsFor(params),
  );
  if (params.strategy === 3) {
    const Q = params.partitionCount ?? 0;
    if (Q < nodes.length)
      throw new RingConfigError(
        'Q',
        `Q must be at least the number of nodes S=${nodes.length} (got ${Q})`,
      );
    const pins = [...pinned.keys()].map((position) => partitionIndexForEnd(position, Q));
    return {
      params,
      nodes,
      tokens: tokensFromOwners(claimJoin(ownersFromTokens(ring), node.id, N, prng, pins)),
    };
  }
  const onRing = (position: RingPosition): boolean =>
    ring.tokens[ownerTokenIndex(ring, position)]?.position === position;
  const added = placement
    ? placement.map((position) => ({ node: node.id, position }))
    : randomTokens(node.id, params.tokensPerNode ?? 0, prng, new Set(), onRing);
  return { params, nodes, tokens: mergeSorted(ring.tokens, sortTokens(added)) };
}

export function leaveNode(ring: RingState, nodeId: NodeId, N: number, prng: Prng): RingState {
  if (!ring.nodes.some((n) => n.id === nodeId)) {
    throw new RingConfigError('nodeId', `node ${JSON.stringify(nodeId)} is not on the ring`);
  }
  const nodes = ring.nodes.filter((n) => n.id !== nodeId);
  if (nodes.length < N || nodes.length === 0) {
    throw new RingConfigError(
      'N',
      `node ${JSON.stringify(nodeId)} cannot leave: N=${N} needs at least ${N} nodes and ${ring.nodes.length - 1} would remain`,
    );
  }
  validateN(N, nodes.length);
  if (ring.params.strategy === 3) {
    const owners = claimLeave(
      ownersFromTokens(ring),
      nodeId,
      nodes.map((n) => n.id),
      N,
      prng,
    );
    return { params: ring.params, nodes, tokens: tokensFromOwners(owners) };
  }
  return { params: ring.params, nodes, tokens: ring.tokens.filter((t) => t.node !== nodeId) };
}

/** Index of the first token whose position is >= `position`, wrapping to 0 past the last token. */
export function ownerTokenIndex(ring: RingState, position: RingPosition): number {
  const tokens = ring.tokens;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid]?.position ?? '') < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === tokens.length ? 0 : lo;
}

const partitionCache = new WeakMap<RingState, readonly Partition[]>();

/** Strategy 1: one range per token (index i ends at token i). Strategies 2 and 3: Q equal ranges. */
export function partitions(ring: RingState): readonly Partition[] {
  const cached = partitionCache.get(ring);
  if (cached) return cached;
  const ends =
    ring.params.strategy === 1
      ? ring.tokens.map((t) => t.position)
      : partitionEnds(ring.params.partitionCount ?? 0);
  const result = ends.map((end, index) => ({
    index,
    start: ends[(index + ends.length - 1) % ends.length] ?? end,
    end,
  }));
  partitionCache.set(ring, result);
  return result;
}

/** Q → position → partition index: every request asks for its key's partition (BigInt arithmetic). */
const indexCache = new Map<number, Map<RingPosition, number>>();
const INDEX_CACHE_LIMIT = 1 << 17;

export function partitionIndexOf(ring: RingState, position: RingPosition): number {
  if (ring.params.strategy === 1) return ownerTokenIndex(ring, position);
  const Q = ring.params.partitionCount ?? 0;
  let byPosition = indexCache.get(Q);
  if (!byPosition) indexCache.set(Q, (byPosition = new Map<RingPosition, number>()));
  const cached = byPosition.get(position);
  if (cached !== undefined) return cached;
  const index = partitionIndexForEnd(position, Q);
  if (byPosition.size >= INDEX_CACHE_LIMIT) byPosition.clear();
  byPosition.set(position, index);
  return index;
}

/** Number of partitions: tokens for strategy 1, Q otherwise. */
export function partitionCountOf(ring: RingState): number {
  return ring.params.strategy === 1 ? ring.tokens.length : (ring.params.partitionCount ?? 0);
}

const endsCache = new Map<number, readonly RingPosition[]>();

/** The end of each of Q equal partitions; the last one ends at position 0 (2^128 wrapped). */
export function partitionEnds(Q: number): readonly RingPosition[] {
  const cached = endsCache.get(Q);
  if (cached) return cached;
  const q = BigInt(Q);
  const ends = Array.from({ length: Q }, (_, i) =>
    bigIntToPosition((BigInt(i + 1) * RING_SIZE) / q),
  );
  if (endsCache.size > 8) endsCache.clear();
  endsCache.set(Q, ends);
  return ends;
}

function endsFor(params: RingParams): readonly RingPosition[] | undefined {
  return params.strategy === 3 ? partitionEnds(params.partitionCount ?? 0) : undefined;
}

// Partition i is (floor(iR/Q), floor((i+1)R/Q)]; position 0 is the top of the last one. Without
// BigInt where the limbs allow it; a position the limbs refuse (malformed, or Q too large) takes
// the BigInt formula, which also rejects what is malformed.
function partitionIndexForEnd(position: RingPosition, Q: number): number {
  const fast = partitionIndexInLimbs(position, Q);
  if (fast !== undefined) return fast;
  const p = positionToBigInt(position);
  return p === 0n ? Q - 1 : Number((p * BigInt(Q) - 1n) / RING_SIZE);
}

/** Q below this keeps every limb product (16 bits × Q, plus a carry below Q) exact in a double. */
const LIMB_Q_LIMIT = 2 ** 36;

/**
 * `partitionIndexForEnd` without BigInt, for the first request of every key: the position's
 * sixteen-bit limbs times Q, lowest first, leave floor(p·Q / 2^128) in the carry, and p·Q − 1
 * falls one lower exactly when the low 128 bits are all zero. Undefined for a malformed position
 * or an unusual Q, which take the BigInt path (and its errors).
 */
function partitionIndexInLimbs(position: RingPosition, Q: number): number | undefined {
  if (position.length !== 32 || !Number.isInteger(Q) || Q < 1 || Q >= LIMB_Q_LIMIT) return undefined;
  let carry = 0;
  let lowBitsZero = true;
  let positionZero = true;
  for (let end = 32; end > 0; end -= 4) {
    let limb = 0;
    for (let i = end - 4; i < end; i++) {
      const c = position.charCodeAt(i);
      const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
      if (digit < 0) return undefined;
      limb = limb * 16 + digit;
    }
    if (limb !== 0) positionZero = false;
    const product = limb * Q + carry;
    carry = Math.floor(product / 65536);
    if (product - carry * 65536 !== 0) lowBitsZero = false;
  }
  if (positionZero) return Q - 1;
  return lowBitsZero ? carry - 1 : carry;
}

/** Strategy 3 tokens sit at partition ends; sorted, the last partition's end (position 0) comes first. */
function tokensFromOwners(owners: readonly NodeId[]): Token[] {
  const ends = partitionEnds(owners.length);
  const last = owners.length - 1;
  return owners.map((_, k) => {
    const i = k === 0 ? last : k - 1;
    return { node: owners[i] ?? '', position: ends[i] ?? '' };
  });
}

function ownersFromTokens(ring: RingState): NodeId[] {
  const tokens = ring.tokens;
  return tokens.map((_, i) => tokens[i === tokens.length - 1 ? 0 : i + 1]?.node ?? '');
}

function randomTokens(
  node: NodeId,
  T: number,
  prng: Prng,
  taken: Set<RingPosition>,
  onRing = (_: RingPosition) => false,
): Token[] {
  const tokens: Token[] = [];
  while (tokens.length < T) {
    const position = randomPosition(prng);
    if (taken.has(position) || onRing(position)) continue;
    taken.add(position);
    tokens.push({ node, position });
  }
  return tokens;
}

function sortTokens(tokens: Token[]): Token[] {
  return tokens.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}

/** Joining adds few tokens to many: merge instead of re-sorting the whole ring. */
function mergeSorted(a: readonly Token[], b: readonly Token[]): Token[] {
  const merged: Token[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.position < y.position)) {
      merged.push(x as Token);
      i++;
    } else {
      merged.push(y);
      j++;
    }
  }
  return merged;
}

function copyNode(node: NodeInfo): NodeInfo {
  return node.dataCenter === undefined
    ? { id: node.id }
    : { id: node.id, dataCenter: node.dataCenter };
}

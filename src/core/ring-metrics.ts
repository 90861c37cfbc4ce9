/**
 * Measurements of a ring: load share, membership metadata, load-balancing efficiency and the key
 * ranges that move when membership changes (Dynamo §4.2, §6.2, Figure 8).
 *
 * Shares are fractions of the hash space computed exactly with 128-bit integers and only turned
 * into floats at the end.
 */
import { RING_SIZE } from './hash.ts';
import { partitionEnds } from './partitioning.ts';
import type { RingState } from './partitioning.ts';
import { distinctNodesFrom, homeReplicasAt, partitionWalkStart } from './preference-list.ts';
import type { NodeId, RingPosition } from './types.ts';

/** A stretch (start, end] of the hash space whose N home replicas differ between two rings. */
export interface MovedRange {
  start: RingPosition;
  end: RingPosition;
  fromNodes: readonly NodeId[];
  toNodes: readonly NodeId[];
}

export interface RangeMovement {
  ranges: readonly MovedRange[];
  /** Fraction of the hash space, hence of uniformly hashed keys, whose replica set changed. */
  movedFraction: number;
}

/** Bytes to store one ring position: 128 bits. */
export const POSITION_BYTES = 16;

/**
 * Fraction of the hash space each node is the first owner (coordinator) of: strategy 1 by token
 * range, strategies 2 and 3 by partition. Sums to 1.
 */
export function loadShare(ring: RingState): Record<NodeId, number> {
  return sharesOf(ring, 1);
}

/** Fraction of the hash space each node holds as any of the N home replicas. Sums to N. */
export function replicaLoadShare(ring: RingState, N: number): Record<NodeId, number> {
  homeReplicasAt(ring, '0'.repeat(32), N); // validates N against the ring
  return sharesOf(ring, N);
}

/**
 * Membership information each node keeps, in bytes (§6.2, Figure 8's "abstract units"):
 *   strategies 1 and 2: every node's id and all of its token positions (16 bytes each), so it grows
 *     with S·T, as the paper notes for strategy 1;
 *   strategy 3: every node's id and the partition → node table, one node index per partition
 *     (⌈log2 S / 8⌉ bytes, at least 1), since partition boundaries follow from Q alone.
 * Node ids count at their UTF-8 length.
 */
export function metadataBytesPerNode(ring: RingState): number {
  const encoder = new TextEncoder();
  const idBytes = ring.nodes.reduce((sum, node) => sum + encoder.encode(node.id).length, 0);
  if (ring.params.strategy !== 3) return idBytes + ring.tokens.length * POSITION_BYTES;
  const indexBytes = Math.max(1, Math.ceil(Math.log2(ring.nodes.length) / 8));
  return idBytes + (ring.params.partitionCount ?? 0) * indexBytes;
}

/** §6.2: "the ratio of average number of requests served by each node to the maximum number of requests served by the hottest node". */
export function loadBalancingEfficiency(loads: readonly number[]): number {
  if (loads.length === 0)
    throw new RangeError('loads must hold at least one node’s load (got none)');
  if (loads.some((load) => !Number.isFinite(load) || load < 0)) {
    throw new RangeError(`loads must be finite and non-negative (got ${loads.join(', ')})`);
  }
  const max = Math.max(...loads);
  if (max === 0) return 1; // nobody is loaded, so nobody is hotter than the mean
  return loads.reduce((a, b) => a + b, 0) / loads.length / max;
}

/**
 * The ranges whose home replica set (as a set) differs between two rings, e.g. before and after a
 * join: exactly the keys that must be handed off. The replica set is constant between consecutive
 * boundaries of either ring, so both rings' boundaries cut the space into comparable pieces.
 */
export function movedRanges(before: RingState, after: RingState, N: number): RangeMovement {
  const cuts = [...new Set([...boundaries(before), ...boundaries(after)])].sort();
  const sizes = spans(cuts);
  const ranges: MovedRange[] = [];
  let moved = 0n;
  cuts.forEach((end, k) => {
    const start = cuts[(k + cuts.length - 1) % cuts.length] ?? end;
    const fromNodes = homeReplicasAt(before, end, N);
    const toNodes = homeReplicasAt(after, end, N);
    if (sameSet(fromNodes, toNodes)) return;
    moved += sizes[k] ?? 0n;
    const previous = ranges[ranges.length - 1];
    if (
      previous &&
      previous.end === start &&
      sameList(previous.fromNodes, fromNodes) &&
      sameList(previous.toNodes, toNodes)
    ) {
      previous.end = end;
    } else {
      ranges.push({ start, end, fromNodes, toNodes });
    }
  });
  return { ranges, movedFraction: toFraction(moved) };
}

/** Adds each range's size to the first `replicas` distinct nodes walking from it. */
function sharesOf(ring: RingState, replicas: number): Record<NodeId, number> {
  const totals = new Map<NodeId, bigint>(ring.nodes.map((n) => [n.id, 0n]));
  const cuts = boundaries(ring);
  const sizes = spans(cuts);
  cuts.forEach((_, i) => {
    const walkStart = ring.params.strategy === 1 ? i : partitionWalkStart(ring, i);
    const size = sizes[i] ?? 0n;
    for (const node of distinctNodesFrom(ring, walkStart, replicas))
      totals.set(node, (totals.get(node) ?? 0n) + size);
  });
  return Object.fromEntries([...totals].map(([node, total]) => [node, toFraction(total)]));
}

function boundaries(ring: RingState): readonly RingPosition[] {
  return ring.params.strategy === 1
    ? ring.tokens.map((t) => t.position)
    : partitionEnds(ring.params.partitionCount ?? 0);
}

/** Size of each range (previous cut, cut]; a lone cut's range is the whole ring. */
function spans(cuts: readonly RingPosition[]): bigint[] {
  if (cuts.length === 1) return [RING_SIZE];
  // Cuts are already validated ring positions, so skip positionToBigInt's per-call check.
  const values = cuts.map((cut) => BigInt(`0x${cut}`));
  const last = values[values.length - 1] ?? 0n;
  return values.map((value, i) => (value - (values[i - 1] ?? last) + RING_SIZE) % RING_SIZE);
}

function toFraction(size: bigint): number {
  return Number(size) / Number(RING_SIZE);
}

function sameSet(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.length === b.length && a.every((node) => b.includes(node));
}

function sameList(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}

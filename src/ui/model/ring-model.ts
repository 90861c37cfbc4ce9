/**
 * A ring prepared for drawing (Dynamo §4.2–4.3): every token and range with its angle, each
 * range's N home replicas, and a key's walk to its preference list. Built once per ring so that
 * hovering and highlighting are lookups, not recomputation.
 */
import { positionToFraction, ringPosition } from '../../core/hash.ts';
import { partitionIndexOf, partitions } from '../../core/partitioning.ts';
import type { RingState } from '../../core/partitioning.ts';
import { homeReplicasAt, preferenceList, walkStartIndex } from '../../core/preference-list.ts';
import type { Key, NodeId, PreferenceList, RingPosition } from '../../core/types.ts';
import { fractionToAngle, rangeSpan, TAU } from '../geometry/ring-layout.ts';
import type { ArcSpan } from '../geometry/ring-layout.ts';

export interface DrawnToken {
  position: RingPosition;
  node: NodeId;
  angle: number;
}

export interface DrawnRange {
  index: number;
  start: RingPosition;
  end: RingPosition;
  span: ArcSpan;
  /** The N nodes that hold this range; the first is its coordinator. */
  replicas: readonly NodeId[];
}

export interface RingModel {
  ring: RingState;
  N: number;
  tokens: readonly DrawnToken[];
  /** Token angles, ascending (tokens are sorted by position). */
  tokenAngles: Float64Array;
  ranges: readonly DrawnRange[];
  /** Range end angles, ascending; the range ending at position 0 counts as ending at 2π. */
  rangeEndAngles: Float64Array;
}

export function ringModel(ring: RingState, N: number): RingModel {
  const tokens = ring.tokens.map((t) => ({ position: t.position, node: t.node, angle: fractionToAngle(positionToFraction(t.position)) }));
  const ranges = partitions(ring).map((p) => ({
    index: p.index,
    start: p.start,
    end: p.end,
    span: rangeSpan(positionToFraction(p.start), positionToFraction(p.end)),
    replicas: homeReplicasAt(ring, p.end, N),
  }));
  const rangeEndAngles = Float64Array.from(ranges, (r, i) => {
    const angle = fractionToAngle(positionToFraction(r.end));
    return i === ranges.length - 1 && angle === 0 ? TAU : angle;
  });
  return { ring, N, tokens, tokenAngles: Float64Array.from(tokens, (t) => t.angle), ranges, rangeEndAngles };
}

export interface NodeHoldings {
  /** Ranges the node coordinates: it is first among the range's replicas. */
  primary: number;
  /** Ranges it holds as one of the other N - 1 replicas. */
  replica: number;
  tokens: number;
}

export function holdingsOf(model: RingModel, node: NodeId): NodeHoldings {
  let primary = 0;
  let replica = 0;
  for (const range of model.ranges) {
    const at = range.replicas.indexOf(node);
    if (at === 0) primary++;
    else if (at > 0) replica++;
  }
  return { primary, replica, tokens: model.tokens.filter((t) => t.node === node).length };
}

export interface KeyWalk {
  key: Key;
  position: RingPosition;
  angle: number;
  preferenceList: PreferenceList;
  /** Index of the range holding the key. */
  rangeIndex: number;
  /** For each preference-list entry, the token where the clockwise walk first meets its node. */
  stops: readonly { node: NodeId; role: 'primary' | 'fallback'; tokenIndex: number; angle: number }[];
  /** The arc walked from the key to the last primary's token (§4.3 Fig 2: B, C, D for key K). */
  walkSpan: ArcSpan;
}

/** Where a key lands and how its preference list is found by walking the ring clockwise. */
export function keyWalk(model: RingModel, key: Key): KeyWalk {
  const { ring, N, tokens } = model;
  const position = ringPosition(key);
  const angle = fractionToAngle(positionToFraction(position));
  const list = preferenceList(ring, key, N);
  const start = walkStartIndex(ring, position);
  const firstToken = new Map<NodeId, number>();
  for (let step = 0; step < tokens.length && firstToken.size < list.length; step++) {
    const index = (start + step) % tokens.length;
    const node = tokens[index]?.node;
    if (node !== undefined && !firstToken.has(node)) firstToken.set(node, index);
  }
  const stops = list.map((entry) => {
    const tokenIndex = firstToken.get(entry.node) ?? start;
    return { node: entry.node, role: entry.role, tokenIndex, angle: tokens[tokenIndex]?.angle ?? angle };
  });
  const lastPrimary = stops.filter((s) => s.role === 'primary').at(-1);
  let walkEnd = lastPrimary?.angle ?? angle;
  if (walkEnd < angle) walkEnd += TAU;
  const rangeIndex = partitionIndexOf(ring, position);
  return { key, position, angle, preferenceList: list, rangeIndex, stops, walkSpan: { startAngle: angle, endAngle: walkEnd } };
}

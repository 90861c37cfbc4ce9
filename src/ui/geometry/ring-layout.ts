/**
 * Geometry of the consistent-hashing ring as drawn (Dynamo §4.2, Fig 2 and Fig 7): angles of
 * positions, arcs of ranges, and hit-testing a pointer against thousands of tokens.
 *
 * Angles are radians measured clockwise from 12 o'clock, the convention of d3-shape's arc, so a
 * position's fraction f of the hash space sits at angle 2πf. Pure functions: no DOM.
 *
 *            0 (position 00…0)
 *               .--.
 *        3π/2  (    )  π/2      walking clockwise = walking up the hash space
 *               '--'
 *                π
 */
import { arc } from 'd3';

export const TAU = 2 * Math.PI;

export interface Point {
  x: number;
  y: number;
}

/** A range of the ring from startAngle to endAngle (clockwise); endAngle may exceed 2π when it wraps. */
export interface ArcSpan {
  startAngle: number;
  endAngle: number;
}

export function fractionToAngle(fraction: number): number {
  return fraction * TAU;
}

/** Normalises any angle into [0, 2π). */
export function normaliseAngle(angle: number): number {
  const a = angle % TAU;
  return a < 0 ? a + TAU : a;
}

export function pointAt(angle: number, radius: number, center: Point = { x: 0, y: 0 }): Point {
  return { x: center.x + radius * Math.sin(angle), y: center.y - radius * Math.cos(angle) };
}

/** The ring angle of a point (inverse of `pointAt`), in [0, 2π). */
export function angleOf(point: Point, center: Point = { x: 0, y: 0 }): number {
  return normaliseAngle(Math.atan2(point.x - center.x, center.y - point.y));
}

export function distanceFrom(point: Point, center: Point = { x: 0, y: 0 }): number {
  return Math.hypot(point.x - center.x, point.y - center.y);
}

/**
 * The arc of a range (start exclusive, end inclusive) given as fractions of the ring. A range whose
 * end is not after its start wraps through position 0; a range from a point to itself is the whole
 * ring (one token alone owns everything).
 */
export function rangeSpan(startFraction: number, endFraction: number): ArcSpan {
  const startAngle = fractionToAngle(startFraction);
  let endAngle = fractionToAngle(endFraction);
  if (endAngle <= startAngle) endAngle += TAU;
  return { startAngle, endAngle };
}

/** The clockwise angular distance from `from` to `to`, in [0, 2π). */
export function clockwiseDistance(from: number, to: number): number {
  return normaliseAngle(to - from);
}

/**
 * Index of the first sorted angle ≥ `angle`, wrapping to 0 past the last: the token (or range
 * end) a clockwise walk from `angle` meets first, as in §4.2's "walking the ring clockwise".
 */
export function firstAtOrAfter(sortedAngles: ArrayLike<number>, angle: number): number {
  const n = sortedAngles.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sortedAngles[mid] as number) < angle) lo = mid + 1;
    else hi = mid;
  }
  return lo === n ? 0 : lo;
}

/** Index of the sorted angle nearest to `angle` on the circle (wrap-aware); -1 when empty. */
export function nearestAngleIndex(sortedAngles: ArrayLike<number>, angle: number): number {
  const n = sortedAngles.length;
  if (n === 0) return -1;
  const after = firstAtOrAfter(sortedAngles, angle);
  const before = (after - 1 + n) % n;
  const dAfter = clockwiseDistance(angle, sortedAngles[after] as number);
  const dBefore = clockwiseDistance(sortedAngles[before] as number, angle);
  return dBefore < dAfter ? before : after;
}

export interface RingHit {
  kind: 'token' | 'range';
  /** Token index (into the sorted tokens) or range index (into the sorted ranges). */
  index: number;
}

export interface HitTestInput {
  /** Token angles in ascending order. */
  tokenAngles: ArrayLike<number>;
  /** End angles of the ranges in ascending order (a range owns (previous end, its end]). */
  rangeEndAngles: ArrayLike<number>;
  center: Point;
  innerRadius: number;
  outerRadius: number;
  /** How close, in pixels along the circle, the pointer must be to a token to hit it. */
  tokenSlopPx: number;
}

/**
 * What the pointer is over: a token when one lies within `tokenSlopPx` along the ring, otherwise
 * the range under it, or null off the band. O(log tokens), so 16,384 tokens hover smoothly.
 */
export function hitTest(pointer: Point, input: HitTestInput): RingHit | null {
  const r = distanceFrom(pointer, input.center);
  if (r < input.innerRadius || r > input.outerRadius) return null;
  const angle = angleOf(pointer, input.center);
  const token = nearestAngleIndex(input.tokenAngles, angle);
  if (token >= 0) {
    const tokenAngle = input.tokenAngles[token] as number;
    const gap = Math.min(clockwiseDistance(angle, tokenAngle), clockwiseDistance(tokenAngle, angle));
    if (gap * r <= input.tokenSlopPx) return { kind: 'token', index: token };
  }
  const range = rangeIndexAt(input.rangeEndAngles, angle);
  return range >= 0 ? { kind: 'range', index: range } : null;
}

/** The range (start, end] holding `angle`: the first range end at or after it, wrapping. */
export function rangeIndexAt(sortedEndAngles: ArrayLike<number>, angle: number): number {
  return firstAtOrAfter(sortedEndAngles, angle);
}

/** SVG path data of an annular sector; empty for a degenerate span. */
export function arcPath(span: ArcSpan, innerRadius: number, outerRadius: number, padAngle = 0): string {
  const path = arc<ArcSpan>()
    .innerRadius(innerRadius)
    .outerRadius(outerRadius)
    .padAngle(padAngle)
    .startAngle((d) => d.startAngle)
    .endAngle((d) => d.endAngle);
  return path(span) ?? '';
}

/** Where to put a label outside the ring at `angle`, and which way its text should anchor. */
export function labelPlacement(angle: number, radius: number, center: Point): Point & { anchor: 'start' | 'middle' | 'end' } {
  const p = pointAt(angle, radius, center);
  const s = Math.sin(angle);
  const anchor = Math.abs(s) < 0.2 ? 'middle' : s > 0 ? 'start' : 'end';
  return { ...p, anchor };
}

/** Ring radii for a square of `size` pixels leaving `margin` for labels. */
export function ringRadii(size: number, margin: number): { outer: number; inner: number; token: number } {
  const outer = Math.max(10, size / 2 - margin);
  return { outer, inner: outer * 0.78, token: outer * 1.06 };
}

/** A label to place outside the ring: where its token is, and its text. */
export interface RingLabel {
  angle: number;
  text: string;
}

/** A radial line drawn over the label ring (a key's marker), from `fromRadius` out to `toRadius`. */
export interface RadialLine {
  angle: number;
  fromRadius: number;
  toRadius: number;
}

/** Where a label goes: which of the labels, and at what radius (its own row, or one further out). */
export interface LabelPlacement {
  index: number;
  radius: number;
}

export interface LabelOptions {
  charPx?: number;
  lineHeightPx?: number;
  paddingPx?: number;
  /** Labels placed before the rest (a key's preference list), each written if at all possible. */
  first?: ReadonlySet<number>;
  /** Lines the other labels give way to (a key's marker). */
  avoid?: readonly RadialLine[];
  /** Boxes no label may cover (the key's own name). */
  obstacles?: readonly Box[];
  /** How far out a `first` label may move, in steps of 8 px, when its own place is taken; 0: never. */
  moveOutPx?: number;
}

/**
 * Which labels to write at `radius` so that no two boxes overlap, each box as `labelPlacement`
 * anchors it (about `charPx` per character, `lineHeightPx` tall). Labels in `first` are placed
 * before the rest (a key's preference list), then the others clockwise. Random tokens (strategies
 * 1 and 2) cluster, and names written over each other ("n4n2") help no one. A label other than
 * the `first` ones also gives way to any line in `avoid`: a name the key's marker runs through
 * reads as the key's own token.
 */
export function nonOverlappingLabels(labels: readonly RingLabel[], radius: number, options: LabelOptions = {}): number[] {
  return placeLabels(labels, radius, options).map((p) => p.index);
}

/**
 * As `nonOverlappingLabels`, with where each goes: a `first` label whose place is taken (two of a
 * key's home replicas side by side) moves out, up to `moveOutPx`, rather than vanish.
 */
export function placeLabels(labels: readonly RingLabel[], radius: number, options: LabelOptions = {}): LabelPlacement[] {
  const { charPx = 8.5, lineHeightPx = 16, paddingPx = 2, first = new Set<number>(), avoid = [], obstacles = [], moveOutPx = 0 } = options;
  const boxes: Box[] = [...obstacles];
  const chosen: LabelPlacement[] = [];
  const order = [...first].filter((i) => i >= 0 && i < labels.length);
  for (let i = 0; i < labels.length; i++) if (!first.has(i)) order.push(i);
  const free = (box: Box) => !boxes.some((b) => b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom);
  for (const i of order) {
    const label = labels[i] as RingLabel;
    const isFirst = first.has(i);
    const rows = [radius];
    if (isFirst) for (let out = MOVE_OUT_STEP_PX; out <= moveOutPx; out += MOVE_OUT_STEP_PX) rows.push(radius + out);
    for (const r of rows) {
      const box = labelBox(label.angle, r, label.text, { charPx, lineHeightPx, paddingPx });
      if (!free(box)) continue;
      if (!isFirst && avoid.some((line) => crosses(line, box))) continue;
      boxes.push(box);
      chosen.push({ index: i, radius: r });
      break;
    }
  }
  return chosen.sort((a, b) => a.index - b.index);
}

const MOVE_OUT_STEP_PX = 8;

/**
 * The box a label outside the ring covers, anchored as `labelPlacement` anchors it: about `charPx`
 * per character, `lineHeightPx` tall, `paddingPx` around.
 */
export function labelBox(
  angle: number,
  radius: number,
  text: string,
  { charPx = 8.5, lineHeightPx = 16, paddingPx = 2 }: { charPx?: number; lineHeightPx?: number; paddingPx?: number } = {},
): Box {
  const at = labelPlacement(angle, radius, { x: 0, y: 0 });
  const width = text.length * charPx;
  const left = at.anchor === 'start' ? at.x : at.anchor === 'end' ? at.x - width : at.x - width / 2;
  return {
    left: left - paddingPx,
    right: left + width + paddingPx,
    top: at.y - lineHeightPx / 2 - paddingPx,
    bottom: at.y + lineHeightPx / 2 + paddingPx,
  };
}

/** A label's box on the page, px from the ring's centre. */
export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Whether a radial line passes through a box (the segment clipped to it, Liang–Barsky). */
function crosses(line: RadialLine, box: Box): boolean {
  const a = pointAt(line.angle, line.fromRadius);
  const b = pointAt(line.angle, line.toRadius);
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a.x - box.left],
    [dx, box.right - a.x],
    [-dy, a.y - box.top],
    [dy, box.bottom - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

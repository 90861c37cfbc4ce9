/**
 * Geometry of the space-time diagram (Dynamo §4.5–4.7 traffic over time): one horizontal lane per
 * node and one for the clients, virtual time left to right, each message a line from its send on the
 * sender's lane to its delivery on the receiver's. Pure functions, so tests can check where things land.
 *
 *   n1 ──●────────────▶──────
 *   n2 ───\──────▲──────────
 *   c* ────▶────/──── [put cart]
 */
import { scaleLinear } from 'd3';
import type { MessageArrow, OperationSpan } from './message-log.ts';

/** The lane every client endpoint shares. */
export const CLIENT_LANE = 'clients';

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

export interface SpaceTimeFrame {
  width: number;
  height: number;
  /** Room for the lane labels on the left. */
  gutterPx: number;
  /** Room for the time axis at the top. */
  axisPx: number;
  /** Room below the client lane for operation bars. */
  operationBandPx: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface DrawnArrow {
  arrow: MessageArrow;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The line stops at "now": the message has not arrived yet. */
  cutAtNow: boolean;
}

export interface DrawnOperation {
  op: OperationSpan;
  x1: number;
  x2: number;
  y: number;
}

/** Lane ids top to bottom: the nodes in the order given, then the clients. */
export function laneIds(nodes: readonly string[]): string[] {
  return [...nodes, CLIENT_LANE];
}

/** The lane an endpoint draws on: its own if it is a node, else the shared client lane. */
export function laneOf(endpoint: string, nodes: ReadonlySet<string>): string {
  return nodes.has(endpoint) ? endpoint : CLIENT_LANE;
}

/** Air between the axis and the first lane, and between the client lane and the operation band. */
const LANE_TOP_PAD_PX = 14;
const LANE_BOTTOM_PAD_PX = 8;

/** Vertical centre of each lane, evenly spaced in the frame below the axis. */
export function laneYs(lanes: readonly string[], frame: SpaceTimeFrame): Map<string, number> {
  const top = frame.axisPx + LANE_TOP_PAD_PX;
  const bottom = frame.height - frame.operationBandPx - LANE_BOTTOM_PAD_PX;
  const step = lanes.length > 1 ? (bottom - top) / (lanes.length - 1) : 0;
  return new Map(lanes.map((lane, i) => [lane, lanes.length > 1 ? top + i * step : (top + bottom) / 2]));
}

/** The closest two lanes may be for their labels, `fontPx` high, to read apart: a line of type and a little air. */
export function lanePitchPx(fontPx: number): number {
  return Math.ceil(fontPx * 1.35);
}

/**
 * How tall the lanes' drawing is: the view's own height while every lane gets `pitchPx` in it,
 * else what the lanes need at that pitch (many nodes), and the view scrolls through it.
 */
export function lanesHeight(laneCount: number, frame: Pick<SpaceTimeFrame, 'axisPx' | 'operationBandPx'>, viewHeight: number, pitchPx: number): number {
  const needed = frame.axisPx + LANE_TOP_PAD_PX + Math.max(0, laneCount - 1) * pitchPx + LANE_BOTTOM_PAD_PX + frame.operationBandPx;
  return Math.max(viewHeight, Math.ceil(needed));
}

/**
 * The arrows that cross the rows `topPx`–`bottomPx` of the drawing (the part scrolled into view),
 * with `slackPx` for heads and crosses: only these need painting.
 */
export function arrowsInBand(drawn: readonly DrawnArrow[], topPx: number, bottomPx: number, slackPx = 8): DrawnArrow[] {
  return drawn.filter((d) => Math.max(d.y1, d.y2) >= topPx - slackPx && Math.min(d.y1, d.y2) <= bottomPx + slackPx);
}

export function timeScale(window: TimeWindow, frame: SpaceTimeFrame) {
  return scaleLinear().domain([window.startMs, window.endMs]).range([frame.gutterPx, frame.width - 12]);
}

/**
 * The arrows that cross the window, clipped to "now" where a message is still on its way. A message
 * whose delivery time is unknown is drawn up to now, at the slope a 1 ms trip would have.
 */
export function layoutArrows(
  arrows: readonly MessageArrow[],
  nodes: readonly string[],
  window: TimeWindow,
  nowMs: number,
  frame: SpaceTimeFrame,
): DrawnArrow[] {
  const nodeSet = new Set(nodes);
  const ys = laneYs(laneIds(nodes), frame);
  const x = timeScale(window, frame);
  const out: DrawnArrow[] = [];
  for (const arrow of arrows) {
    if (arrow.sentAtMs > window.endMs) continue;
    const dueMs = arrow.endAtMs ?? nowMs;
    const cutAtNow = arrow.end === 'in-flight' && dueMs > nowMs;
    const stopMs = cutAtNow ? nowMs : dueMs;
    if (stopMs < window.startMs) continue;
    const y1 = ys.get(laneOf(arrow.from, nodeSet));
    const y2Full = ys.get(laneOf(arrow.to, nodeSet));
    if (y1 === undefined || y2Full === undefined) continue;
    // A message still in flight is drawn the fraction of its way it has gone (style.md: RaftScope).
    const fraction = cutAtNow && dueMs > arrow.sentAtMs ? (nowMs - arrow.sentAtMs) / (dueMs - arrow.sentAtMs) : 1;
    out.push({ arrow, x1: x(arrow.sentAtMs), y1, x2: x(stopMs), y2: y1 + (y2Full - y1) * fraction, cutAtNow });
  }
  return out;
}

/** Operation bars under the client lane, packed into rows so overlapping operations stay apart. */
export function layoutOperations(
  ops: readonly OperationSpan[],
  nodes: readonly string[],
  window: TimeWindow,
  nowMs: number,
  frame: SpaceTimeFrame,
  rows = 4,
): DrawnOperation[] {
  const clientY = laneYs(laneIds(nodes), frame).get(CLIENT_LANE) ?? 0;
  const x = timeScale(window, frame);
  const rowEndPx = new Array<number>(rows).fill(-Infinity);
  const rowGapPx = Math.max(3, (frame.operationBandPx - 4) / rows);
  const out: DrawnOperation[] = [];
  for (const op of ops) {
    const endMs = op.endMs ?? nowMs;
    if (op.startMs > window.endMs || endMs < window.startMs) continue;
    // Clipped to the plot: an operation begun before the window or running past it ends at its
    // edge, and one just begun at the right edge still shows its first 3 px.
    const [left, right] = x.range() as [number, number];
    const x1 = Math.min(right - 3, Math.max(left, x(op.startMs)));
    const x2 = Math.min(right, Math.max(x(endMs), x1 + 3));
    let row = rowEndPx.findIndex((end) => end < x1 - 2);
    if (row < 0) row = rowEndPx.indexOf(Math.min(...rowEndPx));
    rowEndPx[row] = x2;
    out.push({ op, x1, x2, y: clientY + 10 + row * rowGapPx });
  }
  return out;
}

/** Distance from `p` to the segment a–b. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The arrow nearest the pointer within `tolerancePx`, if any. */
export function hitArrow(p: Point, drawn: readonly DrawnArrow[], tolerancePx = 5): DrawnArrow | undefined {
  let best: DrawnArrow | undefined;
  let bestDistance = tolerancePx;
  for (const d of drawn) {
    const distance = distanceToSegment(p, { x: d.x1, y: d.y1 }, { x: d.x2, y: d.y2 });
    if (distance <= bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return best;
}

/** The operation bar under the pointer (bars are thin, so a few pixels of slack). */
export function hitOperation(p: Point, drawn: readonly DrawnOperation[], slackPx = 4): DrawnOperation | undefined {
  return drawn.find((d) => p.x >= d.x1 - slackPx && p.x <= d.x2 + slackPx && Math.abs(p.y - d.y) <= slackPx);
}

/** Zooms around `anchorMs` (the time under the pointer): factor < 1 zooms in. Span stays in limits. */
export function zoomWindow(window: TimeWindow, anchorMs: number, factor: number, minSpanMs = 2, maxSpanMs = 120_000): TimeWindow {
  const span = window.endMs - window.startMs;
  const next = Math.min(maxSpanMs, Math.max(minSpanMs, span * factor));
  const ratio = span > 0 ? (anchorMs - window.startMs) / span : 1;
  return fromRunStart(anchorMs - ratio * next, next);
}

export function panWindow(window: TimeWindow, deltaMs: number): TimeWindow {
  return fromRunStart(window.startMs + deltaMs, window.endMs - window.startMs);
}

/**
 * The window of the same span ending at `nowMs`: what "follow the playhead" shows. Until the run
 * has gone that far it shows the span from time 0, the playhead moving across it.
 */
export function followWindow(spanMs: number, nowMs: number): TimeWindow {
  return fromRunStart(nowMs - spanMs, spanMs);
}

/** A window of `spanMs` centred on `atMs` (seeking to a stale read, a selected message), or from 0 if that is sooner. */
export function centredWindow(spanMs: number, atMs: number): TimeWindow {
  return fromRunStart(atMs - spanMs / 2, spanMs);
}

/** A window of `spanMs` from `startMs`, moved later if it would start before the run did. */
function fromRunStart(startMs: number, spanMs: number): TimeWindow {
  const start = Math.max(0, startMs);
  return { startMs: start, endMs: start + spanMs };
}

/**
 * Round time ticks for the axis, `spacingPx` apart at least (wider for larger type), each labelled
 * with as many decimals as the step between ticks needs, so no two read the same; a tick whose
 * label would run off the right edge is left out.
 */
export function timeTicks(window: TimeWindow, frame: SpaceTimeFrame, spacingPx = 110): { ms: number; x: number; label: string }[] {
  const x = timeScale(window, frame);
  const count = Math.max(2, Math.floor((frame.width - frame.gutterPx) / spacingPx));
  const ticks = x.ticks(count);
  const stepMs = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : window.endMs - window.startMs;
  const inSeconds = Math.max(Math.abs(window.startMs), Math.abs(window.endMs)) >= 10_000;
  const decimals = (step: number) => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const label = inSeconds
    ? (ms: number) => `${(ms / 1000).toFixed(decimals(stepMs / 1000))} s`
    : (ms: number) => `${ms.toFixed(decimals(stepMs))} ms`;
  return ticks
    .map((ms) => ({ ms, x: x(ms), label: label(ms) }))
    .filter((t) => t.x + spacingPx * 0.4 <= frame.width);
}

/** A stretch of virtual time a node spent crashed (Dynamo §4.8: a node down, not removed), from the faults applied. */
export interface DownSpan {
  node: string;
  fromMs: number;
  /** When it recovered; undefined while it is still down. */
  toMs: number | undefined;
}

/** Each crash and the recovery that ended it, in the order the faults were applied. */
export function downSpans(faults: readonly { atMs: number; fault: { kind: string; node?: string } }[]): DownSpan[] {
  const spans: DownSpan[] = [];
  const open = new Map<string, DownSpan>();
  for (const { atMs, fault } of faults) {
    const node = fault.node;
    if (node === undefined) continue;
    if (fault.kind === 'crash' && !open.has(node)) {
      const span: DownSpan = { node, fromMs: atMs, toMs: undefined };
      open.set(node, span);
      spans.push(span);
    } else if (fault.kind === 'recover') {
      const span = open.get(node);
      if (span !== undefined) span.toMs = atMs;
      open.delete(node);
    }
  }
  return spans;
}

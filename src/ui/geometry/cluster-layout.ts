/**
 * Geometry of the live cluster as drawn (Dynamo §4.1–4.8 at work): nodes evenly around a circle
 * in ring order, the clients in the middle, and messages in flight as points along curved links.
 * A message is data with a send and a delivery time, so where it is now is
 * `(now - sentAt) / (deliverAt - sentAt)` along its link (style.md §4); views only interpolate.
 *
 *                  n1
 *            n5          n2        links bow to the right of their direction of travel,
 *                clients           so a request n1→n2 and its reply n2→n1 never overlap
 *              n4      n3
 *
 * Pure functions, no DOM: tests check them.
 */
import type { Point } from './ring-layout.ts';
import { pointAt, TAU } from './ring-layout.ts';

export interface ClusterLayout {
  center: Point;
  /** Radius of the circle the node centres sit on, px. */
  radius: number;
  /** Radius of one node's disc, px. */
  nodeRadius: number;
  nodes: ReadonlyMap<string, Point>;
}

/** Bow of a link as a fraction of its length: enough to separate the two directions, little enough to read as a line. */
export const LINK_BOW = 0.12;

/**
 * Places `nodes` (in ring order) clockwise from 12 o'clock around the centre of a width × height
 * box, leaving `margin` px for labels and badges. Discs shrink as the circle fills, so neighbours never touch.
 */
export function clusterLayout(
  nodes: readonly string[],
  width: number,
  height: number,
  margin = 56,
): ClusterLayout {
  const center = { x: width / 2, y: height / 2 };
  const radius = Math.max(20, Math.min(width, height) / 2 - margin);
  const spacing = nodes.length > 1 ? (TAU * radius) / nodes.length : radius;
  // Discs stay a fifth of the circle's radius at most, so a small stage still shows its links.
  const nodeRadius = Math.max(1, Math.min(30, radius * 0.2, spacing * 0.4));
  const placed = new Map<string, Point>();
  nodes.forEach((node, i) =>
    placed.set(node, pointAt((i / Math.max(1, nodes.length)) * TAU, radius, center)),
  );
  return { center, radius, nodeRadius, nodes: placed };
}

/** Where an endpoint is drawn: its node, or the centre for clients and anything not placed. */
export function endpointPoint(layout: ClusterLayout, endpoint: string): Point {
  return layout.nodes.get(endpoint) ?? layout.center;
}

/** How far along its link a message is at `nowMs`: 0 at sending, 1 at delivery, clamped. */
export function messageProgress(nowMs: number, sentAtMs: number, deliverAtMs: number): number {
  if (deliverAtMs <= sentAtMs) return nowMs >= deliverAtMs ? 1 : 0;
  return Math.min(1, Math.max(0, (nowMs - sentAtMs) / (deliverAtMs - sentAtMs)));
}

/** The control point of the quadratic curve from `a` to `b`, bowed to the right of travel. */
export function linkControl(a: Point, b: Point, bow = LINK_BOW): Point {
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  // (-dy, dx) is the direction of travel turned a quarter to the right on a y-down screen.
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  return { x: mx - dy * bow, y: my + dx * bow };
}

/** The point a fraction `t` along the link from `a` to `b` (quadratic Bézier through `linkControl`). */
export function pointOnLink(a: Point, b: Point, t: number, bow = LINK_BOW): Point {
  const c = linkControl(a, b, bow);
  const u = 1 - t;
  return {
    x: u * u * a.x + 2 * u * t * c.x + t * t * b.x,
    y: u * u * a.y + 2 * u * t * c.y + t * t * b.y,
  };
}

/**
 * Where a message is drawn at `nowMs`: along its link, trimmed so it leaves the sender's disc
 * edge and lands on the receiver's (a message sitting on a node's centre would hide behind it).
 */
export function messagePoint(
  layout: ClusterLayout,
  from: string,
  to: string,
  progress: number,
): Point {
  const a = endpointPoint(layout, from);
  const b = endpointPoint(layout, to);
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  if (length === 0) return a;
  const trim = Math.min(0.45, layout.nodeRadius / length);
  const startTrim = layout.nodes.has(from) ? trim : 0;
  const endTrim = layout.nodes.has(to) ? trim : 0;
  return pointOnLink(a, b, startTrim + progress * (1 - startTrim - endTrim));
}

/** A dropped message is marked where it would have arrived: just outside the receiver's disc. */
export function dropPoint(layout: ClusterLayout, from: string, to: string): Point {
  return messagePoint(layout, from, to, 0.96);
}

/** Where a drop mark's label goes, and how it is aligned there. */
export interface LabelPlacement extends Point {
  align: 'left' | 'center' | 'right';
  baseline: 'top' | 'middle' | 'bottom';
}

/**
 * Where to write why a message was dropped: `gapPx` beyond its mark, straight away from the
 * receiver's centre, anchored on the side nearest the mark, so the text grows away from the disc
 * whichever side of it the message came from.
 */
export function dropLabelPlacement(layout: ClusterLayout, from: string, to: string, gapPx = 10): LabelPlacement {
  const mark = dropPoint(layout, from, to);
  const receiver = endpointPoint(layout, to);
  const dx = mark.x - receiver.x;
  const dy = mark.y - receiver.y;
  const d = Math.hypot(dx, dy);
  // A mark on the receiver's centre (nothing to go away from) is labelled above it.
  const ux = d > 0 ? dx / d : 0;
  const uy = d > 0 ? dy / d : -1;
  // Eight sectors: text left-, centre- or right-anchored, hanging below, centred on or sitting above its point.
  const side = Math.sin(Math.PI / 8);
  return {
    x: mark.x + ux * gapPx,
    y: mark.y + uy * gapPx,
    align: ux > side ? 'left' : ux < -side ? 'right' : 'center',
    baseline: uy > side ? 'top' : uy < -side ? 'bottom' : 'middle',
  };
}

/** The node under a pointer, if any (the disc plus a few px of slack for small discs). */
export function nodeAt(layout: ClusterLayout, point: Point, slackPx = 4): string | undefined {
  let best: string | undefined;
  let bestDistance = layout.nodeRadius + slackPx;
  for (const [node, p] of layout.nodes) {
    const d = Math.hypot(point.x - p.x, point.y - p.y);
    if (d <= bestDistance) {
      best = node;
      bestDistance = d;
    }
  }
  return best;
}

/** Where a node's label goes: outside the circle, away from the centre, so labels never sit on links. */
export function labelPoint(layout: ClusterLayout, node: string, gapPx = 14): Point {
  const p = endpointPoint(layout, node);
  const dx = p.x - layout.center.x;
  const dy = p.y - layout.center.y;
  const d = Math.hypot(dx, dy) || 1;
  const out = layout.nodeRadius + gapPx;
  return { x: p.x + (dx / d) * out, y: p.y + (dy / d) * out };
}

/**
 * Paints a ring's ranges and tokens on a canvas (Dynamo §4.2): the bulk layer that stays smooth
 * with 64 nodes × 256 tokens, where one SVG element per token would not. Structure, labels and
 * highlights stay in SVG on top.
 */
import { interpolateRgb } from 'd3';
import type { NodeId } from '../../../core/types.ts';
import { rangeIndexAt } from '../../geometry/ring-layout.ts';
import type { ArcSpan, Point } from '../../geometry/ring-layout.ts';
import type { RingModel } from '../../model/ring-model.ts';

export interface RingPaint {
  center: Point;
  innerRadius: number;
  outerRadius: number;
  tokenRadius: number;
  colours: ReadonlyMap<NodeId, string>;
  trackColour: string;
  separatorColour: string;
  /** Opacity of ranges that do not involve the selected node. */
  dimAlpha: number;
  selectedNode: NodeId | null;
  /** The ring before a membership change, and how far (0..1) the recolouring has gone. */
  previous?: RingModel | null;
  progress?: number;
}

const FALLBACK_COLOUR = '#888888';

function sector(ctx: CanvasRenderingContext2D, span: ArcSpan, paint: RingPaint): void {
  const { x, y } = paint.center;
  // Canvas angles start at 3 o'clock; ring angles start at 12.
  const a0 = span.startAngle - Math.PI / 2;
  const a1 = span.endAngle - Math.PI / 2;
  ctx.moveTo(x + paint.outerRadius * Math.cos(a0), y + paint.outerRadius * Math.sin(a0));
  ctx.arc(x, y, paint.outerRadius, a0, a1);
  ctx.arc(x, y, paint.innerRadius, a1, a0, true);
  ctx.closePath();
}

function rangeStyle(model: RingModel, index: number, paint: RingPaint): { colour: string; alpha: number } {
  const range = model.ranges[index];
  const owner = range?.replicas[0] ?? '';
  let colour = paint.colours.get(owner) ?? FALLBACK_COLOUR;
  const { previous, progress = 1 } = paint;
  if (previous && progress < 1 && range) {
    const middle = (range.span.startAngle + range.span.endAngle) / 2;
    const before = previous.ranges[rangeIndexAt(previous.rangeEndAngles, middle % (2 * Math.PI))]?.replicas[0] ?? owner;
    if (before !== owner) colour = interpolateRgb(paint.colours.get(before) ?? FALLBACK_COLOUR, colour)(progress);
  }
  const selected = paint.selectedNode;
  if (selected === null) return { colour, alpha: 0.88 };
  const at = range?.replicas.indexOf(selected) ?? -1;
  if (at === 0) return { colour: paint.colours.get(selected) ?? colour, alpha: 1 };
  if (at > 0) return { colour: paint.colours.get(selected) ?? colour, alpha: 0.42 };
  return { colour, alpha: paint.dimAlpha };
}

export function drawRing(ctx: CanvasRenderingContext2D, model: RingModel, paint: RingPaint): void {
  const { x, y } = paint.center;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.arc(x, y, (paint.innerRadius + paint.outerRadius) / 2, 0, 2 * Math.PI);
  ctx.lineWidth = paint.outerRadius - paint.innerRadius;
  ctx.strokeStyle = paint.trackColour;
  ctx.stroke();

  // One path per (colour, alpha): a few dozen fills instead of thousands.
  const groups = new Map<string, { colour: string; alpha: number; indices: number[] }>();
  model.ranges.forEach((_, index) => {
    const style = rangeStyle(model, index, paint);
    const id = `${style.colour}|${style.alpha}`;
    const group = groups.get(id) ?? { ...style, indices: [] };
    group.indices.push(index);
    groups.set(id, group);
  });
  for (const group of groups.values()) {
    ctx.beginPath();
    for (const index of group.indices) {
      const range = model.ranges[index];
      if (range) sector(ctx, range.span, paint);
    }
    ctx.globalAlpha = group.alpha;
    ctx.fillStyle = group.colour;
    ctx.fill();
  }
  ctx.globalAlpha = 1;

  // Thin gaps between ranges, only while they are wide enough to see.
  const circumference = 2 * Math.PI * paint.outerRadius;
  if (model.ranges.length > 1 && circumference / model.ranges.length > 4) {
    ctx.beginPath();
    for (const range of model.ranges) {
      const a = range.span.startAngle - Math.PI / 2;
      ctx.moveTo(x + paint.innerRadius * Math.cos(a), y + paint.innerRadius * Math.sin(a));
      ctx.lineTo(x + paint.outerRadius * Math.cos(a), y + paint.outerRadius * Math.sin(a));
    }
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = paint.separatorColour;
    ctx.stroke();
  }

  // Tokens: a tick outside the band per virtual node, coloured by its physical node.
  const dense = circumference / Math.max(1, model.tokens.length) < 3;
  ctx.lineWidth = dense ? 1 : 2.5;
  const byNode = new Map<NodeId, number[]>();
  model.tokens.forEach((token, i) => {
    const list = byNode.get(token.node) ?? [];
    list.push(i);
    byNode.set(token.node, list);
  });
  for (const [node, indices] of byNode) {
    const dimmed = paint.selectedNode !== null && paint.selectedNode !== node;
    // On a dense ring the selected node's ranges are slivers; its tokens drawn across the band show where they are.
    const from = dense && paint.selectedNode === node ? paint.innerRadius : paint.outerRadius;
    ctx.beginPath();
    for (const i of indices) {
      const a = (model.tokens[i]?.angle ?? 0) - Math.PI / 2;
      ctx.moveTo(x + from * Math.cos(a), y + from * Math.sin(a));
      ctx.lineTo(x + paint.tokenRadius * Math.cos(a), y + paint.tokenRadius * Math.sin(a));
    }
    ctx.globalAlpha = dimmed ? paint.dimAlpha : 1;
    ctx.strokeStyle = paint.colours.get(node) ?? FALLBACK_COLOUR;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

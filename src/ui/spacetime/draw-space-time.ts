/**
 * Paints the space-time diagram's messages on a canvas (thousands of arrows stay smooth there;
 * style.md §12): each a line in its traffic colour with a head at delivery, a cross at a drop, and
 * nothing at the end of one still in flight. A selection dims everything it does not include.
 */
import type { TrafficClass } from '../../core/messages.ts';
import type { DrawnArrow } from './space-time-layout.ts';

export interface SpaceTimePaint {
  colours: Readonly<Record<TrafficClass, string>>;
  /** Messages to draw emphasised; when non-empty, the rest are dimmed. */
  highlighted: ReadonlySet<number>;
  dimAlpha: number;
}

const HEAD_PX = 7;
const CROSS_PX = 5;

export function drawArrows(ctx: CanvasRenderingContext2D, drawn: readonly DrawnArrow[], paint: SpaceTimePaint): void {
  const dimming = paint.highlighted.size > 0;
  // Dimmed arrows first, so the highlighted ones sit on top.
  for (const pass of dimming ? [false, true] : [true]) {
    for (const d of drawn) {
      const lit = !dimming || paint.highlighted.has(d.arrow.id);
      if (lit !== pass) continue;
      ctx.globalAlpha = lit ? 1 : paint.dimAlpha;
      const colour = paint.colours[d.arrow.trafficClass];
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = dimming && lit ? 2.6 : 1.4;
      ctx.setLineDash(d.arrow.end === 'dropped' ? [4, 3] : []);
      ctx.beginPath();
      ctx.moveTo(d.x1, d.y1);
      ctx.lineTo(d.x2, d.y2);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(d.x1, d.y1, ctx.lineWidth, 0, 2 * Math.PI);
      ctx.fill();
      if (d.arrow.end === 'dropped') drawCross(ctx, d.x2, d.y2);
      else if (!d.cutAtNow) drawHead(ctx, d);
    }
  }
  ctx.globalAlpha = 1;
}

function drawHead(ctx: CanvasRenderingContext2D, d: DrawnArrow): void {
  const angle = Math.atan2(d.y2 - d.y1, d.x2 - d.x1);
  ctx.beginPath();
  ctx.moveTo(d.x2, d.y2);
  ctx.lineTo(d.x2 - HEAD_PX * Math.cos(angle - 0.4), d.y2 - HEAD_PX * Math.sin(angle - 0.4));
  ctx.lineTo(d.x2 - HEAD_PX * Math.cos(angle + 0.4), d.y2 - HEAD_PX * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}

function drawCross(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.lineWidth = 2.2;
  ctx.beginPath();
  ctx.moveTo(x - CROSS_PX, y - CROSS_PX);
  ctx.lineTo(x + CROSS_PX, y + CROSS_PX);
  ctx.moveTo(x + CROSS_PX, y - CROSS_PX);
  ctx.lineTo(x - CROSS_PX, y + CROSS_PX);
  ctx.stroke();
}

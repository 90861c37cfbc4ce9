/**
 * The moving parts of the cluster view on a canvas (style.md §12: thousands of messages go to a
 * canvas, structure stays SVG): messages in flight at their interpolated point, a short fading
 * trail for each one just delivered, and a brief mark where a message was dropped (Dynamo §4.6's
 * failures made visible: partition, cut link, loss, crashed receiver).
 */
import { trafficClassOf, type MessageKind } from '../../../core/messages.ts';
import type { MessageInFlight } from '../../../runtime/browser/simulation-api.ts';
import type { TraceRecord } from '../../../sim/trace-record.ts';
import {
  dropLabelPlacement,
  dropPoint,
  endpointPoint,
  messagePoint,
  messageProgress,
  pointOnLink,
  type ClusterLayout,
} from '../../geometry/cluster-layout.ts';
import { trafficColour } from '../../theme/traffic-palette.ts';
import { DotPixels } from './dot-pixels.ts';

/** How long a delivered message's trail and a drop mark stay, real ms. */
export const TRAIL_REAL_MS = 450;
export const DROP_MARK_REAL_MS = 1600;
/** Beyond this many messages the trails are skipped: the dots alone carry the picture. */
const TRAIL_LIMIT = 600;
/**
 * Beyond this many messages the dots are small squares written straight into pixels (dot-pixels.ts):
 * without a GPU every draw call is rasterised on the main thread, round dots cost about four
 * times as much as squares, and at 5 px across the two look alike.
 */
const SQUARE_DOTS_FROM = 1500;

interface Fading {
  from: string;
  to: string;
  colour: string;
  sinceRealMs: number;
}

interface DropMark {
  from: string;
  to: string;
  reason: string;
  sinceRealMs: number;
}

export interface CanvasColours {
  text: string;
  surface: string;
  drop: string;
  selected: string;
}

function colourOf(kind: string): string {
  return trafficColour(trafficClassOf(kind as MessageKind));
}

/** Messages in flight of one colour, drawn with one path for their tails and one for their dots. */
interface ColourGroup {
  colour: string;
  sent: MessageInFlight[];
  /** Lost at sending: drawn hollow. */
  lost: MessageInFlight[];
}

/** The in-flight messages by colour, in first-seen order of their colours. */
export function groupByColour(inFlight: readonly MessageInFlight[]): ColourGroup[] {
  const groups = new Map<string, ColourGroup>();
  for (const f of inFlight) {
    const colour = colourOf(f.kind);
    let group = groups.get(colour);
    if (group === undefined) {
      group = { colour, sent: [], lost: [] };
      groups.set(colour, group);
    }
    (f.lost ? group.lost : group.sent).push(f);
  }
  return [...groups.values()];
}

/** A short tail behind each dot of a group, one path for the group: the direction of travel. */
function paintTails(
  ctx: CanvasRenderingContext2D,
  layout: ClusterLayout,
  group: ColourGroup,
  nowMs: number,
): void {
  ctx.beginPath();
  for (const f of group.sent) {
    const t = messageProgress(nowMs, f.sentAtMs, f.deliverAtMs);
    const tail = messagePoint(layout, f.from, f.to, Math.max(0, t - 0.06));
    const p = messagePoint(layout, f.from, f.to, t);
    ctx.moveTo(tail.x, tail.y);
    ctx.lineTo(p.x, p.y);
  }
  ctx.strokeStyle = group.colour;
  ctx.globalAlpha = 0.5;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** Keeps what a frame needs beyond the snapshot: trails of delivered messages and drop marks. */
export class MessagePainter {
  private previous = new Map<number, MessageInFlight>();
  /** The messages of the last snapshot observed, grouped once per snapshot rather than once per frame. */
  private groups: ColourGroup[] = [];
  private readonly trails = new Map<number, Fading>();
  private readonly drops: DropMark[] = [];
  private lastDropIndex = -1;
  /** False until the first frame: drops already in the log then are old news. */
  private primed = false;
  /** The square dots of a busy frame, in pixels. */
  private readonly pixels = new DotPixels();

  /** Notes messages gone since the last frame (delivered or dropped) and drops newly traced. */
  observe(
    inFlight: readonly MessageInFlight[],
    trace: readonly TraceRecord[],
    realMs: number,
  ): void {
    const current = new Map<number, MessageInFlight>();
    for (const f of inFlight) current.set(f.id, f);
    if (current.size + this.previous.size < TRAIL_LIMIT * 2) {
      for (const [id, f] of this.previous) {
        if (!current.has(id) && !f.lost)
          this.trails.set(id, {
            from: f.from,
            to: f.to,
            colour: colourOf(f.kind),
            sinceRealMs: realMs,
          });
      }
    }
    this.previous = current;
    this.groups = groupByColour(inFlight);
    const last = trace.at(-1);
    if (last !== undefined && last.index < this.lastDropIndex) {
      // A seek backwards: the log was replaced.
      this.lastDropIndex = -1;
      this.primed = false;
    }
    for (let i = trace.length - 1; i >= 0; i--) {
      const r = trace[i];
      if (r === undefined || r.index <= this.lastDropIndex) break;
      if (r.kind === 'drop' && r.from !== undefined && r.to !== undefined && this.primed) {
        this.drops.push({
          from: r.from,
          to: r.to,
          reason: r.detail ?? 'dropped',
          sinceRealMs: realMs,
        });
      }
    }
    if (last !== undefined) this.lastDropIndex = last.index;
    this.primed = true;
    if (this.drops.length > 200) this.drops.splice(0, this.drops.length - 200);
  }

  /** Forgets trails and marks (a new run). */
  reset(): void {
    this.previous.clear();
    this.groups = [];
    this.trails.clear();
    this.drops.length = 0;
    this.lastDropIndex = -1;
    this.primed = false;
  }

  /**
   * Draws the trails, the messages of the last observed snapshot at `nowMs`, and the drop marks.
   * A few draw calls per colour rather than several per message, and a busy frame's dots as
   * pixels: without a GPU the canvas rasterises every call on the main thread.
   */
  paint(
    ctx: CanvasRenderingContext2D,
    layout: ClusterLayout,
    nowMs: number,
    realMs: number,
    colours: CanvasColours,
    selectedId: number | null,
  ): void {
    const count = this.previous.size;
    const squares = count > SQUARE_DOTS_FROM;
    const radius = squares ? 2.5 : count > 300 ? 3.5 : 5;
    const at = (f: MessageInFlight) =>
      messagePoint(layout, f.from, f.to, messageProgress(nowMs, f.sentAtMs, f.deliverAtMs));
    let selected: { x: number; y: number } | undefined;
    if (squares) {
      // Pixels first: putting them replaces the canvas, so the trails go on top here.
      const { a: scale, e: dx, f: dy } = ctx.getTransform();
      const pixels = this.pixels;
      pixels.begin(ctx);
      for (const group of this.groups) {
        for (const [messages, hollow] of [
          [group.sent, false],
          [group.lost, true],
        ] as const) {
          for (const f of messages) {
            const p = at(f);
            // Lost at sending: drawn hollow, it will be marked dropped where it would have arrived.
            pixels.square(p.x * scale + dx, p.y * scale + dy, 2 * radius * scale, group.colour, hollow);
            if (f.id === selectedId) selected = p;
          }
        }
      }
      pixels.end(ctx);
      this.paintTrails(ctx, layout, realMs);
    } else {
      this.paintTrails(ctx, layout, realMs);
      for (const group of this.groups) {
        if (radius >= 3.5) paintTails(ctx, layout, group, nowMs);
        ctx.fillStyle = ctx.strokeStyle = group.colour;
        ctx.lineWidth = 1.5;
        for (const [messages, hollow] of [
          [group.sent, false],
          [group.lost, true],
        ] as const) {
          if (messages.length === 0) continue;
          ctx.beginPath();
          for (const f of messages) {
            const p = at(f);
            ctx.moveTo(p.x + radius, p.y);
            ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
            if (f.id === selectedId) selected = p;
          }
          if (hollow) ctx.stroke();
          else ctx.fill();
        }
      }
    }
    if (selected !== undefined) {
      ctx.strokeStyle = colours.selected;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(selected.x, selected.y, radius + 4, 0, Math.PI * 2);
      ctx.stroke();
    }
    this.paintDrops(ctx, layout, realMs, colours);
  }

  private paintTrails(ctx: CanvasRenderingContext2D, layout: ClusterLayout, realMs: number): void {
    ctx.lineWidth = 2;
    for (const [id, trail] of this.trails) {
      const age = (realMs - trail.sinceRealMs) / TRAIL_REAL_MS;
      if (age >= 1) {
        this.trails.delete(id);
        continue;
      }
      const a = endpointPoint(layout, trail.from);
      const b = endpointPoint(layout, trail.to);
      ctx.strokeStyle = trail.colour;
      ctx.globalAlpha = 0.45 * (1 - age);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      for (let i = 1; i <= 12; i++) {
        const p = pointOnLink(a, b, i / 12);
        ctx.lineTo(p.x, p.y);
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  private paintDrops(
    ctx: CanvasRenderingContext2D,
    layout: ClusterLayout,
    realMs: number,
    colours: CanvasColours,
  ): void {
    ctx.font = '600 12px system-ui, sans-serif';
    const fresh = this.drops.filter((d) => realMs - d.sinceRealMs < DROP_MARK_REAL_MS);
    this.drops.splice(0, this.drops.length, ...fresh);
    // One label per receiving node, naming the latest reason and how many, so a burst does not pile up text.
    const labels = new Map<string, { reason: string; count: number; from: string; alpha: number }>();
    for (const d of fresh) {
      const age = (realMs - d.sinceRealMs) / DROP_MARK_REAL_MS;
      const p = dropPoint(layout, d.from, d.to);
      const alpha = 1 - age * age;
      ctx.globalAlpha = alpha;
      ctx.strokeStyle = colours.drop;
      ctx.lineWidth = 3;
      const s = 6;
      ctx.beginPath();
      ctx.moveTo(p.x - s, p.y - s);
      ctx.lineTo(p.x + s, p.y + s);
      ctx.moveTo(p.x + s, p.y - s);
      ctx.lineTo(p.x - s, p.y + s);
      ctx.stroke();
      const label = labels.get(d.to);
      labels.set(d.to, {
        reason: d.reason,
        count: (label?.count ?? 0) + 1,
        from: d.from,
        alpha: Math.max(alpha, label?.alpha ?? 0),
      });
    }
    // Each label beside its latest mark, growing away from the receiver's disc.
    for (const [to, label] of labels) {
      // "crashed: 2 msgs" counts the messages dropped, not crashes.
      const text = label.count > 1 ? `${label.reason}: ${label.count} msgs` : label.reason;
      const at = dropLabelPlacement(layout, label.from, to);
      ctx.textAlign = at.align;
      ctx.textBaseline = at.baseline;
      ctx.globalAlpha = label.alpha;
      ctx.lineWidth = 4;
      ctx.strokeStyle = colours.surface;
      ctx.strokeText(text, at.x, at.y);
      ctx.fillStyle = colours.drop;
      ctx.fillText(text, at.x, at.y);
    }
    ctx.textBaseline = 'alphabetic';
    ctx.globalAlpha = 1;
  }
}

/** The message nearest a pointer within `slackPx`, for selecting one. */
export function messageAt(
  layout: ClusterLayout,
  inFlight: readonly MessageInFlight[],
  nowMs: number,
  x: number,
  y: number,
  slackPx = 8,
): number | null {
  let best: number | null = null;
  let bestDistance = slackPx;
  for (const f of inFlight) {
    const p = messagePoint(layout, f.from, f.to, messageProgress(nowMs, f.sentAtMs, f.deliverAtMs));
    const d = Math.hypot(p.x - x, p.y - y);
    if (d <= bestDistance) {
      best = f.id;
      bestDistance = d;
    }
  }
  return best;
}

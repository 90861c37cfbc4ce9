/**
 * The space-time diagram (Dynamo §4.5–4.7 as messages over time): node lanes and a client lane,
 * messages on a canvas, structure in SVG — the time axis, the "now" line, operation bars and the
 * selected operation's or message's arrows, which stay clickable. Wheel zooms around the pointer,
 * dragging scrolls in time; either stops following the playhead until "Follow now".
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useAppStore } from '../store/store.ts';
import { useTypeMeasure } from '../theme/use-type-measure.ts';
import { TRAFFIC_COLOURS } from '../theme/traffic-palette.ts';
import { useElementSize } from '../views/ring/use-size.ts';
import { drawArrows } from './draw-space-time.ts';
import type { MessageLog } from './message-log.ts';
import {
  CLIENT_LANE,
  followWindow,
  hitArrow,
  laneIds,
  laneYs,
  layoutArrows,
  layoutOperations,
  panWindow,
  timeScale,
  timeTicks,
  zoomWindow,
} from './space-time-layout.ts';
import type { DrawnArrow, SpaceTimeFrame } from './space-time-layout.ts';
import { fitCanvasToDevice } from '../geometry/device-canvas.ts';

export interface SpaceTimeDiagramProps {
  log: MessageLog;
  nodes: readonly string[];
  nowMs: number;
  /** Messages to emphasise (the selected operation's, or the selected message). */
  highlighted: ReadonlySet<number>;
}

/** Operation bars are this thick, so they are easy to click. */
const OP_BAR_PX = 6;

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

function formatMs(ms: number): string {
  return Math.abs(ms) >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function SpaceTimeDiagram({ log, nodes, nowMs, highlighted }: SpaceTimeDiagramProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width, height } = useElementSize(containerRef);
  const theme = useAppStore((s) => s.theme);
  const fixedWindow = useAppStore((s) => s.spaceTimeWindow);
  const spanMs = useAppStore((s) => s.spaceTimeSpanMs);
  const setWindow = useAppStore((s) => s.setSpaceTimeWindow);
  const selectedMessageId = useAppStore((s) => s.selectedMessageId);
  const selectedOpId = useAppStore((s) => s.selectedOpId);
  const selectMessage = useAppStore((s) => s.selectMessage);
  const selectOp = useAppStore((s) => s.selectOp);
  const [hover, setHover] = useState<{ drawn: DrawnArrow; x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; moved: boolean } | null>(null);

  const window = fixedWindow ?? followWindow(spanMs, nowMs);
  // The lane labels' column and the ticks' spacing follow the type's size (presenter mode enlarges it).
  const typeMetrics = useTypeMeasure(
    containerRef,
    (root) => {
      const widest = Math.max(0, ...[...root.querySelectorAll<SVGTextElement>('.st-lane text')].map((t) => t.getComputedTextLength()));
      const tick = root.querySelector<SVGTextElement>('.st-type-probe text');
      const tickFontPx = tick ? parseFloat(getComputedStyle(tick).fontSize) || 12 : 12;
      return { gutterPx: Math.max(64, Math.ceil(widest) + 20), tickSpacingPx: Math.max(110, Math.round(tickFontPx * 9)) };
    },
    { gutterPx: 64, tickSpacingPx: 110 },
    `${nodes.join(' ')} ${width}×${height}`,
  );
  const frame: SpaceTimeFrame = useMemo(() => ({ width, height, gutterPx: typeMetrics.gutterPx, axisPx: 26, operationBandPx: 34 }), [width, height, typeMetrics.gutterPx]);
  const lanes = useMemo(() => laneIds(nodes), [nodes]);
  const ys = useMemo(() => laneYs(lanes, frame), [lanes, frame]);
  const drawn = useMemo(() => (width > 0 ? layoutArrows(log.arrows, nodes, window, nowMs, frame) : []), [log, nodes, window.startMs, window.endMs, nowMs, frame, width]);
  const operations = useMemo(() => (width > 0 ? layoutOperations(log.operations, nodes, window, nowMs, frame) : []), [log, nodes, window.startMs, window.endMs, nowMs, frame, width]);
  const x = timeScale(window, frame);

  useEffect(() => {
    const canvas = canvasRef.current;
    const container = containerRef.current;
    if (canvas === null || container === null || width === 0) return;
    const fitted = fitCanvasToDevice(canvas, width, height);
    if (fitted === null) return;
    const { ctx, ratio } = fitted;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.gutterPx, 0, width - frame.gutterPx, height);
    ctx.clip();
    drawArrows(ctx, drawn, { colours: TRAFFIC_COLOURS, highlighted, dimAlpha: Number(cssVar(container, '--ring-dim', '0.16')) + 0.1 });
    ctx.restore();
    // theme: the paint reads CSS variables the theme changes.
  }, [drawn, highlighted, width, height, frame, theme]);


  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  const windowRef = useRef(window);
  windowRef.current = window;
  useEffect(() => {
    const element = containerRef.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const scale = timeScale(windowRef.current, { ...frame, width: rect.width });
      const anchor = scale.invert(event.clientX - rect.left);
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        const delta = (event.shiftKey ? event.deltaY : event.deltaX) / Math.max(1, rect.width - frame.gutterPx);
        setWindow(panWindow(windowRef.current, delta * (windowRef.current.endMs - windowRef.current.startMs)));
      } else {
        setWindow(zoomWindow(windowRef.current, anchor, Math.exp(event.deltaY * 0.002)));
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [frame, setWindow]);

  const pointerAt = (event: ReactPointerEvent) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if ((event.target as Element).closest('[data-hit]')) return;
    drag.current = { x: event.clientX, moved: false };
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d && (event.buttons & 1) === 1) {
      const dx = event.clientX - d.x;
      if (Math.abs(dx) > 3 || d.moved) {
        d.moved = true;
        d.x = event.clientX;
        const msPerPx = (window.endMs - window.startMs) / Math.max(1, width - frame.gutterPx - 12);
        setWindow(panWindow(window, -dx * msPerPx));
      }
      return;
    }
    const p = pointerAt(event);
    const hit = hitArrow(p, drawn);
    setHover(hit ? { drawn: hit, ...p } : null);
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved || (event.target as Element).closest('[data-hit]')) return;
    const hit = hitArrow(pointerAt(event), drawn);
    selectMessage(hit ? hit.arrow.id : null);
    if (!hit) selectOp(null);
  };

  const emphasised = drawn.filter((d) => highlighted.has(d.arrow.id));
  const nowX = x(nowMs);
  // The "now" label reads left of its line, or right of it where the lane labels would be.
  const nowAfter = nowX - typeMetrics.tickSpacingPx < frame.gutterPx;
  // A tick label the "now" label would cover is left out (the label is about 0.8 spacings wide).
  const nowLabelMid = nowAfter ? nowX + typeMetrics.tickSpacingPx * 0.4 : nowX - typeMetrics.tickSpacingPx * 0.4;
  const showsNow = nowX >= frame.gutterPx && nowX <= width;
  const underNowLabel = (tickX: number) => showsNow && Math.abs(tickX - nowLabelMid) < typeMetrics.tickSpacingPx * 0.8;
  return (
    <div
      ref={containerRef}
      className="spacetime-diagram"
      data-testid="space-time"
      data-arrow-count={drawn.length}
      data-window-start={window.startMs.toFixed(3)}
      data-window-end={window.endMs.toFixed(3)}
      data-following={fixedWindow === null}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerLeave={() => setHover(null)}
    >
      <canvas ref={canvasRef} aria-hidden="true" />
      <svg width={width} height={height} role="img" aria-label={`Space-time diagram: ${drawn.length} messages between ${formatMs(window.startMs)} and ${formatMs(window.endMs)}`}>
        {/* Always drawn, never seen: the tick labels' type, measured even when no tick shows. */}
        <g className="st-tick st-type-probe" visibility="hidden" aria-hidden="true">
          <text x={0} y={0}>
            0 ms
          </text>
        </g>
        {timeTicks(window, frame, typeMetrics.tickSpacingPx).filter((t) => !underNowLabel(t.x)).map((t) => (
          <g key={t.ms} className="st-tick">
            <line x1={t.x} x2={t.x} y1={frame.axisPx - 4} y2={height} />
            <text x={t.x} y={frame.axisPx - 8} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        {lanes.map((lane) => {
          const y = ys.get(lane) ?? 0;
          return (
            <g key={lane} className="st-lane">
              <line x1={frame.gutterPx} x2={width - 12} y1={y} y2={y} />
              <text x={frame.gutterPx - 10} y={y} textAnchor="end" dominantBaseline="middle">
                {lane === CLIENT_LANE ? 'clients' : lane}
              </text>
            </g>
          );
        })}
        {showsNow ? (
          <g className="st-now" data-testid="space-time-now">
            <line x1={nowX} x2={nowX} y1={frame.axisPx - 4} y2={height} />
            {/* On the axis, where the operation bars below cannot cover it. */}
            <text
              x={nowAfter ? nowX + 4 : nowX - 4}
              y={frame.axisPx - 8}
              textAnchor={nowAfter ? 'start' : 'end'}
            >
              now {formatMs(nowMs)}
            </text>
          </g>
        ) : null}
        {operations.map((d) => (
          <rect
            key={d.op.opId}
            data-hit="op"
            data-testid={`op-${d.op.opId}`}
            className={`st-op ${d.op.result ?? 'running'}${d.op.stale ? ' stale' : ''}${d.op.opId === selectedOpId ? ' selected' : ''}`}
            x={d.x1}
            y={d.y - OP_BAR_PX / 2}
            width={d.x2 - d.x1}
            height={OP_BAR_PX}
            rx={OP_BAR_PX / 2}
            onClick={() => {
              selectOp(d.op.opId === selectedOpId ? null : d.op.opId);
              selectMessage(null);
            }}
          >
            <title>{`op #${d.op.opId}: ${d.op.kind} ${d.op.key} by ${d.op.client}${d.op.result ? ` — ${d.op.result}${d.op.stale ? ', stale' : ''}` : ' — running'}`}</title>
          </rect>
        ))}
        {emphasised.map((d) => (
          <line
            key={d.arrow.id}
            data-hit="message"
            data-testid={`message-${d.arrow.id}`}
            data-message-kind={d.arrow.kind}
            className={`st-emphasis${d.arrow.id === selectedMessageId ? ' selected' : ''}`}
            x1={d.x1}
            y1={d.y1}
            x2={d.x2}
            y2={d.y2}
            onClick={() => selectMessage(d.arrow.id)}
          />
        ))}
      </svg>
      {hover ? (
        <div className="tooltip" style={{ left: Math.min(hover.x + 12, width - 220), top: hover.y + 12 }} data-testid="space-time-tooltip">
          <strong>{hover.drawn.arrow.kind}</strong> {hover.drawn.arrow.from} → {hover.drawn.arrow.to} · #{hover.drawn.arrow.id}
        </div>
      ) : null}
    </div>
  );
}

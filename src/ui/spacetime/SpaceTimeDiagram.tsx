/**
 * The space-time diagram (Dynamo §4.5–4.7 as messages over time): node lanes and a client lane,
 * messages on a canvas, structure in SVG — the time axis, the "now" line, operation bars and the
 * selected operation's or message's arrows, which stay clickable. Wheel zooms around the pointer,
 * dragging scrolls in time; either stops following the playhead until "Follow now".
 *
 * Every lane keeps room for its label whatever the number of nodes: when they do not fit, the
 * lanes scroll vertically (wheel over the lane names, the scroll bar, or drag up and down) under
 * a time axis that stays put, and the canvas, the size of the view, paints only what is in it.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, PointerEvent as ReactPointerEvent } from 'react';
import { useAppStore } from '../store/store.ts';
import { useTypeMeasure } from '../theme/use-type-measure.ts';
import { TRAFFIC_COLOURS } from '../theme/traffic-palette.ts';
import { useElementSize } from '../views/ring/use-size.ts';
import { drawArrows } from './draw-space-time.ts';
import { formatMs, SpaceTimeAxis } from './SpaceTimeAxis.tsx';
import type { MessageLog } from './message-log.ts';
import {
  arrowsInBand,
  CLIENT_LANE,
  downSpans,
  followWindow,
  hitArrow,
  laneIds,
  lanePitchPx,
  lanesHeight,
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

/** Room for the time axis at the top and for the operation bars under the client lane. */
const BANDS = { axisPx: 26, operationBandPx: 34 } as const;

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

export function SpaceTimeDiagram({ log, nodes, nowMs, highlighted }: SpaceTimeDiagramProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // The view's size inside the border, its scroll bar included.
  const { width: outerWidth, height } = useElementSize(scrollerRef);
  const theme = useAppStore((s) => s.theme);
  const fixedWindow = useAppStore((s) => s.spaceTimeWindow);
  const spanMs = useAppStore((s) => s.spaceTimeSpanMs);
  const setWindow = useAppStore((s) => s.setSpaceTimeWindow);
  const selectedMessageId = useAppStore((s) => s.selectedMessageId);
  const selectedOpId = useAppStore((s) => s.selectedOpId);
  const selectMessage = useAppStore((s) => s.selectMessage);
  const selectOp = useAppStore((s) => s.selectOp);
  const [hover, setHover] = useState<{ drawn: DrawnArrow; x: number; y: number } | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [scrollbarPx, setScrollbarPx] = useState(0);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const window = fixedWindow ?? followWindow(spanMs, nowMs);
  // The plot stops short of the lanes' scroll bar, when they have one.
  const width = Math.max(0, outerWidth - scrollbarPx);
  // The lane labels' column, the lanes' pitch and the ticks' spacing follow the type's size (presenter mode enlarges it).
  const typeMetrics = useTypeMeasure(
    containerRef,
    (root) => {
      const labels = [...root.querySelectorAll<SVGTextElement>('.st-lane text')];
      const widest = Math.max(0, ...labels.map((t) => t.getComputedTextLength()));
      const laneFontPx = labels[0] ? parseFloat(getComputedStyle(labels[0]).fontSize) || 14 : 14;
      const tick = root.querySelector<SVGTextElement>('.st-type-probe text');
      const tickFontPx = tick ? parseFloat(getComputedStyle(tick).fontSize) || 12 : 12;
      return {
        gutterPx: Math.max(64, Math.ceil(widest) + 20),
        tickSpacingPx: Math.max(110, Math.round(tickFontPx * 9)),
        lanePitchPx: lanePitchPx(laneFontPx),
      };
    },
    { gutterPx: 64, tickSpacingPx: 110, lanePitchPx: lanePitchPx(14) },
    `${nodes.join(' ')} ${outerWidth}×${height}`,
  );
  const lanes = useMemo(() => laneIds(nodes), [nodes]);
  const contentHeight = lanesHeight(lanes.length, BANDS, height, typeMetrics.lanePitchPx);
  const frame: SpaceTimeFrame = useMemo(() => ({ width, height: contentHeight, gutterPx: typeMetrics.gutterPx, ...BANDS }), [width, contentHeight, typeMetrics.gutterPx]);
  const ys = useMemo(() => laneYs(lanes, frame), [lanes, frame]);
  const drawn = useMemo(() => (width > 0 ? layoutArrows(log.arrows, nodes, window, nowMs, frame) : []), [log, nodes, window.startMs, window.endMs, nowMs, frame, width]);
  const operations = useMemo(() => (width > 0 ? layoutOperations(log.operations, nodes, window, nowMs, frame) : []), [log, nodes, window.startMs, window.endMs, nowMs, frame, width]);
  const x = timeScale(window, frame);
  // A crashed node's lane shows when it was down: its messages stop there for a reason.
  const faults = useAppStore((s) => s.snapshot?.faults);
  const down = useMemo(() => downSpans(faults ?? []), [faults]);

  // The scroll bar takes its width from the plot only while the lanes overflow.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller === null) return;
    const next = scroller.offsetWidth - scroller.clientWidth;
    setScrollbarPx((now) => (now === next ? now : next));
    setScrollTop(scroller.scrollTop);
  }, [outerWidth, height, contentHeight]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const container = containerRef.current;
    if (canvas === null || container === null || width === 0) return;
    // The canvas is the size of the view, not of all the lanes: it paints the part scrolled into view.
    const fitted = fitCanvasToDevice(canvas, width, height);
    if (fitted === null) return;
    const { ctx, ratio } = fitted;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.gutterPx, frame.axisPx, width - frame.gutterPx, height - frame.axisPx);
    ctx.clip();
    ctx.translate(0, -scrollTop);
    const visible = arrowsInBand(drawn, scrollTop, scrollTop + height);
    drawArrows(ctx, visible, { colours: TRAFFIC_COLOURS, highlighted, dimAlpha: Number(cssVar(container, '--ring-dim', '0.16')) + 0.1 });
    ctx.restore();
    // theme: the paint reads CSS variables the theme changes.
  }, [drawn, highlighted, width, height, frame, theme, scrollTop]);

  // A message picked elsewhere (the operation's list) is scrolled into view when it is off it.
  const selectedDrawn = drawn.find((d) => d.arrow.id === selectedMessageId);
  const selectedTop = selectedDrawn ? Math.min(selectedDrawn.y1, selectedDrawn.y2) : null;
  const selectedBottom = selectedDrawn ? Math.max(selectedDrawn.y1, selectedDrawn.y2) : null;
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller === null || selectedTop === null || selectedBottom === null) return;
    const viewTop = scroller.scrollTop + frame.axisPx;
    const viewBottom = scroller.scrollTop + scroller.clientHeight;
    if (selectedTop >= viewTop && selectedBottom <= viewBottom) return;
    scroller.scrollTo({ top: Math.max(0, (selectedTop + selectedBottom) / 2 - (frame.axisPx + scroller.clientHeight) / 2) });
    // Only when the selection changes: scrolling by hand afterwards is the user's.
  }, [selectedMessageId]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling. Over the lane names
  // and the scroll bar the wheel scrolls the lanes instead.
  const windowRef = useRef(window);
  windowRef.current = window;
  useEffect(() => {
    const element = containerRef.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent) => {
      const rect = element.getBoundingClientRect();
      const px = event.clientX - rect.left;
      if (!event.shiftKey && (px < frame.gutterPx || px >= frame.width)) return;
      event.preventDefault();
      const scale = timeScale(windowRef.current, frame);
      const anchor = scale.invert(px);
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        const delta = (event.shiftKey ? event.deltaY : event.deltaX) / Math.max(1, frame.width - frame.gutterPx);
        setWindow(panWindow(windowRef.current, delta * (windowRef.current.endMs - windowRef.current.startMs)));
      } else {
        setWindow(zoomWindow(windowRef.current, anchor, Math.exp(event.deltaY * 0.002)));
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [frame, setWindow]);

  /** The pointer in the view (for the tooltip) and in the drawing, scrolled lanes included (for picking). */
  const pointerAt = (event: ReactPointerEvent) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const view = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    return { view, drawing: { x: view.x, y: view.y + scrollTop } };
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if ((event.target as Element).closest('[data-hit]')) return;
    if (pointerAt(event).view.x >= width) return; // the scroll bar
    drag.current = { x: event.clientX, y: event.clientY, moved: false };
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d && (event.buttons & 1) === 1) {
      const dx = event.clientX - d.x;
      const dy = event.clientY - d.y;
      if (Math.abs(dx) > 3 || Math.abs(dy) > 3 || d.moved) {
        d.moved = true;
        d.x = event.clientX;
        d.y = event.clientY;
        const msPerPx = (window.endMs - window.startMs) / Math.max(1, width - frame.gutterPx - 12);
        if (dx !== 0) setWindow(panWindow(window, -dx * msPerPx));
        if (dy !== 0 && scrollerRef.current) scrollerRef.current.scrollTop -= dy;
      }
      return;
    }
    const { view, drawing } = pointerAt(event);
    const hit = view.y > frame.axisPx ? hitArrow(drawing, drawn) : undefined;
    setHover(hit ? { drawn: hit, ...view } : null);
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d === null || d.moved || (event.target as Element).closest('[data-hit]')) return;
    const { view, drawing } = pointerAt(event);
    const hit = view.y > frame.axisPx ? hitArrow(drawing, drawn) : undefined;
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
  const ticks = timeTicks(window, frame, typeMetrics.tickSpacingPx).filter((t) => !underNowLabel(t.x));
  return (
    <div
      ref={containerRef}
      className="spacetime-diagram"
      data-testid="space-time"
      data-arrow-count={drawn.length}
      data-window-start={window.startMs.toFixed(3)}
      data-window-end={window.endMs.toFixed(3)}
      data-following={fixedWindow === null}
      data-scrolls={contentHeight > height}
      style={{ '--st-lanes-height': `${lanesHeight(lanes.length, BANDS, 0, typeMetrics.lanePitchPx)}px` } as CSSProperties}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerLeave={() => setHover(null)}
    >
      <canvas ref={canvasRef} aria-hidden="true" />
      <div ref={scrollerRef} className="st-lanes" data-testid="space-time-lanes" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <svg width={width} height={contentHeight} role="img" aria-label={`Space-time diagram: ${drawn.length} messages between ${formatMs(window.startMs)} and ${formatMs(window.endMs)}`}>
          {ticks.map((t) => (
            <g key={t.ms} className="st-tick">
              <line x1={t.x} x2={t.x} y1={frame.axisPx - 4} y2={contentHeight} />
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
          {down.map((span) => {
            const y = ys.get(span.node);
            const endMs = Math.min(span.toMs ?? nowMs, window.endMs);
            if (y === undefined || endMs < window.startMs || span.fromMs > window.endMs) return null;
            const x1 = x(Math.max(span.fromMs, window.startMs));
            const x2 = x(endMs);
            const words = `${span.node} crashed at ${formatMs(span.fromMs)}${span.toMs === undefined ? ', still down' : `, recovered at ${formatMs(span.toMs)}`}`;
            return (
              <g key={`${span.node}-${span.fromMs}`} className="st-down" data-testid={`down-${span.node}`} data-from-ms={span.fromMs}>
                <title>{words}</title>
                <rect x={x1} y={y - 5} width={Math.max(1, x2 - x1)} height={10} />
                {span.fromMs >= window.startMs ? (
                  <text x={x1} y={y - 8} textAnchor="start">
                    ✕ crashed
                  </text>
                ) : null}
              </g>
            );
          })}
          {showsNow ? (
            <g className="st-now">
              <line x1={nowX} x2={nowX} y1={frame.axisPx - 4} y2={contentHeight} />
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
      </div>
      {/* The time axis stays at the top while the lanes scroll beneath it. */}
      <SpaceTimeAxis width={width} axisPx={frame.axisPx} ticks={ticks} now={showsNow ? { x: nowX, ms: nowMs, after: nowAfter } : null} />
      {hover ? (
        <div className="tooltip" style={{ left: Math.min(hover.x + 12, width - 220), top: hover.y + 12 }} data-testid="space-time-tooltip">
          <strong>{hover.drawn.arrow.kind}</strong> {hover.drawn.arrow.from} → {hover.drawn.arrow.to} · #{hover.drawn.arrow.id}
        </div>
      ) : null}
    </div>
  );
}

/**
 * One consistent-hashing ring (Dynamo §4.2, Fig 2): ranges and tokens on a canvas, with an SVG
 * layer for structure — token labels, the hovered range, a key's marker and its walk to the
 * preference list (§4.3), and ranges that moved after a membership change (§6.2).
 */
import { easeCubicInOut, easeLinear, now, select } from 'd3';
// d3 declares itself free of side effects, so bundlers drop the patch that adds
// selection.transition() unless d3-transition is imported for its effect.
import 'd3-transition';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { PointerEvent } from 'react';
import type { NodeId } from '../../../core/types.ts';
import { arcPath, hitTest, labelPlacement, placeLabels, pointAt, ringRadii } from '../../geometry/ring-layout.ts';
import type { ArcSpan, Point, RingHit } from '../../geometry/ring-layout.ts';
import type { KeyWalk, RingModel } from '../../model/ring-model.ts';
import { useAppStore } from '../../store/store.ts';
import { drawRing } from './draw-ring.ts';
import { RingTooltip } from './RingTooltip.tsx';
import { keyLabelBox, KeyMarkerLine, keyMarkerLine, KeyWalkLayer } from './KeyWalkLayer.tsx';
import { useElementSize } from './use-size.ts';
import { fitCanvasToDevice } from '../../geometry/device-canvas.ts';

/** A token name in `.ring-label`'s bold 14 px type is about 10 px a character wide. */
const TOKEN_LABEL_CHAR_PX = 10;

export interface RingDiagramProps {
  model: RingModel;
  colours: ReadonlyMap<NodeId, string>;
  selectedNode?: NodeId | null;
  walk?: KeyWalk | null;
  onNodeClick?: (node: NodeId) => void;
  /** The ring before the last membership change: moved ranges recolour from it. */
  previous?: RingModel | null;
  movedSpans?: readonly ArcSpan[];
  /** Small rings (the strategy lab) leave out per-token labels. */
  compact?: boolean;
  label: string;
  /** Lines written in the ring's hole, the first one large. */
  caption?: readonly string[];
  testId?: string;
}

const TOKEN_LABEL_LIMIT = 72;
const ANIMATION_MS = 1100;

/** A membership change being shown: the rings it goes between and when its recolouring began (d3 `now`). */
interface ShownChange {
  previous: RingModel;
  model: RingModel;
  startedAtMs: number;
}

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

export const RingDiagram = memo(function RingDiagram(props: RingDiagramProps) {
  const { model, colours, selectedNode = null, walk = null, onNodeClick, previous = null, movedSpans, compact = false, label, caption, testId } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const movedRef = useRef<SVGGElement>(null);
  // The change already being shown, and the moved spans already faded in: a resize, a theme or a
  // selected node repaints them where they are, it does not replay the last change.
  const shownChangeRef = useRef<ShownChange | null>(null);
  const fadedSpansRef = useRef<readonly ArcSpan[] | undefined>(undefined);
  const { width, height } = useElementSize(containerRef);
  const theme = useAppStore((s) => s.theme);
  const [hover, setHover] = useState<{ hit: RingHit; pointer: Point } | null>(null);

  const size = Math.max(0, Math.min(width, height));
  const center = useMemo(() => ({ x: width / 2, y: height / 2 }), [width, height]);
  const margin = compact ? 14 : Math.max(40, size * 0.1);
  const radii = ringRadii(size, margin);

  useEffect(() => {
    const canvas = canvasRef.current;
    const container = containerRef.current;
    if (canvas === null || container === null || size === 0) return;
    const fitted = fitCanvasToDevice(canvas, width, height);
    if (fitted === null) return;
    const { ctx, ratio } = fitted;
    const paint = (progress: number) => {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      drawRing(ctx, model, {
        center,
        innerRadius: radii.inner,
        outerRadius: radii.outer,
        tokenRadius: radii.token,
        colours,
        trackColour: cssVar(container, '--ring-track', '#e3e7ec'),
        separatorColour: cssVar(container, '--surface', '#ffffff'),
        dimAlpha: Number(cssVar(container, '--ring-dim', '0.16')),
        selectedNode,
        previous,
        progress,
      });
    };
    if (previous === null) {
      paint(1);
      return;
    }
    // A membership change: recolour the moved ranges from their old owner to the new one, once.
    let shown = shownChangeRef.current;
    if (shown === null || shown.previous !== previous || shown.model !== model) {
      shown = { previous, model, startedAtMs: now() };
      shownChangeRef.current = shown;
    }
    const elapsedMs = now() - shown.startedAtMs;
    if (elapsedMs >= ANIMATION_MS) {
      paint(1);
      return;
    }
    const remainingMs = ANIMATION_MS - elapsedMs;
    const selection = select(canvas);
    selection
      .transition('recolour')
      .duration(remainingMs)
      .ease(easeLinear)
      .tween('recolour', () => (t: number) => paint(easeCubicInOut((elapsedMs + t * remainingMs) / ANIMATION_MS)))
      .on('interrupt', () => paint(1));
    return () => {
      selection.interrupt('recolour');
    };
    // theme is a dependency because the paint reads CSS variables that the theme changes.
  }, [model, colours, selectedNode, previous, width, height, size, center, radii.inner, radii.outer, radii.token, theme]);

  useEffect(() => {
    const group = movedRef.current;
    // The group is drawn once the ring has a size; fade the spans in when they first show.
    if (group === null || fadedSpansRef.current === movedSpans) return;
    fadedSpansRef.current = movedSpans;
    select(group).selectAll('path').interrupt().attr('opacity', 0).transition().delay(150).duration(600).attr('opacity', 1);
  }, [movedSpans, size]);

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const pointer = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    const hit = hitTest(pointer, {
      tokenAngles: model.tokenAngles,
      rangeEndAngles: model.rangeEndAngles,
      center,
      innerRadius: radii.inner,
      outerRadius: radii.token + 6,
      tokenSlopPx: 5,
    });
    setHover(hit ? { hit, pointer } : null);
  };
  const onClick = () => {
    if (!hover || !onNodeClick) return;
    const node = hover.hit.kind === 'token' ? model.tokens[hover.hit.index]?.node : model.ranges[hover.hit.index]?.replicas[0];
    if (node !== undefined) onNodeClick(node);
  };

  const hoveredSpan = hover?.hit.kind === 'range' ? model.ranges[hover.hit.index]?.span : undefined;
  const hoveredToken = hover?.hit.kind === 'token' ? model.tokens[hover.hit.index] : undefined;
  const translate = `translate(${center.x},${center.y})`;
  const showTokenLabels = !compact && model.tokens.length <= TOKEN_LABEL_LIMIT;
  // The key's name goes outside the token names, when they are written.
  const keyLabelGap = showTokenLabels ? 34 : 20;
  const keyLine = useMemo(
    () => (walk ? keyMarkerLine(walk, { inner: radii.inner, token: radii.token }, keyLabelGap) : undefined),
    [walk, radii.inner, radii.token, keyLabelGap],
  );
  // Names that would overlap give way; a key's preference-list tokens keep theirs first (moved out
  // when two sit side by side), and the other names give way to the key's marker line.
  const labelledTokens = useMemo(
    () =>
      showTokenLabels
        ? placeLabels(
            model.tokens.map((t) => ({ angle: t.angle, text: t.node })),
            radii.token + 4,
            {
              charPx: TOKEN_LABEL_CHAR_PX,
              first: new Set(walk?.stops.map((stop) => stop.tokenIndex) ?? []),
              avoid: keyLine ? [keyLine] : [],
              obstacles: walk ? [keyLabelBox(walk, { token: radii.token }, keyLabelGap, TOKEN_LABEL_CHAR_PX)] : [],
              moveOutPx: 32,
            },
          )
        : [],
    [showTokenLabels, model, radii.token, walk, keyLine, keyLabelGap],
  );

  return (
    <div
      ref={containerRef}
      className="ring-diagram"
      data-testid={testId}
      data-selected-node={selectedNode ?? ''}
      data-token-count={model.tokens.length}
      data-range-count={model.ranges.length}
      onPointerMove={onPointerMove}
      onPointerLeave={() => setHover(null)}
      onClick={onClick}
      style={{ cursor: hover && onNodeClick ? 'pointer' : 'default' }}
    >
      <canvas ref={canvasRef} aria-hidden="true" />
      <svg width={width} height={height} role="img" aria-label={label}>
        {size > 0 ? (
          <g transform={translate}>
            {keyLine ? <KeyMarkerLine line={keyLine} /> : null}
            {showTokenLabels
              ? labelledTokens.map(({ index, radius }) => {
                  const token = model.tokens[index];
                  if (!token) return null;
                  const at = labelPlacement(token.angle, radius, { x: 0, y: 0 });
                  return (
                    <text key={token.position} className="ring-label" x={at.x} y={at.y} textAnchor={at.anchor} dominantBaseline="middle" opacity={selectedNode && selectedNode !== token.node ? 0.35 : 1}>
                      {token.node}
                    </text>
                  );
                })
              : null}
            {hoveredSpan ? <path d={arcPath(hoveredSpan, radii.inner - 2, radii.outer + 2)} fill="none" stroke="var(--highlight)" strokeWidth={2} /> : null}
            {hoveredToken ? (
              <line
                x1={pointAt(hoveredToken.angle, radii.inner, { x: 0, y: 0 }).x}
                y1={pointAt(hoveredToken.angle, radii.inner, { x: 0, y: 0 }).y}
                x2={pointAt(hoveredToken.angle, radii.token + 4, { x: 0, y: 0 }).x}
                y2={pointAt(hoveredToken.angle, radii.token + 4, { x: 0, y: 0 }).y}
                stroke="var(--highlight)"
                strokeWidth={3}
              />
            ) : null}
            <g ref={movedRef} data-testid={testId ? `${testId}-moved` : undefined}>
              {(movedSpans ?? []).map((span, i) => (
                <path key={i} d={arcPath(span, radii.outer + 3, radii.outer + (compact ? 8 : 10))} fill="var(--highlight)" />
              ))}
            </g>
            {caption && !compact
              ? caption.map((line, i) => (
                  <text key={i} className={`ring-caption${i === 0 ? ' strong' : ''}`} x={0} y={(i - (caption.length - 1) / 2) * 24} textAnchor="middle" dominantBaseline="middle">
                    {line}
                  </text>
                ))
              : null}
            {walk ? <KeyWalkLayer model={model} walk={walk} radii={radii} colours={colours} labelGap={keyLabelGap} /> : null}
          </g>
        ) : null}
      </svg>
      {hover ? <RingTooltip model={model} hit={hover.hit} pointer={hover.pointer} width={width} /> : null}
    </div>
  );
});

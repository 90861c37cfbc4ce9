/**
 * A key on the ring (Dynamo §4.3, Fig 2): its MD5 position as a marker (its line drawn under the
 * token names, `KeyMarkerLine`), its range outlined, and the clockwise walk to the tokens where each of its N home replicas is first met, numbered in order.
 */
import type { NodeId } from '../../../core/types.ts';
import { arcPath, labelBox, labelPlacement, pointAt, type Box, type RadialLine } from '../../geometry/ring-layout.ts';
import type { KeyWalk, RingModel } from '../../model/ring-model.ts';
import { textColourOn } from '../../theme/contrast.ts';

const ORIGIN = { x: 0, y: 0 };
/** A numbered marker's radius, px. */
const MARKER_R = 11;

/**
 * Where each home replica's numbered marker goes: on the walk's arc at its token, or stepped
 * inward where it would cover an earlier one (tokens of random strategies can sit side by side).
 */
function markerPoints(stops: readonly { angle: number }[], walkRadius: number): { x: number; y: number }[] {
  const placed: { x: number; y: number }[] = [];
  for (const stop of stops) {
    let at = pointAt(stop.angle, walkRadius, ORIGIN);
    for (let step = 1; step <= 3 && placed.some((p) => Math.hypot(p.x - at.x, p.y - at.y) < 2 * MARKER_R + 1); step++)
      at = pointAt(stop.angle, walkRadius - step * (2 * MARKER_R + 2), ORIGIN);
    placed.push(at);
  }
  return placed;
}

/** The key's name as written beside its marker. */
function keyLabelText(key: string): string {
  return key.length > 18 ? `${key.slice(0, 17)}…` : key;
}

/** The box the key's name covers (`charPx` per character of its bold type), for the token names to keep clear of. */
export function keyLabelBox(walk: KeyWalk, radii: { token: number }, labelGap: number, charPx: number): Box {
  return labelBox(walk.angle, radii.token + labelGap, keyLabelText(walk.key), { charPx, lineHeightPx: 16, paddingPx: 2 });
}

/** The radial line of the key's marker, from inside the ring out to its name. */
export function keyMarkerLine(walk: KeyWalk, radii: { inner: number; token: number }, labelGap: number): RadialLine {
  return { angle: walk.angle, fromRadius: radii.inner - 6, toRadius: radii.token + labelGap - 8 };
}

/**
 * The key marker's line, drawn under the token names: a home replica's name it passes keeps a
 * halo over it and stays readable (the other names give way to it, `nonOverlappingLabels`).
 */
export function KeyMarkerLine({ line }: { line: RadialLine }) {
  const inner = pointAt(line.angle, line.fromRadius, ORIGIN);
  const outer = pointAt(line.angle, line.toRadius, ORIGIN);
  return <line data-testid="key-marker-line" x1={inner.x} y1={inner.y} x2={outer.x} y2={outer.y} stroke="var(--highlight)" strokeWidth={3} pointerEvents="none" />;
}

export function KeyWalkLayer({
  model,
  walk,
  radii,
  colours,
  labelGap,
}: {
  model: RingModel;
  walk: KeyWalk;
  radii: { inner: number; outer: number; token: number };
  colours: ReadonlyMap<NodeId, string>;
  /** How far outside the token ticks the key's name goes, clear of any token labels. */
  labelGap: number;
}) {
  const range = model.ranges[walk.rangeIndex];
  const markerOuter = pointAt(walk.angle, keyMarkerLine(walk, radii, labelGap).toRadius, ORIGIN);
  const keyLabel = labelPlacement(walk.angle, radii.token + labelGap, ORIGIN);
  const walkRadius = radii.inner - 10;
  const primaries = walk.stops.filter((s) => s.role === 'primary');
  const firstFallback = walk.stops.find((s) => s.role === 'fallback');
  // The first fallback's dashed ring steps aside from the numbered markers too.
  const markers = markerPoints(firstFallback ? [...primaries, firstFallback] : primaries, walkRadius);
  const fallbackAt = firstFallback ? markers.at(-1) : undefined;
  return (
    <g data-testid="key-walk" pointerEvents="none">
      {range ? <path d={arcPath(range.span, radii.inner, radii.outer)} fill="var(--highlight)" fillOpacity={0.22} stroke="var(--highlight)" strokeWidth={2.5} /> : null}
      <path data-testid="key-walk-span" d={arcPath(walk.walkSpan, walkRadius - 3, walkRadius + 3)} fill="var(--highlight)" opacity={0.75} />
      <circle cx={markerOuter.x} cy={markerOuter.y} r={5} className="key-marker" />
      <text className="key-label" x={keyLabel.x} y={keyLabel.y} textAnchor={keyLabel.anchor} dominantBaseline="middle">
        {keyLabelText(walk.key)}
      </text>
      {/* The numbered home replicas and the first stand-in: the walk's answer, which a lesson may hide. */}
      <g data-testid="key-walk-replicas">
      {markers.slice(0, primaries.length).map((at, i) => {
        const stop = primaries[i] as (typeof primaries)[number];
        const fill = colours.get(stop.node) ?? '#888888';
        return (
          <g key={stop.node} transform={`translate(${at.x},${at.y})`} data-testid={`walk-marker-${i + 1}`}>
            <circle r={MARKER_R} fill={fill} stroke="var(--highlight)" strokeWidth={2} />
            <text textAnchor="middle" dominantBaseline="central" fontSize={12} fontWeight={700} fill={textColourOn(fill)}>
              {i + 1}
            </text>
          </g>
        );
      })}
      {fallbackAt ? (
        <circle
          cx={fallbackAt.x}
          cy={fallbackAt.y}
          r={9}
          fill="none"
          stroke="var(--highlight)"
          strokeWidth={2}
          strokeDasharray="3 3"
        />
      ) : null}
      </g>
    </g>
  );
}

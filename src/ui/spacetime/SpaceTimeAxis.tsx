/**
 * The space-time diagram's time axis: tick labels and the "now" label on a band of its own at the
 * top of the view, which stays put while the lanes scroll beneath it.
 */

/** A time as the axis and the diagram's label say it: whole ms, or seconds from 10 s on. */
export function formatMs(ms: number): string {
  return Math.abs(ms) >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export interface SpaceTimeAxisProps {
  width: number;
  axisPx: number;
  ticks: readonly { ms: number; x: number; label: string }[];
  /** Where "now" is, or null when it is outside the window; its label reads right of its line when `after`. */
  now: { x: number; ms: number; after: boolean } | null;
}

export function SpaceTimeAxis({ width, axisPx, ticks, now }: SpaceTimeAxisProps) {
  return (
    <svg className="st-axis" width={width} height={axisPx} aria-hidden="true">
      <rect className="st-axis-band" width={width} height={axisPx} />
      {/* Always drawn, never seen: the tick labels' type, measured even when no tick shows. */}
      <g className="st-tick st-type-probe" visibility="hidden">
        <text x={0} y={0}>
          0 ms
        </text>
      </g>
      {ticks.map((t) => (
        <g key={t.ms} className="st-tick">
          <line x1={t.x} x2={t.x} y1={axisPx - 4} y2={axisPx} />
          <text x={t.x} y={axisPx - 8} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
      {now ? (
        <g className="st-now" data-testid="space-time-now">
          <line x1={now.x} x2={now.x} y1={axisPx - 4} y2={axisPx} />
          {/* On the axis, where the operation bars below cannot cover it. */}
          <text x={now.after ? now.x + 4 : now.x - 4} y={axisPx - 8} textAnchor={now.after ? 'start' : 'end'}>
            now {formatMs(now.ms)}
          </text>
        </g>
      ) : null}
    </svg>
  );
}

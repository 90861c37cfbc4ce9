/**
 * One live metrics chart (Dynamo §6): time axis in seconds of virtual time, a value axis with its
 * unit, a legend with each line's latest value, and optional marks (stale reads) a person can click.
 */
import { useMemo, useRef } from 'react';
import type { MetricsBucket } from '../../sim/metrics.ts';
import { useElementSize } from '../views/ring/use-size.ts';
import { usePresenter } from '../presenter/presenter-store.ts';
import { labelledMarks, type FaultMark } from './fault-marks.ts';
import { layoutChart } from './metric-charts.ts';
import type { ChartSize, MetricChart } from './metric-charts.ts';

export interface ChartMark {
  id: number;
  atMs: number;
  label: string;
}

export interface LineChartProps {
  chart: MetricChart;
  series: readonly MetricsBucket[];
  marks?: readonly ChartMark[];
  onMark?: (mark: ChartMark) => void;
  /** Changes made to the run (crash, partition, …), drawn as dashed lines across the chart. */
  faults?: readonly FaultMark[];
}

/** Room a fault's label takes before the next one is written, px. */
const FAULT_LABEL_GAP_PX = 96;

/** Room for the axes' type: presenter mode's type is about 1.6 times larger (presenter.css). */
const FRAMES = {
  normal: { height: 170, margin: { top: 10, right: 12, bottom: 24, left: 44 } },
  presenting: { height: 250, margin: { top: 14, right: 20, bottom: 40, left: 86 } },
} as const;

function formatLatest(v: number | undefined): string {
  if (v === undefined) return '—';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
}

export function LineChart({ chart, series, marks = [], onMark, faults = [] }: LineChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const presenting = usePresenter((s) => s.presenting);
  const { height: HEIGHT, margin: MARGIN } = presenting ? FRAMES.presenting : FRAMES.normal;
  const size: ChartSize = useMemo(() => ({ width: Math.max(200, width), height: HEIGHT, margin: MARGIN }), [width, HEIGHT, MARGIN]);
  const layout = useMemo(() => layoutChart(series, chart, size), [series, chart, size]);
  const bottom = HEIGHT - MARGIN.bottom;
  const markY = MARGIN.top + 6;
  const right = size.width - MARGIN.right;
  const faultXs = faults.map((f) => layout.xOf(f.atMs));
  const labelled = labelledMarks(faultXs, FAULT_LABEL_GAP_PX);
  return (
    <figure className="metric-chart" data-testid={`chart-${chart.id}`} data-points={layout.lines.reduce((n, l) => n + l.points.length, 0)}>
      <figcaption>
        <span className="chart-title">{chart.title}</span>
        <span className="chart-legend">
          {layout.lines.map((l) => (
            <span key={l.id} className="legend-item">
              <svg width="18" height="8" aria-hidden="true">
                <line x1="0" x2="18" y1="4" y2="4" stroke={l.colour} strokeWidth="2.5" strokeDasharray={l.dashed ? '4 2' : undefined} />
              </svg>
              {l.label} <strong>{formatLatest(layout.latest[l.id])}</strong>
            </span>
          ))}
          {/* The legend's numbers are the newest point's, not the run's totals beside the charts. */}
          <span className="legend-note">latest second</span>
        </span>
      </figcaption>
      <div ref={ref} className="chart-body">
        <svg width={size.width} height={HEIGHT} role="img" aria-label={`${chart.title} in ${chart.unit} over virtual time`}>
          <g className="axis y-axis" data-testid="y-axis">
            {layout.yTicks.map((t) => (
              <g key={t.label}>
                <line className="grid" x1={MARGIN.left} x2={size.width - MARGIN.right} y1={t.y} y2={t.y} />
                <text x={MARGIN.left - 6} y={t.y} textAnchor="end" dominantBaseline="middle">
                  {t.label}
                </text>
              </g>
            ))}
            <text className="unit" x={4} y={MARGIN.top - 2} dominantBaseline="hanging" transform={`rotate(-90 4 ${MARGIN.top - 2})`} textAnchor="end">
              {chart.unit}
            </text>
          </g>
          <g className="axis x-axis" data-testid="x-axis">
            <line x1={MARGIN.left} x2={size.width - MARGIN.right} y1={bottom} y2={bottom} />
            {layout.xTicks.map((t) => (
              <g key={t.label}>
                <line x1={t.x} x2={t.x} y1={bottom} y2={bottom + 4} />
                <text x={t.x} y={bottom + 6} textAnchor="middle" dominantBaseline="hanging">
                  {t.label}
                </text>
              </g>
            ))}
          </g>
          {faults.map((f, i) => {
            const x = faultXs[i] ?? 0;
            if (x < MARGIN.left - 1 || x > right + 1) return null;
            const nearRight = x > right - FAULT_LABEL_GAP_PX;
            return (
              <g key={`${f.atMs}-${i}`} className="fault-mark" data-testid={`fault-mark-${chart.id}`} data-label={f.label}>
                <line x1={x} x2={x} y1={MARGIN.top} y2={bottom} />
                {labelled[i] ? (
                  <text x={nearRight ? x - 3 : x + 3} y={MARGIN.top} dominantBaseline="hanging" textAnchor={nearRight ? 'end' : 'start'}>
                    {f.label}
                  </text>
                ) : null}
                <title>{`${f.label} at ${(f.atMs / 1000).toFixed(3)} s`}</title>
              </g>
            );
          })}
          {layout.lines.map((l) => (
            <g key={l.id} data-testid={`line-${chart.id}-${l.id}`} data-points={l.points.length}>
              <path d={l.path} fill="none" stroke={l.colour} strokeWidth={2} strokeDasharray={l.dashed ? '5 3' : undefined} />
              {l.points.length <= 90 ? l.points.map((p) => <circle key={p.atMs} cx={p.x} cy={p.y} r={2.2} fill={l.colour} />) : null}
            </g>
          ))}
          {marks.map((m) => {
            const x = layout.xOf(m.atMs);
            if (x < MARGIN.left - 1 || x > size.width - MARGIN.right + 1) return null;
            return (
              <g
                key={m.id}
                className="chart-mark"
                data-testid={`stale-read-${m.id}`}
                role="button"
                tabIndex={0}
                aria-label={m.label}
                onClick={() => onMark?.(m)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') onMark?.(m);
                }}
              >
                <line x1={x} x2={x} y1={markY} y2={bottom} />
                {/* A wider, invisible line to click: the drawn one is a pixel wide. */}
                <line className="hit" x1={x} x2={x} y1={markY} y2={bottom} />
                <circle cx={x} cy={markY} r={5} />
                <title>{m.label}</title>
              </g>
            );
          })}
        </svg>
      </div>
      <p className="chart-note">{chart.note}</p>
    </figure>
  );
}

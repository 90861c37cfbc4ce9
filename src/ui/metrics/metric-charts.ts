/**
 * The live charts' data and geometry (Dynamo §6: latency percentiles, staleness, divergent versions,
 * hint backlog, anti-entropy traffic, messages per operation), one point per second of virtual time
 * from the metrics series. Pure: scales, ticks and line paths that tests check and React draws.
 */
import { line, scaleLinear } from 'd3';
import type { MetricsBucket } from '../../sim/metrics.ts';

export interface MetricLine {
  id: string;
  label: string;
  colour: string;
  /** undefined: no value this second (no reads, say) — the line has a gap there. */
  value: (bucket: MetricsBucket) => number | undefined;
  dashed?: boolean;
}

export interface MetricChart {
  id: string;
  title: string;
  /** The y axis' unit, shown beside it. */
  unit: string;
  lines: MetricLine[];
  /** Help text: what the paper says to look for. */
  note: string;
  /** Whole things (hints, versions): the axis ticks whole numbers and shows at least 0–4 when quiet. */
  counts?: boolean;
}

const ops = (b: MetricsBucket) => b.reads + b.writes + b.failed;

/**
 * The second still running has counts but no percentiles yet (they are computed when it closes), and
 * no message arrives in 0 ms: a zero percentile means "not known yet", not "instant".
 */
const hasLatency = (count: number, percentileMs: number) => count > 0 && percentileMs > 0;

export const METRIC_CHARTS: readonly MetricChart[] = [
  {
    id: 'read-latency',
    title: 'Read latency',
    unit: 'ms',
    note: 'p50 and p99 of gets finished each second (§6, Fig. 4)',
    lines: [
      { id: 'p50', label: 'p50', colour: '#1e9a52', value: (b) => (hasLatency(b.reads, b.readP50Ms) ? b.readP50Ms : undefined) },
      { id: 'p99', label: 'p99', colour: '#0b5a2c', value: (b) => (hasLatency(b.reads, b.readP99Ms) ? b.readP99Ms : undefined), dashed: true },
    ],
  },
  {
    id: 'write-latency',
    title: 'Write latency',
    unit: 'ms',
    note: 'p50 and p99 of puts finished each second (§6, Fig. 4)',
    lines: [
      { id: 'p50', label: 'p50', colour: '#1f6fd1', value: (b) => (hasLatency(b.writes, b.writeP50Ms) ? b.writeP50Ms : undefined) },
      { id: 'p99', label: 'p99', colour: '#0d3c78', value: (b) => (hasLatency(b.writes, b.writeP99Ms) ? b.writeP99Ms : undefined), dashed: true },
    ],
  },
  {
    id: 'stale-reads',
    title: 'Stale reads',
    unit: '% of reads',
    note: 'gets that missed an acknowledged write; click a mark to see it',
    lines: [{ id: 'rate', label: 'stale-read rate', colour: '#e0571b', value: (b) => (b.reads > 0 ? (100 * b.staleReads) / b.reads : undefined) }],
  },
  {
    id: 'versions',
    title: 'Versions per read',
    unit: 'versions',
    counts: true,
    note: 'most versions one get returned in each second. Siblings are writes that did not see each other: workload clients write with the context of their own last answer, not a fresh read, so a busy key gathers them until one write’s context covers them (§4.4). At Amazon 99.94 % of reads saw one version (§6.3).',
    lines: [{ id: 'max', label: 'max versions', colour: '#7c5cc4', value: (b) => (b.reads > 0 ? b.maxVersions : undefined) }],
  },
  {
    id: 'hints',
    title: 'Hint backlog',
    unit: 'hints',
    counts: true,
    note: 'hinted replicas waiting for their home node (§4.6)',
    lines: [{ id: 'backlog', label: 'hints held', colour: '#d4a017', value: (b) => b.hintBacklog }],
  },
  {
    id: 'anti-entropy',
    title: 'Anti-entropy traffic',
    unit: 'keys / s',
    note: 'keys Merkle exchanges sent to repair replicas (§4.7)',
    lines: [{ id: 'keys', label: 'keys repaired', colour: '#c2408f', value: (b) => b.antiEntropyKeys }],
  },
  {
    id: 'messages',
    title: 'Messages per operation',
    unit: 'msgs / op',
    note: 'every message sent in a second (gossip and anti-entropy too) ÷ operations finished in it',
    lines: [{ id: 'per-op', label: 'messages ÷ ops', colour: '#59636e', value: (b) => (ops(b) > 0 ? b.messages / ops(b) : undefined) }],
  },
];

export interface ChartSize {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface ChartPoint {
  x: number;
  y: number;
  atMs: number;
  value: number;
}

export interface LaidOutLine {
  id: string;
  label: string;
  colour: string;
  dashed: boolean;
  path: string;
  points: ChartPoint[];
}

export interface ChartLayout {
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  lines: LaidOutLine[];
  /** Maps virtual time (ms) and a value to the chart's pixels. */
  xOf: (ms: number) => number;
  yOf: (value: number) => number;
  /** The newest value of each line, for the legend. */
  latest: Record<string, number | undefined>;
}

/** A bucket is drawn at its middle second. */
function bucketMidMs(b: MetricsBucket): number {
  return b.startMs + 500;
}

export function layoutChart(series: readonly MetricsBucket[], chart: MetricChart, size: ChartSize): ChartLayout {
  const { width, height, margin } = size;
  const firstMs = series[0]?.startMs ?? 0;
  const lastMs = Math.max(firstMs + 1000, (series.at(-1)?.startMs ?? 0) + 1000);
  const x = scaleLinear().domain([firstMs, lastMs]).range([margin.left, width - margin.right]);
  let max = 0;
  for (const b of series) for (const l of chart.lines) max = Math.max(max, l.value(b) ?? 0);
  const y = scaleLinear()
    .domain([0, chart.counts === true ? Math.max(max, 4) : max > 0 ? max : 1])
    .range([height - margin.bottom, margin.top])
    .nice(4);
  const lines = chart.lines.map((l): LaidOutLine => {
    const points: ChartPoint[] = [];
    const values = series.map((b) => ({ atMs: bucketMidMs(b), value: l.value(b) }));
    for (const v of values) if (v.value !== undefined && Number.isFinite(v.value)) points.push({ x: x(v.atMs), y: y(v.value), atMs: v.atMs, value: v.value });
    const path =
      line<{ atMs: number; value: number | undefined }>()
        .defined((v) => v.value !== undefined && Number.isFinite(v.value))
        .x((v) => x(v.atMs))
        .y((v) => y(v.value ?? 0))(values) ?? '';
    return { id: l.id, label: l.label, colour: l.colour, dashed: l.dashed ?? false, path, points };
  });
  const latest: Record<string, number | undefined> = {};
  for (const l of chart.lines) {
    let v: number | undefined;
    for (let i = series.length - 1; i >= 0 && v === undefined; i--) {
      const b = series[i];
      if (b) v = l.value(b);
    }
    latest[l.id] = v;
  }
  const xTickCount = Math.max(2, Math.floor((width - margin.left - margin.right) / 70));
  return {
    xTicks: x.ticks(xTickCount).map((ms) => ({ x: x(ms), label: `${ms / 1000}s` })),
    yTicks: y
      .ticks(4)
      .filter((v) => chart.counts !== true || Number.isInteger(v))
      .map((v) => ({ y: y(v), label: formatTick(v) })),
    lines,
    xOf: (ms) => x(ms),
    yOf: (v) => y(v),
    latest,
  };
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000) return `${v / 1000}k`;
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}

/**
 * Geometry of the experiment charts (Dynamo §6 figures): line charts with a linear or log x axis
 * and grouped bar charts with a linear or log y axis. Pure: scales, ticks, paths and bar rectangles
 * that tests check and React draws (style.md: D3 computes, components own the DOM).
 */
import { line, scaleBand, scaleLinear, scaleLog } from 'd3';

export type Scale = 'linear' | 'log';

export interface Series {
  id: string;
  label: string;
  colour: string;
  dashed?: boolean;
  points: readonly { x: number; y: number }[];
}

export interface LineChartSpec {
  kind: 'line';
  id: string;
  title: string;
  /** Axis titles with their unit, e.g. "t after the write ack (ms)". */
  xLabel: string;
  yLabel: string;
  xScale: Scale;
  /** Fixed y domain (probabilities: [0, 1]); otherwise from the data. */
  yDomain?: readonly [number, number];
  series: readonly Series[];
  /** Horizontal reference lines, e.g. the target P. */
  rules?: readonly { y: number; label: string }[];
  note: string;
}

export interface BarGroup {
  category: string;
  /** One value per series, in the series' order; undefined leaves a gap. */
  values: readonly (number | undefined)[];
}

export interface BarChartSpec {
  kind: 'bar';
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  yScale: Scale;
  series: readonly { id: string; label: string; colour: string }[];
  groups: readonly BarGroup[];
  rules?: readonly { y: number; label: string }[];
  note: string;
}

export type ChartSpec = LineChartSpec | BarChartSpec;

export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface Tick {
  at: number;
  label: string;
}

export interface LaidOutSeries {
  id: string;
  label: string;
  colour: string;
  dashed: boolean;
  path: string;
  points: { x: number; y: number; value: { x: number; y: number } }[];
}

export interface LaidOutBar {
  seriesId: string;
  category: string;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
  colour: string;
}

export interface ChartLayout {
  xTicks: Tick[];
  yTicks: Tick[];
  series: LaidOutSeries[];
  bars: LaidOutBar[];
  /** Reference lines; each label sits right of the plot, at `labelY` (spread apart when close). */
  rules: { y: number; label: string; labelY: number }[];
  /** Pixel extent of the plot area. */
  plot: { left: number; right: number; top: number; bottom: number };
}

/** A tick label a student reads: 0.95, 12, 1.5k, 1M. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${trim(v / 1e6)}M`;
  if (abs >= 1e3) return `${trim(v / 1e3)}k`;
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** A log domain spanning the data's positive values, widened to whole powers of ten. */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [1, 10];
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  let lo = 10 ** Math.floor(Math.log10(min));
  let hi = 10 ** Math.ceil(Math.log10(max));
  // log10 rounds: just under a power of ten can land on it.
  if (lo > min) lo /= 10;
  if (hi < max) hi *= 10;
  return [lo, hi > lo ? hi : lo * 10];
}

/** Log ticks at powers of ten only, so labels never crowd. */
function logTicks(domain: readonly [number, number]): number[] {
  const ticks: number[] = [];
  for (let e = Math.round(Math.log10(domain[0])); 10 ** e <= domain[1] * 1.0001; e++)
    ticks.push(10 ** e);
  return ticks;
}

function plotOf(box: ChartBox): ChartLayout['plot'] {
  return {
    left: box.margin.left,
    right: box.width - box.margin.right,
    top: box.margin.top,
    bottom: box.height - box.margin.bottom,
  };
}

export function layoutLineChart(spec: LineChartSpec, box: ChartBox): ChartLayout {
  const plot = plotOf(box);
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = spec.series.flatMap((s) => s.points.map((p) => p.y));
  const xLog = spec.xScale === 'log';
  const xDomain: [number, number] = xLog
    ? logDomain(xs)
    : [Math.min(0, ...xs), Math.max(1e-9, ...xs)];
  const x = (xLog ? scaleLog() : scaleLinear()).domain(xDomain).range([plot.left, plot.right]);
  const y = scaleLinear()
    .domain(spec.yDomain ? [...spec.yDomain] : [Math.min(0, ...ys), Math.max(1e-9, ...ys)])
    .range([plot.bottom, plot.top]);
  if (!spec.yDomain) y.nice(5);
  const tickCount = Math.max(2, Math.floor((plot.right - plot.left) / 80));
  const series = spec.series.map((s): LaidOutSeries => {
    const drawable = s.points.filter(
      (p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!xLog || p.x > 0),
    );
    const sorted = [...drawable].sort((a, b) => a.x - b.x);
    const path =
      line<{ x: number; y: number }>()
        .x((p) => x(p.x))
        .y((p) => y(p.y))(sorted) ?? '';
    return {
      id: s.id,
      label: s.label,
      colour: s.colour,
      dashed: s.dashed ?? false,
      path,
      points: sorted.map((p) => ({ x: x(p.x), y: y(p.y), value: p })),
    };
  });
  return {
    xTicks: (xLog ? logTicks(xDomain) : x.ticks(tickCount)).map((v) => ({
      at: x(v),
      label: formatTick(v),
    })),
    yTicks: y.ticks(5).map((v) => ({ at: y(v), label: formatTick(v) })),
    series,
    bars: [],
    rules: layoutRules(spec.rules, y, plot),
    plot,
  };
}

/** The type size of a reference line's label. */
export const RULE_LABEL_FONT_PX = 11;

/**
 * Room right of the plot for the reference lines' labels ("+15 %", "target 0.999"), so they never
 * sit on a bar or a curve: their widest label at ~0.62 em a character, and a gap either side.
 */
export function ruleLabelRoomPx(rules: readonly { label: string }[] | undefined): number {
  const longest = Math.max(0, ...(rules ?? []).map((r) => r.label.length));
  return longest === 0 ? 0 : Math.ceil(longest * RULE_LABEL_FONT_PX * 0.62) + 12;
}

/**
 * Label heights for lines at `ys`: each at its line, pushed apart to `gapPx` between neighbours
 * and kept inside [top, bottom], in the lines' order.
 */
export function spreadLabels(ys: readonly number[], gapPx: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => Math.min(bottom, Math.max(top, o.y)));
  for (let k = 1; k < placed.length; k++)
    placed[k] = Math.max(placed[k] ?? 0, (placed[k - 1] ?? 0) + gapPx);
  // Pushed past the bottom: shift back up, keeping the gaps.
  for (let k = placed.length - 1; k >= 0; k--) {
    const limit = k === placed.length - 1 ? bottom : (placed[k + 1] ?? bottom) - gapPx;
    placed[k] = Math.min(placed[k] ?? 0, limit);
  }
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = placed[k] ?? o.y));
  return out;
}

function layoutRules(
  rules: readonly { y: number; label: string }[] | undefined,
  y: (v: number) => number,
  plot: ChartLayout['plot'],
): ChartLayout['rules'] {
  const at = (rules ?? []).map((r) => ({ y: y(r.y), label: r.label }));
  const half = RULE_LABEL_FONT_PX / 2;
  const labelYs = spreadLabels(at.map((r) => r.y), RULE_LABEL_FONT_PX + 2, plot.top + half, plot.bottom - half);
  return at.map((r, i) => ({ ...r, labelY: labelYs[i] ?? r.y }));
}

export function layoutBarChart(spec: BarChartSpec, box: ChartBox): ChartLayout {
  const plot = plotOf(box);
  const values = spec.groups.flatMap((g) =>
    g.values.filter((v): v is number => v !== undefined && Number.isFinite(v)),
  );
  const yLog = spec.yScale === 'log';
  const [lo, hi] = logDomain(values);
  // A decade of room under the smallest bar, or it would have no height at all.
  const y = yLog
    ? scaleLog()
        .domain([lo / 10, hi])
        .range([plot.bottom, plot.top])
    : scaleLinear()
        .domain([0, Math.max(1e-9, ...values, ...(spec.rules ?? []).map((r) => r.y))])
        .range([plot.bottom, plot.top])
        .nice(5);
  const outer = scaleBand()
    .domain(spec.groups.map((g) => g.category))
    .range([plot.left, plot.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const inner = scaleBand()
    .domain(spec.series.map((s) => s.id))
    .range([0, outer.bandwidth()])
    .padding(0.05);
  const bars: LaidOutBar[] = [];
  for (const g of spec.groups) {
    spec.series.forEach((s, i) => {
      const value = g.values[i];
      if (value === undefined || !Number.isFinite(value) || (yLog && value <= 0)) return;
      const top = y(value);
      bars.push({
        seriesId: s.id,
        category: g.category,
        x: (outer(g.category) ?? 0) + (inner(s.id) ?? 0),
        y: top,
        width: inner.bandwidth(),
        height: Math.max(0, plot.bottom - top),
        value,
        colour: s.colour,
      });
    });
  }
  // Label every category when they fit; otherwise about one per 40 px.
  const every = Math.max(
    1,
    Math.ceil(spec.groups.length / Math.max(1, Math.floor((plot.right - plot.left) / 40))),
  );
  return {
    xTicks: spec.groups
      .filter((_, i) => i % every === 0)
      .map((g) => ({ at: (outer(g.category) ?? 0) + outer.bandwidth() / 2, label: g.category })),
    yTicks: (yLog ? logTicks(y.domain() as [number, number]) : y.ticks(5)).map((v) => ({
      at: y(v),
      label: formatTick(v),
    })),
    series: [],
    bars,
    rules: layoutRules(spec.rules, y, plot),
    plot,
  };
}

export function layoutChart(spec: ChartSpec, box: ChartBox): ChartLayout {
  return spec.kind === 'line' ? layoutLineChart(spec, box) : layoutBarChart(spec, box);
}

export interface LegendItem {
  label: string;
  x: number;
  y: number;
}

/** Legend entries left to right, wrapping at `width`; text width estimated at `charPx` per character. */
export function layoutLegend(
  labels: readonly string[],
  width: number,
  { left = 8, top = 0, rowPx = 18, swatchPx = 26, charPx = 7, gapPx = 16 } = {},
): { items: LegendItem[]; height: number } {
  const items: LegendItem[] = [];
  let x = left;
  let y = top;
  for (const label of labels) {
    const w = swatchPx + label.length * charPx + gapPx;
    if (x > left && x + w > width) {
      x = left;
      y += rowPx;
    }
    items.push({ label, x, y });
    x += w;
  }
  return { items, height: labels.length === 0 ? 0 : y - top + rowPx };
}

/**
 * `text` in lines of at most `max` characters, broken between words; a word longer than a line is
 * cut into pieces, or it would run past the edge.
 */
export function wrapWords(text: string, max: number): string[] {
  const size = Math.max(1, Math.floor(max));
  const words = text
    .split(/\s+/)
    .flatMap((word) =>
      word.length <= size
        ? [word]
        : Array.from({ length: Math.ceil(word.length / size) }, (_, i) =>
            word.slice(i * size, (i + 1) * size),
          ),
    );
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > size) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** The chart title's type size; it is set semibold. */
export const TITLE_FONT_PX = 15;

export interface TitleLayout {
  /** Each line's text and the start of its baseline. */
  lines: { text: string; x: number; y: number }[];
  /** From the chart's top to below the last line: where the legend begins. */
  height: number;
}

/**
 * The chart title in lines that stay `insetPx` inside both edges of a chart `width` wide, so the
 * page and an exported SVG/PNG keep all of it. Text width is estimated at `charEm` of the type
 * size per character: the widest common UI sans at semibold (DejaVu Sans Bold, system-ui on Linux)
 * sets our titles' lines of words and numbers at up to 0.63 em a character (0.57 em was 4 px short
 * for Figure 8's), so 0.64 em keeps them inside; a line of capitals only could still be wider.
 */
export function layoutTitle(
  title: string,
  width: number,
  {
    fontPx = TITLE_FONT_PX,
    charEm = 0.64,
    insetPx = 8,
    baselinePx = 18,
    linePx = 19,
    gapPx = 8,
  } = {},
): TitleLayout {
  const perLine = Math.floor((width - 2 * insetPx) / (fontPx * charEm));
  const lines = wrapWords(title, perLine).map((text, i) => ({
    text,
    x: insetPx,
    y: baselinePx + i * linePx,
  }));
  return { lines, height: baselinePx + (lines.length - 1) * linePx + gapPx };
}

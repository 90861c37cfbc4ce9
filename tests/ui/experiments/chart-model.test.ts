import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatTick,
  layoutBarChart,
  layoutLegend,
  layoutLineChart,
  logDomain,
  ruleLabelRoomPx,
  spreadLabels,
  type BarChartSpec,
  type LineChartSpec,
  wrapWords,
} from '../../../src/ui/experiments/chart-model.ts';

const box = { width: 600, height: 300, margin: { top: 20, right: 40, bottom: 40, left: 60 } };

describe('Figure 8 axes: efficiency against metadata on a log x axis', () => {
  const spec: LineChartSpec = {
    kind: 'line',
    id: 'figure-8',
    title: 'Figure 8',
    xLabel: 'metadata per node (bytes, log scale)',
    yLabel: 'efficiency',
    xScale: 'log',
    yDomain: [0, 1],
    series: [
      {
        id: 'strategy-1',
        label: 'strategy 1',
        colour: '#00f',
        points: [
          { x: 120, y: 0.4 },
          { x: 30_000, y: 0.9 },
          { x: 2400, y: 0.7 },
        ],
      },
      {
        id: 'strategy-3',
        label: 'strategy 3',
        colour: '#0f0',
        points: [
          { x: 300, y: 0.95 },
          { x: 90_000, y: 0.99 },
        ],
      },
    ],
    note: '',
  };
  const layout = layoutLineChart(spec, box);

  it('puts ticks at whole powers of ten spanning the data', () => {
    expect(layout.xTicks.map((t) => t.label)).toEqual(['100', '1k', '10k', '100k']);
    const [first, second, third] = layout.xTicks.map((t) => t.at);
    // Equal pixel steps per decade: that is what a log axis means.
    expect((third ?? 0) - (second ?? 0)).toBeCloseTo((second ?? 0) - (first ?? 0), 6);
  });

  it('draws each strategy left to right through its points, higher efficiency higher up', () => {
    const s1 = layout.series.find((s) => s.id === 'strategy-1');
    expect(s1?.points.map((p) => p.value.x)).toEqual([120, 2400, 30_000]);
    const ys = s1?.points.map((p) => p.y) ?? [];
    expect(ys[0]).toBeGreaterThan(ys[1] ?? 0);
    expect(s1?.path.startsWith('M')).toBe(true);
    expect(s1?.path.match(/L/g)).toHaveLength(2);
  });

  it('keeps every point inside the plot area', () => {
    for (const s of layout.series) {
      for (const p of s.points) {
        expect(p.x).toBeGreaterThanOrEqual(layout.plot.left - 1e-9);
        expect(p.x).toBeLessThanOrEqual(layout.plot.right + 1e-9);
        expect(p.y).toBeGreaterThanOrEqual(layout.plot.top - 1e-9);
        expect(p.y).toBeLessThanOrEqual(layout.plot.bottom + 1e-9);
      }
    }
  });
});

describe('P(consistent) against t on a linear axis with a target line', () => {
  const spec: LineChartSpec = {
    kind: 'line',
    id: 'p',
    title: '',
    xLabel: 't (ms)',
    yLabel: 'P',
    xScale: 'linear',
    yDomain: [0.8, 1],
    series: [
      {
        id: 'simulated',
        label: 'simulated',
        colour: '#00f',
        points: [
          { x: 0, y: 0.9 },
          { x: 10, y: 1 },
        ],
      },
    ],
    rules: [{ y: 0.999, label: 'target' }],
    note: '',
  };
  const layout = layoutLineChart(spec, box);

  it('starts t at 0 on the left edge and P = 1 at the top', () => {
    const points = layout.series[0]?.points ?? [];
    expect(points[0]?.x).toBe(layout.plot.left);
    expect(points[1]?.y).toBe(layout.plot.top);
  });

  it('draws the target just under the top', () => {
    expect(layout.rules[0]?.y).toBeGreaterThan(layout.plot.top);
    expect(layout.rules[0]?.y).toBeLessThan(layout.plot.top + 5);
  });
});

describe('grouped bars (latency percentiles, versions per read)', () => {
  const spec: BarChartSpec = {
    kind: 'bar',
    id: 'latency',
    title: '',
    xLabel: 'percentile',
    yLabel: 'ms',
    yScale: 'linear',
    series: [
      { id: 'read', label: 'read', colour: '#0f0' },
      { id: 'write', label: 'write', colour: '#00f' },
    ],
    groups: [
      { category: 'p50', values: [4, 5] },
      { category: 'p99', values: [8, undefined] },
    ],
    note: '',
  };
  const layout = layoutBarChart(spec, box);

  it('draws one bar per defined value, standing on the x axis, taller for larger values', () => {
    expect(layout.bars.map((b) => `${b.category}/${b.seriesId}`)).toEqual([
      'p50/read',
      'p50/write',
      'p99/read',
    ]);
    for (const b of layout.bars) expect(b.y + b.height).toBeCloseTo(layout.plot.bottom, 9);
    const [p50read, , p99read] = layout.bars;
    expect(p99read?.height).toBeCloseTo(2 * (p50read?.height ?? 0), 6);
  });

  it('labels each category under its group', () => {
    expect(layout.xTicks.map((t) => t.label)).toEqual(['p50', 'p99']);
  });

  it('on a log axis, 99.9 % and 0.1 % are both visible bars', () => {
    const log = layoutBarChart(
      { ...spec, yScale: 'log', groups: [{ category: '1', values: [99.9, 0.1] }] },
      box,
    );
    expect(log.bars).toHaveLength(2);
    expect(log.bars.every((b) => b.height > 10)).toBe(true);
    expect(log.yTicks.map((t) => t.label)).toEqual(['0.01', '0.1', '1', '10', '100']);
  });
});

describe('axis helpers', () => {
  it('formats ticks a student reads', () => {
    expect([0, 0.95, 12, 1500, 2_000_000].map(formatTick)).toEqual([
      '0',
      '0.95',
      '12',
      '1.5k',
      '2M',
    ]);
  });

  it('widens a log domain to whole decades that contain every positive value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), { minLength: 1 }),
        (values) => {
          const [lo, hi] = logDomain(values);
          expect(lo).toBeLessThanOrEqual(Math.min(...values));
          expect(hi).toBeGreaterThanOrEqual(Math.max(...values) * (1 - 1e-12));
          expect(Number.isInteger(Math.round(Math.log10(lo) * 1e9) / 1e9)).toBe(true);
        },
      ),
    );
  });

  it('wraps the legend onto a new row when it runs out of width', () => {
    const { items, height } = layoutLegend(
      ['simulated (400 trials)', 'WARS prediction (20000 trials)', 'third'],
      300,
    );
    expect(items[0]?.y).toBe(0);
    expect(items[1]?.y).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(18);
  });
});

describe('a chart title too long for its chart', () => {
  it('wraps between words, keeping every word', () => {
    const title = 'Load-balancing efficiency against metadata, S=30 nodes (Figure 8)';
    const lines = wrapWords(title, 40);
    expect(lines.length).toBe(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines.join(' ')).toBe(title);
    expect(wrapWords(title, 200)).toEqual([title]);
  });
});

describe('reference-line labels sit in a margin of their own, never on the bars', () => {
  const spec: BarChartSpec = {
    kind: 'bar',
    id: 'load',
    title: 'Load per node',
    xLabel: 'node',
    yLabel: 'requests',
    yScale: 'linear',
    series: [{ id: 'load', label: 'load', colour: '#00f' }],
    groups: Array.from({ length: 30 }, (_, i) => ({ category: `n${i + 1}`, values: [100 + (i % 7) * 10] })),
    rules: [
      { y: 130, label: 'mean' },
      { y: 149.5, label: '+15 %' },
      { y: 110.5, label: '−15 %' },
    ],
    note: '',
  };
  const right = ruleLabelRoomPx(spec.rules);
  const layout = layoutBarChart(spec, { ...box, margin: { ...box.margin, right } });

  it('reserves room for the widest label right of the last bar', () => {
    expect(right).toBeGreaterThanOrEqual(5 * 11 * 0.6);
    const lastBar = Math.max(...layout.bars.map((b) => b.x + b.width));
    expect(lastBar).toBeLessThanOrEqual(layout.plot.right);
    expect(box.width - layout.plot.right).toBe(right);
  });

  it('keeps labels of close lines at least a line apart, inside the plot, in order', () => {
    expect(spreadLabels([100, 101, 102], 13, 0, 300)).toEqual([100, 113, 126]);
    expect(spreadLabels([299, 300], 13, 0, 300)).toEqual([287, 300]);
    expect(spreadLabels([50, 10], 13, 0, 300)).toEqual([50, 10]);
    const ys = layout.rules.map((r) => r.labelY).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect((ys[i] ?? 0) - (ys[i - 1] ?? 0)).toBeGreaterThanOrEqual(13);
  });
});

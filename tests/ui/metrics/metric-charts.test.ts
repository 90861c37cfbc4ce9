import { describe, expect, it } from 'vitest';
import type { MetricsBucket } from '../../../src/sim/metrics.ts';
import { cluster } from '../../../src/runtime/cluster.ts';
import { METRIC_CHARTS, layoutChart } from '../../../src/ui/metrics/metric-charts.ts';
import { staleReadsInTrace } from '../../../src/ui/metrics/stale-reads.ts';

const size = { width: 420, height: 170, margin: { top: 10, right: 12, bottom: 24, left: 44 } };

function bucket(startMs: number, partial: Partial<MetricsBucket>): MetricsBucket {
  return { startMs, reads: 0, writes: 0, failed: 0, readP50Ms: 0, readP99Ms: 0, writeP50Ms: 0, writeP99Ms: 0, staleReads: 0, maxVersions: 0, hintBacklog: 0, antiEntropyKeys: 0, messages: 0, ...partial };
}

const chart = (id: string) => {
  const c = METRIC_CHARTS.find((m) => m.id === id);
  if (!c) throw new Error(`no chart ${id}`);
  return c;
};

describe('latency percentiles over time (§6, Fig. 4)', () => {
  const series = [bucket(0, { reads: 10, readP50Ms: 4, readP99Ms: 20 }), bucket(1000, { reads: 0 }), bucket(2000, { reads: 5, readP50Ms: 6, readP99Ms: 30 })];
  const layout = layoutChart(series, chart('read-latency'), size);

  it('plots one point per second with reads, a gap where there were none', () => {
    const p99 = layout.lines.find((l) => l.id === 'p99');
    expect(p99?.points.map((p) => p.value)).toEqual([20, 30]);
    // Two separate pieces: the path moves (M) twice.
    expect(p99?.path.match(/M/g)).toHaveLength(2);
  });

  it('puts higher values higher and times later further right, inside the plot area', () => {
    const [a, b] = layout.lines.find((l) => l.id === 'p99')!.points;
    expect(b!.x).toBeGreaterThan(a!.x);
    expect(b!.y).toBeLessThan(a!.y);
    for (const p of layout.lines.flatMap((l) => l.points)) {
      expect(p.x).toBeGreaterThanOrEqual(size.margin.left);
      expect(p.x).toBeLessThanOrEqual(size.width - size.margin.right);
      expect(p.y).toBeGreaterThanOrEqual(size.margin.top);
      expect(p.y).toBeLessThanOrEqual(size.height - size.margin.bottom);
    }
  });

  it('has a value axis reaching past the largest value and seconds on the time axis', () => {
    expect(Math.max(...layout.yTicks.map((t) => Number(t.label)))).toBeGreaterThanOrEqual(30);
    expect(layout.xTicks.map((t) => t.label)).toContain('1s');
    expect(layout.latest).toEqual({ p50: 6, p99: 30 });
  });
});

describe('the other measures', () => {
  it('turns stale reads into a percentage of reads and messages into messages per operation', () => {
    const series = [bucket(0, { reads: 8, writes: 2, staleReads: 2, messages: 50 })];
    expect(layoutChart(series, chart('stale-reads'), size).latest.rate).toBe(25);
    expect(layoutChart(series, chart('messages'), size).latest['per-op']).toBe(5);
  });

  it('draws a flat zero line rather than nothing when the run is quiet', () => {
    const layout = layoutChart([bucket(0, {}), bucket(1000, {})], chart('hints'), size);
    expect(layout.lines[0]?.points).toHaveLength(2);
    expect(layout.yTicks.length).toBeGreaterThan(1);
  });

  it('charts a real run: reads and writes produce latency points', () => {
    const c = cluster({ nodes: 5, seed: 9, workloads: [{ id: 'w', clients: 2, loop: 'open', ratePerSec: 100, thinkMs: 0, readFraction: 0.5, keyCount: 10, keyPrefix: 'k', popularity: { kind: 'uniform' }, valueBytes: 4, coordination: 'server', coordinatorChoice: 'random', startMs: 0 }] });
    c.runUntil(3500);
    const series = c.world.metrics.currentSeries();
    expect(layoutChart(series, chart('write-latency'), size).lines[0]?.points.length).toBeGreaterThanOrEqual(3);
  });
});

describe('stale reads found in the trace', () => {
  it('reads the op id, key and time from op-end records marked stale', () => {
    const found = staleReadsInTrace([
      { index: 0, timeMs: 5, kind: 'op-end', node: 'c1', id: 3, detail: 'get cart ok v1' },
      { index: 1, timeMs: 9, kind: 'op-end', node: 'c1', id: 4, detail: 'get my cart ok stale v1' },
    ]);
    expect(found).toEqual([{ opId: 4, key: 'my cart', atMs: 9 }]);
  });
});

describe('the second still running', () => {
  it('has no latency point until its percentiles are known', () => {
    const series = [bucket(0, { reads: 4, readP50Ms: 5, readP99Ms: 9 }), bucket(1000, { reads: 3, readP50Ms: 0, readP99Ms: 0 })];
    const layout = layoutChart(series, chart('read-latency'), size);
    expect(layout.lines[0]?.points).toHaveLength(1);
    expect(layout.latest.p50).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { runPartitioning } from '../../../src/experiments/partitioning-experiment.ts';
import { runStaleness } from '../../../src/experiments/staleness-experiment.ts';
import { chartsOf } from '../../../src/ui/experiments/experiment-charts.ts';
import { csvField, reportCsv, toCsv } from '../../../src/ui/experiments/experiment-csv.ts';
import {
  exportBaseName,
  headlineValues,
  resultTables,
} from '../../../src/ui/experiments/experiment-results.ts';

describe('CSV formatting (RFC 4180)', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('R=1 W=1')).toBe('R=1 W=1');
    expect(csvField('exp(0.5), then +1')).toBe('"exp(0.5), then +1"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('ends every record with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, null]])).toBe('a,b\r\n1,\r\n');
  });
});

describe('a small staleness run, N=3 R=1 W=1', async () => {
  const report = await runStaleness({
    N: 3,
    R: 1,
    W: 1,
    trials: 60,
    predictionTrials: 2000,
    tMs: [0, 2, 10],
    seed: 7,
  });

  it('puts one CSV row per t with the report’s exact numbers', () => {
    const lines = reportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]?.split(',').slice(0, 6)).toEqual([
      'N',
      'R',
      'W',
      't_ms',
      'p_consistent_simulated',
      'p_consistent_predicted',
    ]);
    expect(lines).toHaveLength(4);
    const row = lines[2]?.split(',');
    expect(row?.slice(0, 4)).toEqual(['3', '1', '1', '2']);
    expect(Number(row?.[4])).toBe(report.rows[0]?.pConsistent[1]?.p);
    expect(Number(row?.[5])).toBe(report.rows[0]?.predicted.pConsistent[1]?.p);
  });

  it('shows t-visibility with its raw value for the page and the test', () => {
    const t = headlineValues(report).find((v) => v.id === 'tVisibilityMs');
    expect(t?.value).toBe(report.tVisibilityMs ?? null);
  });

  it('draws the simulated and the WARS curve on one chart, P on [.., 1]', () => {
    const [consistency, latency] = chartsOf(report);
    expect(consistency?.kind === 'line' && consistency.series.map((s) => s.id)).toEqual([
      'simulated',
      'predicted',
    ]);
    expect(consistency?.kind === 'line' && consistency.yDomain?.[1]).toBe(1);
    expect(latency?.kind === 'bar' && latency.groups.map((g) => g.category)).toEqual([
      'p50',
      'p99',
      'p99.9',
    ]);
  });

  it('names the export after the experiment, quorum and seed', () => {
    expect(exportBaseName(report)).toBe('dynamo-staleness-N3-R1-W1-seed7');
  });
});

describe('partitioning (§6.2)', async () => {
  const single = await runPartitioning({
    strategy: 1,
    tokens: 4,
    nodes: 8,
    requests: 4000,
    keyCount: 1000,
    seed: 3,
  });

  it('a single ring: one load bar per node with the mean and +15 % lines', () => {
    const [chart] = chartsOf(single);
    expect(chart?.kind).toBe('bar');
    if (chart?.kind !== 'bar') return;
    expect(chart.groups).toHaveLength(8);
    const total = chart.groups.reduce((sum, g) => sum + (g.values[0] ?? 0), 0);
    expect(total).toBe(4000 * 3);
    expect(chart.rules?.[0]?.y).toBeCloseTo(total / 8, 9);
  });

  it('the CSV lists each node’s requests', () => {
    const lines = reportCsv(single).trimEnd().split('\r\n');
    expect(lines).toHaveLength(9);
    expect(lines[1]?.startsWith(`n1,${single.loadPerNode?.n1 ?? ''},1,4,`)).toBe(true);
  });
});

describe('a staleness sweep over every (R, W), N=2', async () => {
  const report = await runStaleness({
    N: 2,
    sweep: true,
    trials: 30,
    predictionTrials: 500,
    tMs: [0, 5],
    seed: 2,
  });

  it('draws one curve per (R, W), partial quorums dashed', () => {
    const [consistency] = chartsOf(report);
    if (consistency?.kind !== 'line') throw new Error('expected a line chart');
    expect(consistency.series.map((s) => s.id)).toEqual([
      'R=1 W=1',
      'R=1 W=2',
      'R=2 W=1',
      'R=2 W=2',
    ]);
    expect(consistency.series.map((s) => s.dashed)).toEqual([true, false, false, false]);
  });

  it('tabulates t-visibility, simulated and predicted, per (R, W)', () => {
    const [table] = resultTables(report);
    expect(table?.id).toBe('t-visibility');
    expect(table?.rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual(
      report.rows.map((r) => [r.R, r.W, r.tVisibilityMs, r.predicted.tVisibilityMs]),
    );
  });
});

/**
 * Which charts each experiment's report becomes (Dynamo §4.5 staleness with the WARS prediction,
 * §6.2 Figure 8 and per-node load, §6.3 versions per read, §4.6 sloppy vs strict availability), as
 * chart specs with axis titles, units and legends that chart-model.ts lays out.
 */
import { schemeTableau10 } from 'd3';
import type { AvailabilityReport } from '../../experiments/availability-experiment.ts';
import type { DivergenceReport } from '../../experiments/divergence-experiment.ts';
import type { PartitioningReport } from '../../experiments/partitioning-experiment.ts';
import type { StalenessReport } from '../../experiments/staleness-experiment.ts';
import type { ExperimentReport } from '../../runtime/browser/experiment-api.ts';
import type { BarChartSpec, ChartSpec, LineChartSpec, Series } from './chart-model.ts';

export const COLOURS = {
  measured: '#1f6fd1',
  predicted: '#e0571b',
  read: '#1e9a52',
  write: '#1f6fd1',
  sloppy: '#1e9a52',
  strict: '#b3261e',
  load: '#7c5cc4',
  merged: '#d4a017',
} as const;

/** Figure 8's strategies, coloured as the paper's legend would be told apart. */
export const STRATEGY_COLOURS: Readonly<Record<1 | 2 | 3, string>> = {
  1: '#1f6fd1',
  2: '#e0571b',
  3: '#1e9a52',
};

const rw = (row: { R: number; W: number }): string => `R=${row.R} W=${row.W}`;

export function stalenessCharts(report: StalenessReport): ChartSpec[] {
  const target = report.options.target;
  const rules = [{ y: target, label: `target ${target}` }];
  const sweep = report.rows.length > 1;
  const series: Series[] = sweep
    ? report.rows.map((row, i) => ({
        id: rw(row),
        label: rw(row),
        colour: schemeTableau10[i % 10] ?? '#333',
        dashed: row.R + row.W <= row.N,
        points: row.pConsistent.map((p) => ({ x: p.tMs, y: p.p })),
      }))
    : report.rows.flatMap((row) => [
        {
          id: 'simulated',
          label: `simulated (${row.trials} trials)`,
          colour: COLOURS.measured,
          points: row.pConsistent.map((p) => ({ x: p.tMs, y: p.p })),
        },
        {
          id: 'predicted',
          label: `WARS prediction (${row.predicted.trials} trials)`,
          colour: COLOURS.predicted,
          dashed: true,
          points: row.predicted.pConsistent.map((p) => ({ x: p.tMs, y: p.p })),
        },
      ]);
  const minP = Math.min(...series.flatMap((s) => s.points.map((p) => p.y)), target);
  const consistency: LineChartSpec = {
    kind: 'line',
    id: 'p-consistent',
    title: sweep
      ? `P(consistent read) for every (R, W), N=${report.options.N}`
      : `P(consistent read), N=${report.options.N} ${rw(report.rows[0] ?? { R: 0, W: 0 })}`,
    xLabel: 'time since the write was acknowledged, t (ms)',
    yLabel: 'P(consistent)',
    xScale: 'linear',
    yDomain: [Math.max(0, Math.floor(minP * 20) / 20 - 0.05), 1],
    series,
    rules,
    note: sweep
      ? 'Dashed: R + W ≤ N (partial quorums). The t-visibility table lists simulated and predicted times.'
      : 'Solid: the real protocol simulated. Dashed: the WARS Monte Carlo of the same four latency legs (PBS).',
  };
  const latency: BarChartSpec = sweep
    ? {
        kind: 'bar',
        id: 'latency',
        title: 'Latency at the 99.9th percentile, simulated',
        xLabel: '(R, W)',
        yLabel: 'latency (ms)',
        yScale: 'linear',
        series: [
          { id: 'read', label: 'read p99.9', colour: COLOURS.read },
          { id: 'write', label: 'write p99.9', colour: COLOURS.write },
        ],
        groups: report.rows.map((row) => ({
          category: `${row.R},${row.W}`,
          values: [row.readLatencyMs.p999, row.writeLatencyMs.p999],
        })),
        note: 'Waiting for more replicas costs latency: the price of fresher reads (§6.1 SLAs are at p99.9).',
      }
    : {
        kind: 'bar',
        id: 'latency',
        title: 'Latency percentiles',
        xLabel: 'percentile',
        yLabel: 'latency (ms)',
        yScale: 'linear',
        series: [
          { id: 'read', label: 'read, simulated', colour: COLOURS.read },
          { id: 'read-predicted', label: 'read, WARS', colour: '#8fd1a8' },
          { id: 'write', label: 'write, simulated', colour: COLOURS.write },
          { id: 'write-predicted', label: 'write, WARS', colour: '#9cc0ee' },
        ],
        groups: (['p50', 'p99', 'p999'] as const).map((p) => {
          const row = report.rows[0];
          return {
            category: p === 'p999' ? 'p99.9' : p,
            values: row
              ? [
                  row.readLatencyMs[p],
                  row.predicted.readLatencyMs[p],
                  row.writeLatencyMs[p],
                  row.predicted.writeLatencyMs[p],
                ]
              : [],
          };
        }),
        note: 'Read: the R-th fastest replica answers. Write: the W-th fastest ack.',
      };
  return [consistency, latency];
}

export function partitioningCharts(report: PartitioningReport): ChartSpec[] {
  if (report.points) {
    const series = ([1, 2, 3] as const).map((strategy) => ({
      id: `strategy-${strategy}`,
      label: `strategy ${strategy}${strategy === 2 ? ` (Q=${report.points?.find((p) => p.strategy === 2)?.Q ?? ''})` : ''}`,
      colour: STRATEGY_COLOURS[strategy],
      // Strategy 2 lies on strategy 1 until S·T passes Q: dashed, so both stay visible.
      dashed: strategy === 2,
      points: (report.points ?? [])
        .filter((p) => p.strategy === strategy)
        .map((p) => ({ x: p.metadataBytesPerNode, y: p.efficiency })),
    }));
    return [
      {
        kind: 'line',
        id: 'figure-8',
        title: `Load-balancing efficiency against metadata, S=${report.options.nodes} nodes (Figure 8)`,
        xLabel: 'membership metadata per node (bytes, log scale)',
        yLabel: 'efficiency (mean load / max load)',
        xScale: 'log',
        yDomain: [0, 1],
        series,
        note: 'Points: T = 1…256 tokens per node (strategies 1, 2) or Q partitions (strategy 3). Up and left is better.',
      },
    ];
  }
  const loads = Object.entries(report.loadPerNode ?? {});
  const mean = loads.reduce((sum, [, v]) => sum + v, 0) / Math.max(1, loads.length);
  return [
    {
      kind: 'bar',
      id: 'load',
      title: `Requests per node, strategy ${report.strategy ?? ''}${report.T === undefined ? '' : `, T=${report.T}`}${report.Q === undefined ? '' : `, Q=${report.Q}`}`,
      xLabel: 'node',
      yLabel: 'requests served',
      yScale: 'linear',
      series: [
        { id: 'load', label: 'requests at the node (as one of N replicas)', colour: COLOURS.load },
      ],
      groups: loads.map(([node, v]) => ({ category: node, values: [v] })),
      rules: [
        { y: mean, label: 'mean' },
        { y: mean * 1.15, label: '+15 %' },
        { y: mean * 0.85, label: '−15 %' },
      ],
      note: 'Nodes outside the ±15 % band are out of balance (§6.2). Efficiency = mean / busiest.',
    },
  ];
}

export function divergenceCharts(report: DivergenceReport): ChartSpec[] {
  const counts = [
    ...new Set([
      ...report.versionsPerRead.map((v) => v.versions),
      ...report.afterMerge.versionsPerKey.map((v) => v.versions),
    ]),
  ].sort((a, b) => a - b);
  const mergedKeys = Math.max(1, report.afterMerge.keys);
  const groups = counts.map((versions) => ({
    category: String(versions),
    values: [
      (report.versionsPerRead.find((v) => v.versions === versions)?.fraction ?? 0) * 100,
      ((report.afterMerge.versionsPerKey.find((v) => v.versions === versions)?.keys ?? 0) /
        mergedKeys) *
        100,
    ],
  }));
  const positive = groups.flatMap((g) => g.values).filter((v) => v > 0);
  // A 99.9 % bar beside a 0.1 % one: only a log axis lets both be read.
  const yScale =
    positive.length > 0 && Math.max(...positive) / Math.min(...positive) > 50 ? 'log' : 'linear';
  return [
    {
      kind: 'bar',
      id: 'versions',
      title: 'Versions returned per read',
      xLabel: 'versions (siblings) in the answer; 0 = key not found',
      yLabel: `share (%${yScale === 'log' ? ', log scale' : ''})`,
      yScale,
      series: [
        {
          id: 'reads',
          label: `reads during the run (${report.gets.succeeded})`,
          colour: COLOURS.load,
        },
        {
          id: 'merged',
          label: `keys after healing and a client merge (${report.afterMerge.keys})`,
          colour: COLOURS.merged,
        },
      ],
      groups,
      note: '§6.3: 99.94 % of Amazon’s reads saw one version. A client merge writes back the union of the siblings.',
    },
  ];
}

export function availabilityCharts(report: AvailabilityReport): ChartSpec[] {
  const series = report.rows.map((r) => ({
    id: r.quorum,
    label: `${r.quorum} quorum`,
    colour: r.quorum === 'sloppy' ? COLOURS.sloppy : COLOURS.strict,
  }));
  const faults = `${report.faults.crashes} crashes, ${report.faults.partitions} partitions`;
  return [
    {
      kind: 'bar',
      id: 'success',
      title: `Requests that succeeded (${faults})`,
      xLabel: 'operation',
      yLabel: 'success rate (%)',
      yScale: 'linear',
      series,
      groups: [
        { category: 'gets', values: report.rows.map((r) => r.gets.successRate * 100) },
        { category: 'puts', values: report.rows.map((r) => r.puts.successRate * 100) },
      ],
      rules: [{ y: 100, label: '100 %' }],
      note: '§4.6: a strict quorum is unavailable when home replicas fail; a sloppy one uses the next healthy nodes.',
    },
    {
      kind: 'bar',
      id: 'latency',
      title: 'Latency of successful requests',
      xLabel: 'operation and percentile',
      yLabel: 'latency (ms)',
      yScale: 'linear',
      series,
      groups: (['gets', 'puts'] as const).flatMap((op) =>
        (['p50', 'p99', 'p999'] as const).map((p) => ({
          category: `${op.slice(0, -1)} ${p === 'p999' ? 'p99.9' : p}`,
          values: report.rows.map((r) => r[op].latencyMs[p]),
        })),
      ),
      note: 'Only successful requests have a latency; failed ones waited for the client timeout.',
    },
  ];
}

export function chartsOf(report: ExperimentReport): ChartSpec[] {
  switch (report.experiment) {
    case 'staleness':
      return stalenessCharts(report);
    case 'partitioning':
      return partitioningCharts(report);
    case 'divergence':
      return divergenceCharts(report);
    case 'availability':
      return availabilityCharts(report);
  }
}

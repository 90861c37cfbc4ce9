/**
 * The numbers of an experiment's report as a student reads them and as a spreadsheet takes them
 * (Dynamo §4.5, §4.6, §6.2, §6.3): headline values with their units, tables, and CSV with the full
 * precision of the JSON report, so the page, the export and `npm run cli -- experiment … --json`
 * agree digit for digit.
 */
import type { ExperimentReport } from '../../runtime/browser/experiment-api.ts';

export interface ResultValue {
  /** Stable id: the page shows it as `data-testid="result-<id>"` with the raw number in `data-value`. */
  id: string;
  label: string;
  /** null: not reached / not applicable (`text` says which). */
  value: number | null;
  text: string;
}

export type Cell = string | number | null;

export interface ResultTable {
  id: string;
  title: string;
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
}

const ms = (v: number): string => `${v} ms`;
const pct = (v: number): string => `${(v * 100).toFixed(2)} %`;

function value(
  id: string,
  label: string,
  v: number | null | undefined,
  format: (v: number) => string,
  missing = '—',
): ResultValue {
  return { id, label, value: v ?? null, text: v === null || v === undefined ? missing : format(v) };
}

export function headlineValues(report: ExperimentReport): ResultValue[] {
  switch (report.experiment) {
    case 'staleness': {
      if (report.rows.length !== 1) return [];
      const row = report.rows[0];
      if (!row) return [];
      const target = report.options.target;
      return [
        value(
          'tVisibilityMs',
          `t-visibility at P ≥ ${target}, simulated`,
          row.tVisibilityMs,
          (v) => `${v} ms (±${row.tVisibilityResolutionMs})`,
          'not within the t grid',
        ),
        value(
          'predicted-tVisibilityMs',
          't-visibility, WARS prediction',
          row.predicted.tVisibilityMs,
          ms,
        ),
        value('readLatencyMs-p50', 'read latency p50', row.readLatencyMs.p50, ms),
        value('readLatencyMs-p99', 'read latency p99', row.readLatencyMs.p99, ms),
        value('readLatencyMs-p999', 'read latency p99.9', row.readLatencyMs.p999, ms),
        value('writeLatencyMs-p50', 'write latency p50', row.writeLatencyMs.p50, ms),
        value('writeLatencyMs-p99', 'write latency p99', row.writeLatencyMs.p99, ms),
        value('writeLatencyMs-p999', 'write latency p99.9', row.writeLatencyMs.p999, ms),
        value('failedWrites', 'failed writes', row.failedWrites, String),
        value('failedReads', 'failed reads', row.failedReads, String),
      ];
    }
    case 'partitioning':
      if (report.points) return [];
      return [
        value('efficiency', 'load-balancing efficiency (mean / max)', report.efficiency, (v) =>
          v.toFixed(4),
        ),
        value(
          'hashSpaceEfficiency',
          'efficiency with infinitely many keys',
          report.hashSpaceEfficiency,
          (v) => v.toFixed(4),
        ),
        value(
          'outOfBalanceFraction',
          'nodes out of balance (> 15 %)',
          report.outOfBalanceFraction,
          pct,
        ),
        value(
          'metadataBytesPerNode',
          'metadata per node',
          report.metadataBytesPerNode,
          (v) => `${v} bytes`,
        ),
        value(
          'keysMovedOnJoinFraction',
          'keys moved when a node joins',
          report.keysMovedOnJoinFraction,
          pct,
          'none: Q = S, no room',
        ),
        value(
          'keysMovedOnLeaveFraction',
          'keys moved when a node leaves',
          report.keysMovedOnLeaveFraction,
          pct,
        ),
      ];
    case 'divergence':
      return [
        value(
          'gets-succeeded',
          `gets succeeded (of ${report.gets.attempted})`,
          report.gets.succeeded,
          String,
        ),
        value(
          'puts-succeeded',
          `puts succeeded (of ${report.puts.attempted})`,
          report.puts.succeeded,
          String,
        ),
        value(
          'one-version-fraction',
          'reads with exactly one version',
          report.versionsPerRead.find((v) => v.versions === 1)?.fraction ?? 0,
          pct,
        ),
        value(
          'one-version-of-found',
          'of the reads that found the key, one version (§6.3: 99.94 %)',
          report.oneVersionOfFound,
          pct,
        ),
        value('meanVersions', 'mean versions per read', report.meanVersions, (v) => v.toFixed(4)),
        value('maxVersions', 'most versions in one read', report.maxVersions, String),
        value(
          'keysWithSiblings',
          `keys still with siblings after merge (of ${report.afterMerge.keys})`,
          report.afterMerge.keysWithSiblings,
          String,
        ),
      ];
    case 'availability':
      return [
        value('crashes', 'crashes in the schedule', report.faults.crashes, String),
        value('partitions', 'partitions in the schedule', report.faults.partitions, String),
      ];
  }
}

export function resultTables(report: ExperimentReport): ResultTable[] {
  switch (report.experiment) {
    case 'staleness':
      if (report.rows.length === 1) {
        const row = report.rows[0];
        return [
          {
            id: 'p-consistent',
            title: 'P(consistent) at each t',
            columns: ['t (ms)', 'simulated', 'WARS prediction'],
            rows: (row?.pConsistent ?? []).map((p, i) => [
              p.tMs,
              p.p,
              row?.predicted.pConsistent[i]?.p ?? null,
            ]),
          },
        ];
      }
      return [
        {
          id: 't-visibility',
          title: `t-visibility at P ≥ ${report.options.target} for every (R, W)`,
          columns: [
            'R',
            'W',
            'R + W > N',
            't-visibility simulated (ms)',
            't-visibility WARS (ms)',
            'read p99.9 (ms)',
            'write p99.9 (ms)',
          ],
          rows: report.rows.map((r) => [
            r.R,
            r.W,
            r.R + r.W > r.N ? 'yes' : 'no',
            r.tVisibilityMs,
            r.predicted.tVisibilityMs,
            r.readLatencyMs.p999,
            r.writeLatencyMs.p999,
          ]),
        },
      ];
    case 'partitioning':
      if (!report.points) return [];
      return [
        {
          id: 'figure-8',
          title: 'Figure 8 points (each the mean of 4 rings)',
          columns: [
            'strategy',
            'T',
            'Q',
            'metadata per node (bytes)',
            'efficiency',
            'out of balance',
            'hash-space efficiency',
          ],
          rows: report.points.map((p) => [
            p.strategy,
            p.T ?? null,
            p.Q ?? null,
            p.metadataBytesPerNode,
            p.efficiency,
            p.outOfBalanceFraction,
            p.hashSpaceEfficiency,
          ]),
        },
      ];
    case 'divergence':
      return [
        {
          id: 'versions',
          title: 'Versions per read',
          columns: ['versions', 'reads', 'share'],
          rows: report.versionsPerRead.map((v) => [v.versions, v.reads, v.fraction]),
        },
      ];
    case 'availability':
      return [
        {
          id: 'availability',
          title: 'Sloppy vs strict quorum',
          columns: [
            'quorum',
            'operation',
            'attempted',
            'succeeded',
            'success rate',
            'p50 (ms)',
            'p99 (ms)',
            'p99.9 (ms)',
            'stale read share',
          ],
          rows: report.rows.flatMap((r) =>
            (['gets', 'puts'] as const).map((op) => [
              r.quorum,
              op,
              r[op].attempted,
              r[op].succeeded,
              r[op].successRate,
              r[op].latencyMs.p50,
              r[op].latencyMs.p99,
              r[op].latencyMs.p999,
              op === 'gets' ? r.staleReadFraction : null,
            ]),
          ),
        },
      ];
  }
}

/** The file name every export of one run shares, e.g. `dynamo-staleness-N3-R1-W1-seed1`. */
export function exportBaseName(report: ExperimentReport): string {
  const o = report.options as unknown as Record<string, unknown>;
  const quorum =
    report.experiment === 'partitioning'
      ? report.points
        ? 'figure8'
        : `strategy${String(o.strategy)}`
      : o.sweep
        ? `N${String(o.N)}-sweep`
        : `N${String(o.N)}-R${String(o.R)}-W${String(o.W)}`;
  return `dynamo-${report.experiment}-${quorum}-seed${String(o.seed)}`;
}

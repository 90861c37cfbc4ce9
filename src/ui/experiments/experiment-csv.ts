/**
 * An experiment's data as CSV (Dynamo §6 studies): one tidy table per report, every number with the
 * full precision of the JSON report, so a spreadsheet gets the digits the CLI prints.
 */
import type { ExperimentReport } from '../../runtime/browser/experiment-api.ts';
import { resultTables, type Cell } from './experiment-results.ts';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; null is empty. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(cell) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The report's data as one tidy table: one row per measured point, with every parameter it depends on. */
export function reportCsv(report: ExperimentReport): string {
  switch (report.experiment) {
    case 'staleness':
      return toCsv(
        [
          'N',
          'R',
          'W',
          't_ms',
          'p_consistent_simulated',
          'p_consistent_predicted',
          't_visibility_ms',
          't_visibility_predicted_ms',
          'read_p50_ms',
          'read_p99_ms',
          'read_p999_ms',
          'write_p50_ms',
          'write_p99_ms',
          'write_p999_ms',
          'seed',
        ],
        report.rows.flatMap((r) =>
          r.pConsistent.map((p, i) => [
            r.N,
            r.R,
            r.W,
            p.tMs,
            p.p,
            r.predicted.pConsistent[i]?.p ?? null,
            r.tVisibilityMs,
            r.predicted.tVisibilityMs,
            r.readLatencyMs.p50,
            r.readLatencyMs.p99,
            r.readLatencyMs.p999,
            r.writeLatencyMs.p50,
            r.writeLatencyMs.p99,
            r.writeLatencyMs.p999,
            report.options.seed,
          ]),
        ),
      );
    case 'partitioning':
      if (report.points) {
        return toCsv(
          [
            'strategy',
            'T',
            'Q',
            'metadata_bytes_per_node',
            'efficiency',
            'out_of_balance_fraction',
            'hash_space_efficiency',
          ],
          report.points.map((p) => [
            p.strategy,
            p.T ?? null,
            p.Q ?? null,
            p.metadataBytesPerNode,
            p.efficiency,
            p.outOfBalanceFraction,
            p.hashSpaceEfficiency,
          ]),
        );
      }
      return toCsv(
        ['node', 'requests', 'strategy', 'T', 'Q', 'efficiency', 'metadata_bytes_per_node'],
        Object.entries(report.loadPerNode ?? {}).map(([node, load]) => [
          node,
          load,
          report.strategy ?? null,
          report.T ?? null,
          report.Q ?? null,
          report.efficiency ?? null,
          report.metadataBytesPerNode ?? null,
        ]),
      );
    case 'divergence':
      return toCsv(
        ['when', 'versions', 'count', 'fraction'],
        [
          ...report.versionsPerRead.map((v) => [
            'during run (reads)',
            v.versions,
            v.reads,
            v.fraction,
          ]),
          ...report.afterMerge.versionsPerKey.map((v) => [
            'after merge (keys)',
            v.versions,
            v.keys,
            v.keys / Math.max(1, report.afterMerge.keys),
          ]),
        ],
      );
    case 'availability': {
      const table = resultTables(report)[0];
      return toCsv(
        [
          'quorum',
          'operation',
          'attempted',
          'succeeded',
          'success_rate',
          'latency_p50_ms',
          'latency_p99_ms',
          'latency_p999_ms',
          'stale_read_fraction',
        ],
        table?.rows ?? [],
      );
    }
  }
}

/**
 * A finished experiment (Dynamo §6 studies): its headline numbers, charts and tables, and the
 * CSV / JSON / SVG / PNG downloads. Numbers keep the report's full precision in `data-value`, the
 * same digits `npm run cli -- experiment … --json` prints for the same seed.
 */
import { useMemo, useRef, useState } from 'react';
import type { ExperimentReport } from '../../runtime/browser/experiment-api.ts';
import { chartsOf } from './experiment-charts.ts';
import { exportBaseName, headlineValues, resultTables, type Cell } from './experiment-results.ts';
import { reportCsv } from './experiment-csv.ts';
import { ExperimentChart } from './ExperimentChart.tsx';
import { chartsSvg, downloadBlob, downloadText, svgToPng } from './export-files.ts';

function formatCell(cell: Cell): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(6)));
}

export function ExperimentResults({ report }: { report: ExperimentReport }) {
  const charts = useMemo(() => chartsOf(report), [report]);
  const headline = useMemo(() => headlineValues(report), [report]);
  const tables = useMemo(() => resultTables(report), [report]);
  const chartsRef = useRef<HTMLDivElement>(null);
  const [exportProblem, setExportProblem] = useState<string | undefined>();
  const base = exportBaseName(report);

  const exportSvg = (): void => {
    if (!chartsRef.current) return;
    downloadText(chartsSvg(chartsRef.current).svg, `${base}.svg`, 'image/svg+xml');
  };
  const exportPng = (): void => {
    if (!chartsRef.current) return;
    const { svg, width, height } = chartsSvg(chartsRef.current);
    svgToPng(svg, width, height).then(
      (png) => downloadBlob(png, `${base}.png`),
      (error: unknown) => setExportProblem(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <div
      className="experiment-results"
      data-testid="experiment-results"
      data-experiment={report.experiment}
    >
      <div className="experiment-export" role="group" aria-label="Export">
        <span className="help">Download</span>
        <button
          type="button"
          className="button"
          data-testid="export-csv"
          onClick={() => downloadText(reportCsv(report), `${base}.csv`, 'text/csv')}
        >
          CSV
        </button>
        <button
          type="button"
          className="button"
          data-testid="export-json"
          onClick={() =>
            downloadText(`${JSON.stringify(report, null, 2)}\n`, `${base}.json`, 'application/json')
          }
        >
          JSON
        </button>
        <button type="button" className="button" data-testid="export-svg" onClick={exportSvg}>
          SVG
        </button>
        <button type="button" className="button" data-testid="export-png" onClick={exportPng}>
          PNG
        </button>
        {exportProblem ? <span className="field-error">{exportProblem}</span> : null}
      </div>
      <div ref={chartsRef} className="experiment-charts">
        {charts.map((spec) => (
          <ExperimentChart key={spec.id} spec={spec} />
        ))}
      </div>
      {headline.length > 0 ? (
        <dl className="experiment-headline" data-testid="experiment-headline">
          {headline.map((v) => (
            <div key={v.id}>
              <dt>{v.label}</dt>
              <dd
                data-testid={`result-${v.id}`}
                data-value={v.value === null ? 'null' : String(v.value)}
              >
                {v.text}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {tables.map((table) => (
        <table key={table.id} className="experiment-table" data-testid={`result-table-${table.id}`}>
          <caption>{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i} data-testid={`result-row-${table.id}-${i}`}>
                {row.map((cell, j) => (
                  <td key={j} data-value={cell === null ? 'null' : String(cell)}>
                    {formatCell(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

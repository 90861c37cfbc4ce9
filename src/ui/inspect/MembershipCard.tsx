/**
 * The membership card (Dynamo §4.8): what every running node believes about the others — a row
 * per node, a column per node: in its membership view (spread by gossip, §4.8.1) and answering,
 * found unresponsive by its own failure detector (§4.8.3), or not in its view at all. Below, the
 * same in sentences, set against the simulator's truth: who has noticed a crash, who still counts
 * on the crashed node, who does not know of a join yet.
 */
import { useMemo, useRef } from 'react';
import { useAppStore } from '../store/store.ts';
import { beliefMatrix, describeCell, type BeliefCell, type BeliefRow } from './membership-beliefs.ts';
import { useInView } from './use-in-view.ts';
import { useRunQuery } from './use-run-query.ts';
import './membership.css';

/**
 * How often the card asks while the run moves, ms: every node is asked, in its worker, so not
 * with every frame; and not at all while the card is out of sight.
 */
const REFRESH_MS = 500;

/** Above this many nodes the matrix drops its symbols and names for small coloured cells. */
const COMPACT_ABOVE = 16;

const SYMBOL: Record<BeliefCell['verdict'], string> = { self: '—', reachable: '●', unreachable: '✕', unknown: '·' };

interface MembershipCardProps {
  /** The card's frame: a side section in the Live cluster, an inspector card in Space-time. */
  className: string;
  /** Its heading's level among the headings around it. */
  Heading: 'h2' | 'h3';
}

export function MembershipCard({ className, Heading }: MembershipCardProps) {
  const nodes = useAppStore((s) => s.snapshot?.nodes);
  const frame = useRef<HTMLElement>(null);
  const inView = useInView(frame);
  const { value: beliefs, error } = useRunQuery(inView ? 'beliefs' : null, (controller) => controller.beliefs(), REFRESH_MS);
  const matrix = useMemo(() => (nodes && beliefs ? beliefMatrix(nodes, beliefs) : null), [nodes, beliefs]);
  const compact = (matrix?.subjects.length ?? 0) > COMPACT_ABOVE;
  return (
    <section ref={frame} className={`${className} membership-card`} data-testid="membership-views" aria-label="What each node believes">
      <Heading>What each node believes</Heading>
      <p className="help">
        A row is one node’s own view (§4.8): <span className="belief reachable">●</span> in its membership view,{' '}
        <span className="belief unreachable">✕</span> found unresponsive by its failure detector,{' '}
        <span className="belief unknown">·</span> not in its view yet. A node that is down believes nothing.
      </p>
      {error !== null ? <p className="field-error">{error}</p> : null}
      {matrix === null ? (
        error === null ? <p className="help">Waiting for the run…</p> : null
      ) : (
        <>
          {compact ? (
            <CompactMatrix subjects={matrix.subjects} rows={matrix.rows} />
          ) : (
            <div className="belief-scroll">
              <table className="belief-matrix" data-testid="belief-matrix">
                <thead>
                  <tr>
                    <th scope="col" className="corner">
                      node ↓ thinks of →
                    </th>
                    {matrix.subjects.map((s) => (
                      <th key={s} scope="col">
                        {s}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {matrix.rows.map((row) => (
                    <BeliefMatrixRow key={row.observer} row={row} columns={matrix.subjects.length} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ul className="belief-findings" data-testid="belief-findings">
            {matrix.findings.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function BeliefMatrixRow({ row, columns }: { row: BeliefRow; columns: number }) {
  const down = row.cells === undefined;
  return (
    <tr data-testid={`beliefs-${row.observer}`} data-status={row.status} className={down ? 'down' : row.commonView ? '' : 'odd-view'}>
      <th scope="row" title={rowTitle(row)}>
        {row.observer}
        {down ? <span className="muted"> {row.status}</span> : null}
      </th>
      {row.cells === undefined ? (
        <td colSpan={columns} className="belief-none">
          no view while down
        </td>
      ) : (
        row.cells.map((cell) => {
          const words = describeCell(row.observer, cell);
          return (
            <td key={cell.subject} className={`belief ${cell.verdict}`} data-verdict={cell.verdict} data-subject={cell.subject} title={words} aria-label={words}>
              {SYMBOL[cell.verdict]}
            </td>
          );
        })
      )}
    </tr>
  );
}

function rowTitle(row: BeliefRow): string {
  if (row.cells === undefined) return `${row.observer} is ${row.status}`;
  return row.commonView ? row.observer : `${row.observer} holds a membership view the others do not`;
}

/** Cell and label sizes of the compact matrix, in its own units (it scales to the card's width). */
const CELL = 10;
const LABEL = 48;
/** Compact rows name their node every this many rows; every row is named on hover. */
const LABEL_EVERY = 8;

/** Many nodes: a scalable grid of coloured cells, each named on hover; crashed rows hatched. */
function CompactMatrix({ subjects, rows }: { subjects: readonly string[]; rows: readonly BeliefRow[] }) {
  const width = LABEL + subjects.length * CELL;
  const height = rows.length * CELL;
  return (
    <svg className="belief-matrix compact" data-testid="belief-matrix" viewBox={`0 -8 ${width} ${height + 8}`} style={{ maxWidth: `${Math.round(width * 0.8)}px` }} role="img" aria-label={`What each of ${rows.length} nodes believes of the others`}>
      <defs>
        <pattern id="belief-down" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="4" className="belief-hatch" />
        </pattern>
      </defs>
      {rows.map((row, r) => (
        <g key={row.observer} data-testid={`beliefs-${row.observer}`} data-status={row.status} className={row.commonView ? '' : 'odd-view'} transform={`translate(0 ${r * CELL})`}>
          <text x={LABEL - 4} y={CELL} className="belief-label" textAnchor="end">
            {r % LABEL_EVERY === 0 || row.cells === undefined ? row.observer : ''}
            <title>{rowTitle(row)}</title>
          </text>
          {row.cells === undefined ? (
            <rect x={LABEL} width={subjects.length * CELL} height={CELL - 1} fill="url(#belief-down)" className="belief-none">
              <title>{rowTitle(row)}</title>
            </rect>
          ) : (
            row.cells.map((cell, c) => (
              <rect key={cell.subject} x={LABEL + c * CELL} width={CELL - 1} height={CELL - 1} className={`belief ${cell.verdict}`} data-verdict={cell.verdict} data-subject={cell.subject}>
                <title>{describeCell(row.observer, cell)}</title>
              </rect>
            ))
          )}
        </g>
      ))}
    </svg>
  );
}

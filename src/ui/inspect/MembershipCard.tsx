/**
 * The membership card (Dynamo §4.8): what every running node believes about the others — a row
 * per node, a column per node: in its membership view (spread by gossip, §4.8.1) and answering,
 * found unresponsive by its own failure detector (§4.8.3), or not in its view at all. Below, the
 * same in sentences, set against the simulator's truth: who has noticed a crash, who still counts
 * on the crashed node, who does not know of a join yet.
 */
import { useMemo, useRef } from 'react';
import type { NodeBeliefs, NodeView } from '../../runtime/browser/simulation-api.ts';
import { useAppStore, type AppState } from '../store/store.ts';
import { useElementSize } from '../views/ring/use-size.ts';
import { beliefMatrix, describeCell, NO_FAULTS, type BeliefCell, type BeliefNetwork, type BeliefRow } from './membership-beliefs.ts';
import { useInView } from './use-in-view.ts';
import { useRunQuery } from './use-run-query.ts';
import './membership.css';

/**
 * How often the card asks while the run moves, ms: every node is asked, in its worker, so not
 * with every frame; and not at all while the card is out of sight.
 */
const REFRESH_MS = 500;

/** Width of the table's row names and of one of its columns, px: wider than the card, it turns compact. */
const TABLE_NAMES_PX = 96;
const TABLE_COLUMN_PX = 30;

const SYMBOL: Record<BeliefCell['verdict'], string> = { self: '—', reachable: '●', unreachable: '✕', unknown: '·' };

/**
 * The nodes' statuses and the network's faults as strings: every snapshot brings new objects, and
 * the matrix is rebuilt only when these or the beliefs change, not with every frame.
 */
function nodesKey(s: AppState): string {
  return JSON.stringify(s.snapshot?.nodes.map((n) => ({ id: n.id, status: n.status, error: n.error })) ?? null);
}

function networkKey(s: AppState): string {
  const n = s.snapshot?.network;
  if (n === undefined) return JSON.stringify(NO_FAULTS);
  const faults: BeliefNetwork = { partitions: n.partitions, cutLinks: n.cutLinks, lossProbability: n.lossProbability, slowNodes: n.slowNodes };
  return JSON.stringify(faults);
}

interface MembershipCardProps {
  /** The card's frame: a side section in the Live cluster, an inspector card in Space-time. */
  className: string;
  /** Its heading's level among the headings around it. */
  Heading: 'h2' | 'h3';
}

export function MembershipCard({ className, Heading }: MembershipCardProps) {
  const nodesText = useAppStore(nodesKey);
  const networkText = useAppStore(networkKey);
  const frame = useRef<HTMLElement>(null);
  const inView = useInView(frame);
  const { width } = useElementSize(frame);
  const { value, error } = useRunQuery(inView ? 'beliefs' : null, (controller) => controller.beliefs(), REFRESH_MS);
  // Out of sight the card keeps what it last showed, so it neither shrinks nor flashes on return.
  const last = useRef<Record<string, NodeBeliefs> | null>(null);
  if (value !== null) last.current = value;
  const beliefs = value ?? last.current;
  const matrix = useMemo(() => {
    const nodes = JSON.parse(nodesText) as NodeView[] | null;
    return nodes && beliefs ? beliefMatrix(nodes, beliefs, JSON.parse(networkText) as BeliefNetwork) : null;
  }, [nodesText, networkText, beliefs]);
  const columns = matrix?.subjects.length ?? 0;
  const compact = width > 0 && TABLE_NAMES_PX + columns * TABLE_COLUMN_PX > width;
  return (
    <section ref={frame} className={`${className} membership-card`} data-testid="membership-views" aria-label="What each node believes">
      <Heading>What each node believes</Heading>
      <p className="help">
        A row is one node’s own view (§4.8): <span className="belief reachable">●</span> in its membership view,{' '}
        <span className="belief unreachable">✕</span> found unresponsive by its failure detector,{' '}
        <span className="belief unknown">·</span> not in its view, <span className="belief self">—</span> itself. A node
        that is down believes nothing.
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
                    <BeliefMatrixRow key={row.observer} row={row} columns={columns} />
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

/** What a row that believes nothing says instead. */
function noViewText(row: BeliefRow): string {
  return row.status === 'left' ? 'left the ring: no view' : 'no view while down';
}

function BeliefMatrixRow({ row, columns }: { row: BeliefRow; columns: number }) {
  return (
    <tr data-testid={`beliefs-${row.observer}`} data-status={row.status} className={row.cells === undefined ? 'down' : ''}>
      <th scope="row">
        {row.observer}
        {row.cells === undefined ? <span className="row-status"> {row.status}</span> : null}
      </th>
      {row.cells === undefined ? (
        <td colSpan={columns} className="belief-none">
          {noViewText(row)}
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

/** Cell and name sizes of the compact matrix, in its own units (it scales to the card's width). */
const CELL = 10;
const NAMES = 48;
/** Compact rows and columns are named every this many; every cell is named on hover. */
const NAME_EVERY = 8;
/** The compact matrix is drawn at most this tall, px, so it fits beside the run's controls. */
const MAX_HEIGHT_PX = 380;
/** ...and with cells at most this large, px. */
const MAX_CELL_PX = 8;

/** Many nodes: a scalable grid of coloured cells, each named on hover; rows that believe nothing hatched. */
function CompactMatrix({ subjects, rows }: { subjects: readonly string[]; rows: readonly BeliefRow[] }) {
  const width = NAMES + subjects.length * CELL;
  const height = NAMES / 2 + rows.length * CELL;
  const scale = Math.min(MAX_CELL_PX / CELL, MAX_HEIGHT_PX / height);
  return (
    <>
      <svg
        className="belief-matrix compact"
        data-testid="belief-matrix"
        viewBox={`0 0 ${width} ${height}`}
        style={{ maxWidth: `${Math.round(width * scale)}px` }}
        role="img"
        aria-label={`What each of ${rows.length} nodes believes of the others`}
      >
        <defs>
          <pattern id="belief-down" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="4" className="belief-hatch" />
          </pattern>
        </defs>
        {subjects.map((s, c) =>
          c % NAME_EVERY === 0 ? (
            <text key={s} x={NAMES + c * CELL} y={NAMES / 2 - 6} className="belief-label">
              {s}
            </text>
          ) : null,
        )}
        {rows.map((row, r) => (
          <g key={row.observer} data-testid={`beliefs-${row.observer}`} data-status={row.status} transform={`translate(0 ${NAMES / 2 + r * CELL})`}>
            {r % NAME_EVERY === 0 ? (
              <text x={NAMES - 4} y={CELL - 1} className="belief-label" textAnchor="end">
                {row.observer}
              </text>
            ) : null}
            {row.cells === undefined ? (
              <rect x={NAMES} width={subjects.length * CELL} height={CELL - 1} fill="url(#belief-down)" className="belief-none">
                <title>{`${row.observer}: ${noViewText(row)}`}</title>
              </rect>
            ) : (
              row.cells.map((cell, c) => (
                <rect key={cell.subject} x={NAMES + c * CELL} width={CELL - 1} height={CELL - 1} className={`belief ${cell.verdict}`} data-verdict={cell.verdict} data-subject={cell.subject}>
                  <title>{describeCell(row.observer, cell)}</title>
                </rect>
              ))
            )}
          </g>
        ))}
      </svg>
      <p className="help belief-key">
        {/* A swatch and its words wrap as one. */}
        <span className="key-item">
          <span className="swatch reachable" /> in its view
        </span>
        <span className="key-item">
          <span className="swatch unreachable" /> found unresponsive
        </span>
        <span className="key-item">
          <span className="swatch unknown" /> not in its view
        </span>
        <span className="key-item">
          <span className="swatch down" /> no view (down)
        </span>
        <span>· names every {NAME_EVERY}th row and column, every cell on hover</span>
      </p>
    </>
  );
}

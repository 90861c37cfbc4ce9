/**
 * The request inspector (Dynamo §4.5 "state machine" per request, §4.6 sloppy quorum): a coordinator's
 * XState machine drawn from its definition with the current state lit and the path taken marked,
 * the replies it has against the R or W it needs, and its targets — fallbacks named with the home
 * replica they stand in for.
 */
import { useMemo } from 'react';
import type { MessageBody } from '../../core/messages.ts';
import { getMachine, putMachine } from '../../core/coordinator-machine.ts';
import type { MessageLog } from '../spacetime/message-log.ts';
import { useAppStore } from '../store/store.ts';
import { layoutMachine, machineGraph } from './machine-graph.ts';
import type { MachineLayout } from './machine-graph.ts';
import { describeReadRepair, pickRequest, requestProgress, stateLabel, stepCounts } from './request-progress.ts';
import type { RequestTarget } from './request-progress.ts';

const DIAGRAM_WIDTH = 420;
const DIAGRAM_HEIGHT = 120;

const layouts: Record<'get' | 'put', MachineLayout> = {
  put: layoutMachine(machineGraph(putMachine), DIAGRAM_WIDTH, DIAGRAM_HEIGHT),
  get: layoutMachine(machineGraph(getMachine), DIAGRAM_WIDTH, DIAGRAM_HEIGHT),
};

function MachineDiagram({ op, state, visited }: { op: 'get' | 'put'; state: string; visited: readonly string[] }) {
  const layout = layouts[op];
  return (
    <svg className="machine-diagram" viewBox={`0 0 ${DIAGRAM_WIDTH} ${DIAGRAM_HEIGHT}`} role="img" aria-label={`${op} machine in state ${stateLabel(state)}`} data-testid="request-machine" data-state={state}>
      <defs>
        <marker id="machine-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="machine-arrowhead" />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const taken = visited.indexOf(e.from) >= 0 && visited.indexOf(e.to) === visited.indexOf(e.from) + 1;
        return (
          <g key={`${e.from}-${e.to}`} className={`machine-edge${taken ? ' taken' : ''}`}>
            <line x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} markerEnd="url(#machine-arrow)" />
            <title>{e.label}</title>
          </g>
        );
      })}
      {layout.states.map((s) => {
        const current = s.id === state;
        const seen = visited.includes(s.id);
        return (
          <g key={s.id} className={`machine-state${current ? ' current' : ''}${seen ? ' visited' : ''}${s.final ? ' final' : ''}`} data-testid={`machine-state-${s.id}`} data-current={current}>
            <rect x={s.x - layout.boxWidth / 2} y={s.y - layout.boxHeight / 2} width={layout.boxWidth} height={layout.boxHeight} rx={s.final ? 14 : 5} />
            <text x={s.x} y={s.y} textAnchor="middle" dominantBaseline="central">
              {stateLabel(s.id)}
            </text>
            {stateLabel(s.id) !== s.id ? <title>{`${stateLabel(s.id)} (the machine’s ${s.id} state)`}</title> : null}
          </g>
        );
      })}
    </svg>
  );
}

/** "fallback for n5 (hint)": a sloppy quorum's stand-in holding the home replica's copy with a hint (§4.6). */
function fallbackNote(t: RequestTarget): string {
  return t.hintFor === undefined ? 'fallback (hint)' : `fallback for ${t.hintFor} (hint)`;
}

export function RequestInspector({ log, bodyOf }: { log: MessageLog; bodyOf: (id: number) => MessageBody | undefined }) {
  const selectedOpId = useAppStore((s) => s.selectedOpId);
  const selectedMessageId = useAppStore((s) => s.selectedMessageId);
  const messageOp = selectedMessageId === null ? undefined : log.arrowsById.get(selectedMessageId)?.opId;
  const opId = selectedOpId ?? messageOp ?? null;
  const history = pickRequest(log, opId);
  const progress = useMemo(() => (history ? requestProgress(history, log, bodyOf) : undefined), [history, log, bodyOf]);

  if (!progress) {
    return (
      <section className="inspect-card" data-testid="request-inspector" aria-label="Request inspector">
        <h3>Request</h3>
        <p className="help">{opId === null ? 'No coordinator request in the trace yet: put or get a key.' : `Operation #${opId} has no coordinator request in the trace (it may have failed before reaching a node).`}</p>
      </section>
    );
  }
  const { history: h } = progress;
  const quorum = h.op === 'put' ? 'W' : 'R';
  // A coordinator that is one of the key's replicas counts its own copy (§4.5) but sends itself no
  // message, so no target below stands for it: it is named on a line of its own.
  const ownCopy =
    !progress.targets.some((t) => t.node === h.coordinator) &&
    progress.replied > progress.targets.filter((t) => t.replied).length;
  return (
    <section className="inspect-card" data-testid="request-inspector" aria-label="Request inspector" data-request={h.id}>
      <h3>
        {h.op} {h.key} · coordinator {h.coordinator} · request #{h.reqId}
        {h.opId !== undefined ? ` · op #${h.opId}` : ''}
      </h3>
      <MachineDiagram op={h.op} state={progress.state} visited={progress.visited} />
      <p className="request-count" data-testid="request-replies">
        <strong>{progress.replied}</strong> {progress.replied === 1 ? 'reply' : 'replies'}
        {ownCopy ? ', the coordinator’s own copy included' : ''} (<strong>{progress.needed}</strong> needed,{' '}
        {quorum} = {progress.needed}); state <strong>{stateLabel(progress.state)}</strong>
      </p>
      {progress.readRepair ? (
        <p className="request-count" data-testid="request-read-repair" data-repair={progress.readRepair.kind}>
          {describeReadRepair(
            progress.readRepair,
            progress.targets.filter((t) => !t.replied && !t.lost).map((t) => t.node),
          )}
        </p>
      ) : null}
      <ul className="request-targets" data-testid="request-targets">
        {ownCopy ? (
          <li data-replied className="replied" data-testid="request-own-copy">
            <span className="target-node">{h.coordinator}</span>
            <span className="target-status"> ✓ its own copy (the coordinator)</span>
          </li>
        ) : null}
        {progress.targets.map((t) => (
          <li key={t.node} data-replied={t.replied} data-fallback={t.fallback} className={t.replied ? 'replied' : t.lost ? 'lost' : 'waiting'}>
            <span className="target-node">{t.node}</span>
            <span className="target-status">{t.replied ? ' ✓ replied' : t.lost ? ' ✕ lost' : ' … waiting'}</span>
            {t.fallback ? <span className="target-hint"> · {fallbackNote(t)}</span> : null}
          </li>
        ))}
      </ul>
      <ol className="request-steps">
        {h.steps.map((s, i) => (
          <li key={i}>
            {s.atMs.toFixed(2)} ms — {stateLabel(s.state)} ({stepCounts(s.replied, s.needed)})
          </li>
        ))}
      </ol>
    </section>
  );
}

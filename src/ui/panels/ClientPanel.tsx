/**
 * A client by hand (Dynamo §4.1 get/put, §4.4 versions): put a value, get a key and see every
 * version returned with its vector clock in the paper's notation and the context; with siblings,
 * merge them the shopping cart's way and write the union back with that context, so it supersedes
 * them. Gets and puts are interventions, so a seek replays them.
 */
import { useMemo, useState } from 'react';
import { cartUnion } from '../../core/conflict-resolution.ts';
import type { NodeId, Value, VectorClock, Version } from '../../core/types.ts';
import { formatClock } from '../../core/vector-clock.ts';
import type { OpResult } from '../../runtime/browser/simulation-api.ts';
import type { Fault } from '../../sim/world-config.ts';
import { useAppStore } from '../store/store.ts';
import { ClientReach, coordinatorLabel, FailureText, usePartitionGroups } from './ClientReach.tsx';
import { FieldError } from './FieldError.tsx';
import { checkKey, checkValue, KEY_HINT, waitingText } from './client-input.ts';

/** What a hand Put writes: one string, or a cart of items. */
type PutValue = string | readonly string[];

/** The clients a person drives by hand, each with its own session of contexts (§4.4). */
export const HAND_CLIENTS = ['alice', 'bob'] as const;

interface ClientPanelProps {
  nodes: readonly NodeId[];
  onFault: (fault: Fault) => void;
}

export function formatValue(value: Value): string {
  if (value === null) return '(deleted)';
  return typeof value === 'string' ? value : `[${value.join(', ')}]`;
}

/**
 * A value or key as the results show it: on one line, cut with an ellipsis where the box ends, the
 * whole text on hover.
 */
function Clipped({ text, className }: { text: string; className?: string }) {
  return (
    <span className={`clipped${className ? ` ${className}` : ''}`} title={text}>
      {text}
    </span>
  );
}

export function ClientPanel({ nodes, onFault }: ClientPanelProps) {
  const [key, setKey] = useState('cart');
  const [value, setValue] = useState('book');
  const [client, setClient] = useState<string>(HAND_CLIENTS[0]);
  const [coordinator, setCoordinator] = useState('');
  /** The newest hand-made op id when the person last pressed Get: the answer is the first get after it. */
  const [getAfter, setGetAfter] = useState<number | null>(null);
  /** Likewise for Put, with the value sent (a put's result does not carry it). */
  const [putSent, setPutSent] = useState<{ after: number; value: PutValue } | null>(null);
  const handOps = useAppStore((s) => s.snapshot?.handOps);
  const handContexts = useAppStore((s) => s.snapshot?.handContexts);
  const groups = usePartitionGroups();
  const playback = useAppStore((s) => s.playback);
  const keyCheck = checkKey(key);
  const valueCheck = checkValue(value);
  const sentKey = 'key' in keyCheck ? keyCheck.key : '';
  const context = handContexts?.find((c) => c.client === client && c.key === sentKey)?.context;
  const ops = useMemo(() => handOps ?? [], [handOps]);
  const newestId = ops.at(-1)?.opId ?? 0;
  const answer =
    getAfter === null ? undefined : ops.find((op) => op.kind === 'get' && op.opId > getAfter);
  const putAnswer =
    putSent === null ? undefined : ops.find((op) => op.kind === 'put' && op.opId > putSent.after);
  const target = coordinator === '' ? {} : { coordinator };

  const sendPut = (putKey: string, putValue: PutValue, putClient: string) => {
    setPutSent({ after: newestId, value: putValue });
    onFault({ kind: 'put', client: putClient, key: putKey, value: putValue, ...target });
  };
  const put = () => {
    if (sentKey === '' || !('value' in valueCheck)) return;
    sendPut(sentKey, valueCheck.value, client);
  };
  const get = () => {
    if (sentKey === '') return;
    setGetAfter(newestId);
    onFault({ kind: 'get', client, key: sentKey, ...target });
  };
  const merge = (versions: readonly Version[]) => {
    if (!answer) return;
    sendPut(answer.key, cartUnion(versions.map((v) => v.value)), answer.client);
  };

  return (
    <section
      className="side-section client-panel"
      aria-label="Client"
      data-testid="client-panel"
      data-newest-op={newestId}
    >
      <h2>Client</h2>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Key</span>
          <input
            className="input"
            data-testid="put-key"
            value={key}
            aria-invalid={'error' in keyCheck}
            aria-describedby={'error' in keyCheck ? 'hint-put-key error-put-key' : 'hint-put-key'}
            onChange={(e) => setKey(e.target.value)}
          />
          <span className="field-hint" id="hint-put-key" data-testid="put-key-hint">
            {KEY_HINT}
          </span>
        </label>
        <label className="field">
          <span className="field-label">Value (items, comma-separated)</span>
          <input
            className="input"
            data-testid="put-value"
            value={value}
            aria-invalid={'error' in valueCheck}
            aria-describedby={'error' in valueCheck ? 'hint-put-value error-put-value' : 'hint-put-value'}
            onChange={(e) => setValue(e.target.value)}
          />
          <span className="field-hint" id="hint-put-value" data-testid="put-value-hint">
            {'value' in valueCheck && valueCheck.note
              ? valueCheck.note
              : 'One item: a string; with commas: a cart; empty: an empty cart'}
          </span>
        </label>
      </div>
      <FieldError field="put-key" message={'error' in keyCheck ? keyCheck.error : undefined} />
      <FieldError field="put-value" message={'error' in valueCheck ? valueCheck.error : undefined} />
      <div className="field-row">
        <label className="field">
          <span className="field-label">Client</span>
          <select
            className="input"
            data-testid="client-select"
            value={client}
            onChange={(e) => setClient(e.target.value)}
          >
            {HAND_CLIENTS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Coordinator</span>
          <select
            className="input"
            data-testid="coordinator-select"
            value={coordinator}
            onChange={(e) => setCoordinator(e.target.value)}
          >
            <option value="">any node</option>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {coordinatorLabel(groups, client, n)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ClientReach client={client} members={nodes} groups={groups} />
      <div className="panel-row">
        <button
          type="button"
          className="button primary"
          data-testid="put-submit"
          disabled={sentKey === '' || 'error' in valueCheck}
          onClick={put}
        >
          Put
        </button>
        <button
          type="button"
          className="button"
          data-testid="get-submit"
          disabled={sentKey === ''}
          onClick={get}
        >
          Get
        </button>
      </div>
      <PutContext client={client} keyName={sentKey} context={context} />
      {putSent !== null ? (
        <PutResult answer={putAnswer} value={putSent.value} waiting={waitingText('put', playback)} />
      ) : null}
      <GetResult
        waiting={getAfter !== null && answer === undefined}
        waitingLine={waitingText('get', playback)}
        answer={answer}
        onMerge={merge}
      />
      <OpHistory ops={ops} />
    </section>
  );
}

/**
 * What Put will send as its context (§4.4): the clock of the client's last answer for the key,
 * so a person sees why a put supersedes the versions it read, or starts a sibling beside them.
 */
function PutContext({ client, keyName, context }: { client: string; keyName: string; context: VectorClock | undefined }) {
  if (keyName === '') return null;
  const empty = context === undefined || context.length === 0;
  return (
    <p className="help put-context" data-testid="put-context" data-empty={empty}>
      Put sends context{' '}
      <span className="mono" data-testid="put-context-clock">
        {formatClock(context ?? [])}
      </span>
      {empty
        ? ` (empty): ${client} has had no answer for ${keyName}, so the write supersedes no version; beside any that exist it becomes a sibling (§4.4).`
        : `: ${client}’s last answer for ${keyName}, so the write supersedes the versions that answer held (§4.4).`}
    </p>
  );
}

/** The last Put's outcome: waiting (and why, when the run is paused), written, or failed. */
function PutResult({ answer, value, waiting }: { answer: OpResult | undefined; value: PutValue; waiting: string }) {
  if (answer === undefined) {
    return (
      <div className="get-result" data-testid="put-result" data-state="waiting">
        {waiting}
      </div>
    );
  }
  if (!answer.ok) {
    return (
      <div className="get-result" data-testid="put-result" data-state="failed">
        Put <Clipped text={answer.key} className="result-key" /> failed:{' '}
        <FailureText op={answer} fallback="no quorum" />
      </div>
    );
  }
  return (
    <div className="get-result" data-testid="put-result" data-state="ok">
      <p className="result-line">
        Put <Clipped text={answer.key} className="result-key" /> ={' '}
        <Clipped text={formatValue(value)} className="version-value" /> via {answer.coordinator ?? '?'} in{' '}
        {(answer.endMs - answer.startMs).toFixed(1)} ms:{' '}
        <span className="mono">{formatClock(answer.clock ?? [])}</span>
      </p>
    </div>
  );
}

function GetResult({
  waiting,
  waitingLine,
  answer,
  onMerge,
}: {
  waiting: boolean;
  waitingLine: string;
  answer: OpResult | undefined;
  onMerge: (versions: readonly Version[]) => void;
}) {
  if (!waiting && answer === undefined) return null;
  if (answer === undefined) {
    return (
      <div className="get-result" data-testid="get-result" data-state="waiting">
        {waitingLine}
      </div>
    );
  }
  if (!answer.ok) {
    return (
      <div className="get-result" data-testid="get-result" data-state="failed">
        Get <Clipped text={answer.key} className="result-key" /> failed:{' '}
        <FailureText op={answer} fallback="no quorum" />
      </div>
    );
  }
  const versions = answer.versions ?? [];
  return (
    <div
      className="get-result"
      data-testid="get-result"
      data-state="ok"
      data-versions={versions.length}
    >
      <p className="result-line">
        <Clipped text={answer.key} className="result-key" /> via {answer.coordinator ?? '?'} in{' '}
        {(answer.endMs - answer.startMs).toFixed(1)} ms:{' '}
        {versions.length === 0
          ? 'not found'
          : versions.length === 1
            ? '1 version'
            : `${versions.length} siblings`}
        {answer.stale ? <span className="stale"> · stale read</span> : null}
      </p>
      <ul className="versions">
        {versions.map((v, i) => (
          <li key={i} data-testid="get-version">
            <Clipped text={formatValue(v.value)} className="version-value" />{' '}
            <span className="mono">{formatClock(v.clock)}</span>
            {versions.length > 1 && v.dot !== undefined ? (
              <span
                className="help"
                data-testid="get-version-over"
                title="The context this version was written over. Siblings are concurrent: neither was written over a context that holds the other's write (its dot, §4.4)."
              >
                {' '}
                written over <span className="mono">{formatClock(writtenOver(v))}</span> by{' '}
                {v.dot.node}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="help">
        Context:{' '}
        <span className="mono" data-testid="get-context">
          {formatClock(answer.context ?? [])}
        </span>
      </p>
      {versions.length > 1 ? (
        <button
          type="button"
          className="button primary"
          data-testid="merge-siblings"
          onClick={() => onMerge(versions)}
        >
          Merge (cart union) and put back
        </button>
      ) : null}
    </div>
  );
}

function OpHistory({ ops }: { ops: readonly OpResult[] }) {
  if (ops.length === 0) return null;
  return (
    <ol className="op-history" data-testid="op-history" reversed>
      {ops
        .slice(-5)
        .reverse()
        .map((op) => (
          <li key={op.opId} data-ok={op.ok}>
            {op.client} {op.kind} <Clipped text={op.key} />
            {op.kind === 'put' && op.clock ? (
              <span className="mono"> {formatClock(op.clock)}</span>
            ) : null}
            {/* Who coordinated: a node outside the key's top N forwards a put to one inside (§4.5). */}
            {op.coordinator ? <span className="help"> via {op.coordinator}</span> : null}
            {op.ok ? null : (
              <>
                {' — failed: '}
                <FailureText op={op} fallback="" />
              </>
            )}
          </li>
        ))}
    </ol>
  );
}

/**
 * The context a version was written over: its clock with its own event (the dot) taken back to the
 * count of that node's events the writer had seen. Two siblings such as [(n5,1)] and [(n5,2)] look
 * ordered by their clocks; written over [] and [], neither saw the other.
 */
function writtenOver(v: Version): Version['clock'] {
  const dot = v.dot;
  if (dot === undefined) return v.clock;
  return v.clock.flatMap((e) => (e.node !== dot.node ? [e] : dot.base > 0 ? [{ ...e, counter: dot.base }] : []));
}

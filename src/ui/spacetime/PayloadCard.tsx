/**
 * The selected message's payload (kind, ends, times, id, body) or the selected operation with its
 * messages (Dynamo §4.5: one client request, its replica traffic, its answer), beside the diagram.
 */
import type { MessageBody } from '../../core/messages.ts';
import { useAppStore } from '../store/store.ts';
import { TRAFFIC_COLOURS } from '../theme/traffic-palette.ts';
import type { MessageLog } from './message-log.ts';
import { bodyLines, envelopeLines } from './message-payload.ts';
import type { PayloadLine } from './message-payload.ts';

function Lines({ lines, testId }: { lines: readonly PayloadLine[]; testId?: string }) {
  return (
    <dl className="payload-lines" data-testid={testId}>
      {lines.map((l, i) => (
        <div key={`${l.label}-${i}`} className="payload-line">
          <dt>{l.label}</dt>
          <dd className="mono">{l.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PayloadCard({ log, bodyOf }: { log: MessageLog; bodyOf: (id: number) => MessageBody | undefined }) {
  const messageId = useAppStore((s) => s.selectedMessageId);
  const opId = useAppStore((s) => s.selectedOpId);
  const selectMessage = useAppStore((s) => s.selectMessage);
  const selectOp = useAppStore((s) => s.selectOp);
  const inspectKey = useAppStore((s) => s.inspectKey);
  const arrow = messageId === null ? undefined : log.arrowsById.get(messageId);
  const op = opId !== null ? log.operationsById.get(opId) : arrow?.opId !== undefined ? log.operationsById.get(arrow.opId) : undefined;

  if (arrow) {
    const body = bodyOf(arrow.id);
    const key = body && 'key' in body ? body.key : op?.key;
    return (
      <section className="inspect-card" data-testid="message-payload" aria-label="Message payload">
        <h3>
          <span className="swatch" style={{ background: TRAFFIC_COLOURS[arrow.trafficClass] }} /> Message #{arrow.id}
        </h3>
        <Lines lines={envelopeLines(arrow, op)} testId="message-envelope" />
        {body ? <Lines lines={bodyLines(body)} testId="message-body" /> : <p className="help">Body no longer kept: the playground keeps the bodies of the last 5,000 messages sent.</p>}
        <div className="card-actions">
          {key !== undefined ? (
            <button type="button" className="button" onClick={() => inspectKey(key)}>
              Inspect key {key}
            </button>
          ) : null}
          {arrow.opId !== undefined && arrow.opId !== opId ? (
            <button type="button" className="button" onClick={() => selectOp(arrow.opId ?? null)}>
              Show operation #{arrow.opId}
            </button>
          ) : null}
        </div>
      </section>
    );
  }
  if (op) {
    return (
      <section className="inspect-card" data-testid="operation-payload" aria-label="Operation">
        <h3>
          Operation #{op.opId}: {op.kind} {op.key}
        </h3>
        <p className="help">
          {op.client}, started {op.startMs.toFixed(1)} ms,{' '}
          {op.endMs === undefined ? 'running' : `${op.result ?? ''} after ${(op.endMs - op.startMs).toFixed(1)} ms${op.stale ? ' — stale read' : ''}${op.versions !== undefined ? `, ${op.versions} version(s)` : ''}`}
        </p>
        <ol className="op-messages" data-testid="operation-messages">
          {op.messageIds.map((id) => {
            const a = log.arrowsById.get(id);
            if (!a) return null;
            return (
              <li key={id}>
                <button type="button" className="link" onClick={() => selectMessage(id)}>
                  <span className="swatch" style={{ background: TRAFFIC_COLOURS[a.trafficClass] }} /> {a.kind} {a.from}→{a.to}
                  {a.end === 'dropped' ? ' ✕' : ''}
                </button>
              </li>
            );
          })}
        </ol>
        <div className="card-actions">
          <button type="button" className="button" onClick={() => inspectKey(op.key)}>
            Inspect key {op.key}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="inspect-card" data-testid="message-payload-empty">
      <h3>Message</h3>
      <p className="help">Click a message (an arrow) to read its payload, or an operation bar under the clients lane to light up all its messages.</p>
    </section>
  );
}

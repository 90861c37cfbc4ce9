/**
 * What a message carries, as label/value lines for the space-time diagram's payload card (Dynamo
 * §4.4–4.8): keys, versions with their vector clocks in the paper's notation, hints, Merkle hashes.
 * Bodies come with the snapshots, each once: the messages sent since the last one; the trace and
 * the in-flight envelopes keep only kind, ends and times.
 */
import type { Message, MessageBody } from '../../core/messages.ts';
import type { Value, Version } from '../../core/types.ts';
import { formatClock } from '../../core/vector-clock.ts';
import type { MessageArrow, OperationSpan } from './message-log.ts';

export interface PayloadLine {
  label: string;
  value: string;
}

/** Bodies seen in flight, by message id; oldest forgotten first so memory stays bounded. */
export class BodyCache {
  private readonly bodies = new Map<number, MessageBody>();

  constructor(private readonly limit = 5000) {}

  remember(messages: Iterable<Message>): void {
    for (const m of messages) {
      if (this.bodies.has(m.id)) continue;
      this.bodies.set(m.id, m);
      if (this.bodies.size > this.limit) {
        const oldest = this.bodies.keys().next().value;
        if (oldest !== undefined) this.bodies.delete(oldest);
      }
    }
  }

  get(id: number): MessageBody | undefined {
    return this.bodies.get(id);
  }

  clear(): void {
    this.bodies.clear();
  }
}

export function formatValue(value: Value): string {
  if (value === null) return '(deleted)';
  return typeof value === 'string' ? JSON.stringify(value) : `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** `["book"] [(n1,2),(n3,1)]`, one per version. */
export function formatVersions(versions: readonly Version[]): string {
  if (versions.length === 0) return 'none';
  return versions.map((v) => `${formatValue(v.value)} ${formatClock(v.clock)}`).join('; ');
}

function fmtMs(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}

/** The envelope every message has: kind, ends, times, what became of it. */
export function envelopeLines(arrow: MessageArrow, op: OperationSpan | undefined): PayloadLine[] {
  const lines: PayloadLine[] = [
    { label: 'message', value: `#${arrow.id} ${arrow.kind}` },
    { label: 'from → to', value: `${arrow.from} → ${arrow.to}` },
    { label: 'sent', value: fmtMs(arrow.sentAtMs) },
  ];
  if (arrow.end === 'delivered' && arrow.endAtMs !== undefined) {
    lines.push({ label: 'delivered', value: `${fmtMs(arrow.endAtMs)} (after ${(arrow.endAtMs - arrow.sentAtMs).toFixed(2)} ms)` });
  } else if (arrow.end === 'dropped' && arrow.endAtMs !== undefined) {
    lines.push({ label: 'dropped', value: `${fmtMs(arrow.endAtMs)} — ${arrow.dropReason ?? 'dropped'}` });
  } else {
    lines.push({ label: 'in flight', value: arrow.endAtMs === undefined ? 'due time unknown' : `due at ${fmtMs(arrow.endAtMs)}` });
  }
  if (op) lines.push({ label: 'operation', value: `#${op.opId} ${op.kind} ${op.key} by ${op.client}` });
  return lines;
}

/** The body's fields a reader of the paper cares about. */
export function bodyLines(body: MessageBody): PayloadLine[] {
  const lines: PayloadLine[] = [];
  const add = (label: string, value: string | number | undefined) => {
    if (value !== undefined) lines.push({ label, value: String(value) });
  };
  if ('opId' in body) add('op', `#${body.opId}`);
  if ('reqId' in body) add('request', `#${body.reqId}`);
  if ('key' in body) add('key', body.key);
  switch (body.kind) {
    case 'client.put':
    case 'put.forward':
      add('value', formatValue(body.value));
      add('context', formatClock(body.context));
      break;
    case 'client.put-reply':
      add('ok', String(body.ok));
      add('coordinator', body.coordinator);
      if (body.clock) add('clock', formatClock(body.clock));
      add('error', body.error);
      break;
    case 'client.get-reply':
      add('ok', String(body.ok));
      add('coordinator', body.coordinator);
      add('versions', formatVersions(body.versions));
      add('context', formatClock(body.context));
      add('error', body.error);
      break;
    case 'put.replica':
    case 'read-repair':
      add('versions', formatVersions(body.versions));
      add('hint for', body.hintFor);
      break;
    case 'get.replica-reply':
    case 'hint.deliver':
      add('versions', formatVersions(body.versions));
      break;
    case 'hint.ack':
      add('hint', `${body.hintId} rev ${body.revision}`);
      break;
    case 'ae.compare':
      add('session', body.session);
      add('range', body.request.rangeId);
      add('tree level', body.request.level);
      add('hashes', body.request.hashes.map((h) => h.slice(0, 8)).join(' '));
      add('compared so far', body.compared);
      break;
    case 'ae.in-sync':
      add('session', body.session);
      add('range', body.rangeId);
      add('compared', body.compared);
      break;
    case 'ae.offer':
      add('session', body.session);
      add('range', body.offer.rangeId);
      add('tree level', body.offer.level);
      add('key hashes', body.offer.entries.map(({ key, hash }) => `${key} ${hash.slice(0, 8)}`).join(', ') || 'none');
      add('compared so far', body.compared);
      break;
    case 'ae.keys':
      add('session', body.session);
      add('range', body.rangeId);
      add('keys sent', body.entries.map(([k]) => k).join(', ') || 'none');
      if (body.wants.length > 0) add('keys wanted', body.wants.join(', '));
      add('compared', body.compared);
      break;
    case 'gossip.push':
    case 'gossip.reply':
      add('members', Object.keys(body.view.members).join(', '));
      break;
    case 'transfer.offer':
      add('ranges', body.rangeIds.join(', '));
      add('keys', body.keyCount);
      break;
    case 'transfer.data':
      add('keys', body.entries.map(([k]) => k).join(', '));
      break;
    default:
      break;
  }
  return lines;
}

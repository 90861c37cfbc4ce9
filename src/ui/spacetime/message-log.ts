/**
 * The trace read back as a space-time diagram's data (Lamport's diagrams, applied to Dynamo §4.5–4.7):
 * every message as one arrow from its send to its delivery or drop, every client operation as a span,
 * and which operation each message serves.
 *
 * The trace names no operation on a node's messages, so the link is rebuilt from causality: the world
 * records an input (a delivery, a timer, an op start) and then, before the next input, exactly the
 * sends and observations that input caused. A message sent while handling a message of operation 7
 * belongs to operation 7; a timer's sends join the operation whose request (`#reqId`) the timer's own
 * observations name.
 */
import { trafficClassOf } from '../../core/messages.ts';
import type { MessageKind, TrafficClass } from '../../core/messages.ts';
import type { TraceRecord } from '../../sim/trace-record.ts';

/** How a message's arrow ends: at its receiver, in a cross, or still on its way at `nowMs`. */
export type ArrowEnd = 'delivered' | 'dropped' | 'in-flight';

export interface MessageArrow {
  id: number;
  kind: MessageKind;
  trafficClass: TrafficClass;
  from: string;
  to: string;
  sentAtMs: number;
  /** Delivery or drop time; for a message still in flight, when it is due (or undefined if unknown). */
  endAtMs: number | undefined;
  end: ArrowEnd;
  /** Why it was dropped (`loss`, `partition`, `crashed`, …). */
  dropReason?: string;
  /** The client operation it serves, when causality links it to one. */
  opId?: number;
}

export interface OperationSpan {
  opId: number;
  client: string;
  kind: 'get' | 'put';
  key: string;
  startMs: number;
  endMs: number | undefined;
  /** `ok`, `failed`, or undefined while running. */
  result: 'ok' | 'failed' | undefined;
  stale: boolean;
  /** Versions a get returned. */
  versions: number | undefined;
  messageIds: number[];
}

/** A coordinator's request machine, as its observations tell it (Dynamo §4.5 "state machine"). */
export interface RequestHistory {
  /** `${coordinator}:${reqId}`. */
  id: string;
  coordinator: string;
  reqId: number;
  op: 'get' | 'put';
  key: string;
  opId: number | undefined;
  /** Each state the machine was observed in, oldest first, with the reply count then. */
  steps: { atMs: number; state: string; replied: number; needed: number }[];
  /** A get's read repair (§5), once done: the replicas that got the newer versions; undefined if none did. */
  readRepaired?: string[];
}

export interface MessageLog {
  arrows: MessageArrow[];
  arrowsById: Map<number, MessageArrow>;
  operations: OperationSpan[];
  operationsById: Map<number, OperationSpan>;
  requests: Map<string, RequestHistory>;
  /** The first and last times the trace covers. */
  firstMs: number;
  lastMs: number;
}

/** Where the expected delivery time of a message still in flight comes from (snapshot.inFlight). */
export type DueTimes = ReadonlyMap<number, number>;

const REQUEST_DETAIL = /^request (get|put) (.*) #(\d+) (\S+) (\d+)\/(\d+)$/;

/** Parses `request put cart #3 waiting 1/2`, the world's text for a request observation. */
export function parseRequestDetail(detail: string): { op: 'get' | 'put'; key: string; reqId: number; state: string; replied: number; needed: number } | undefined {
  const m = REQUEST_DETAIL.exec(detail);
  if (!m) return undefined;
  return { op: m[1] as 'get' | 'put', key: m[2] ?? '', reqId: Number(m[3]), state: m[4] ?? '', replied: Number(m[5]), needed: Number(m[6]) };
}

/** What caused the records being read: the last input, at which endpoint, for which operation. */
interface Cause {
  endpoint: string | undefined;
  opId: number | undefined;
  /** Messages this input sent before its operation was known (a timer naming its request later). */
  unlinked: MessageArrow[];
  /** The request this input's last observation named. */
  request?: RequestHistory;
}

const noCause = (): Cause => ({ endpoint: undefined, opId: undefined, unlinked: [] });
const FINAL_STATES = new Set(['done', 'failed']);
const READ_REPAIR_DETAIL = /^read-repair (.*) (\S+)$/;

/** Reads trace records (oldest first, any window of the run) into arrows, operations and requests. */
export function buildMessageLog(records: readonly TraceRecord[], dueTimes: DueTimes = new Map()): MessageLog {
  const log: MessageLog = { arrows: [], arrowsById: new Map(), operations: [], operationsById: new Map(), requests: new Map(), firstMs: 0, lastMs: 0 };
  const first = records[0];
  const last = records[records.length - 1];
  if (first === undefined || last === undefined) return log;
  log.firstMs = first.timeMs;
  log.lastMs = last.timeMs;
  let cause: Cause = noCause();
  const open = new OpenRequests();
  const linkTo = (opId: number) => {
    cause.opId = opId;
    for (const arrow of cause.unlinked) link(log, arrow, opId);
    cause.unlinked = [];
  };
  for (const r of records) {
    // Sends, observations and op ends belong to the input before them; anything else is a new input.
    if (r.kind !== 'send' && r.kind !== 'observe' && r.kind !== 'op-end') {
      linkFallbackSends(log, open, cause);
      cause = noCause();
    }
    switch (r.kind) {
      case 'send': {
        const arrow = sent(r, dueTimes);
        if (!arrow) break;
        log.arrows.push(arrow);
        log.arrowsById.set(arrow.id, arrow);
        if (cause.endpoint !== r.from) break;
        if (cause.opId === undefined) cause.unlinked.push(arrow);
        else link(log, arrow, cause.opId);
        break;
      }
      case 'deliver': {
        const arrow = r.id === undefined ? undefined : log.arrowsById.get(r.id);
        if (arrow) {
          arrow.end = 'delivered';
          arrow.endAtMs = r.timeMs;
        }
        cause = { endpoint: r.to, opId: arrow?.opId, unlinked: [] };
        break;
      }
      case 'drop': {
        const arrow = r.id === undefined ? undefined : log.arrowsById.get(r.id);
        if (arrow) {
          arrow.end = 'dropped';
          arrow.endAtMs = r.timeMs;
          if (r.detail !== undefined) arrow.dropReason = r.detail;
        }
        break;
      }
      case 'timer':
        cause = { endpoint: r.node, opId: undefined, unlinked: [] };
        break;
      case 'op-start': {
        const op = started(r);
        if (op) {
          log.operations.push(op);
          log.operationsById.set(op.opId, op);
        }
        cause = { endpoint: r.node, opId: r.id, unlinked: [] };
        break;
      }
      case 'op-end': {
        const op = r.id === undefined ? undefined : log.operationsById.get(r.id);
        if (op) ended(op, r);
        break;
      }
      case 'observe': {
        if (r.detail === undefined || r.node === undefined) break;
        const repair = READ_REPAIR_DETAIL.exec(r.detail);
        const named = cause.request;
        if (repair && named !== undefined && cause.endpoint === r.node && named.key === repair[1]) {
          named.readRepaired = (repair[2] ?? '').split(',');
          break;
        }
        const request = parseRequestDetail(r.detail);
        if (!request) break;
        const history = observedRequest(log, r.node, request, r.timeMs);
        open.note(history, request.state);
        if (cause.endpoint !== r.node) break;
        cause.request = history;
        if (cause.opId !== undefined) history.opId ??= cause.opId;
        else if (history.opId !== undefined) linkTo(history.opId);
        break;
      }
      case 'state':
        if (r.node !== undefined) {
          retireRequests(log, r.node, r.timeMs);
          open.forget(r.node);
        }
        break;
      // Faults are inputs of their own: what follows is not caused by the last message (see above).
    }
  }
  linkFallbackSends(log, open, cause);
  return log;
}

/** Each coordinator's requests not yet in a final state, so a timer's sends can find theirs. */
class OpenRequests {
  private readonly byNode = new Map<string, Set<RequestHistory>>();

  note(history: RequestHistory, state: string): void {
    let requests = this.byNode.get(history.coordinator);
    if (!requests) this.byNode.set(history.coordinator, (requests = new Set()));
    if (FINAL_STATES.has(state)) requests.delete(history);
    else requests.add(history);
  }

  forget(node: string): void {
    this.byNode.delete(node);
  }

  of(node: string): ReadonlySet<RequestHistory> {
    return this.byNode.get(node) ?? new Set();
  }
}

/**
 * A put's coordinator that finds a replica silent at its failure-detection timer sends the copy to
 * a fallback (§4.6), and the timer names no request: its `put.replica` sends go to the coordinator's
 * one open put, when it has just one (with several the link would be a guess, so it is not made).
 */
function linkFallbackSends(log: MessageLog, open: OpenRequests, cause: Cause): void {
  if (cause.endpoint === undefined || cause.unlinked.length === 0) return;
  const puts = [...open.of(cause.endpoint)].filter((h) => h.op === 'put');
  const opId = puts.length === 1 ? puts[0]?.opId : undefined;
  if (opId === undefined) return;
  for (const arrow of cause.unlinked) if (arrow.kind === 'put.replica') link(log, arrow, opId);
}

function sent(r: TraceRecord, dueTimes: DueTimes): MessageArrow | undefined {
  if (r.id === undefined || r.from === undefined || r.to === undefined || r.msg === undefined) return undefined;
  const kind = r.msg as MessageKind;
  return { id: r.id, kind, trafficClass: trafficClassOf(kind), from: r.from, to: r.to, sentAtMs: r.timeMs, endAtMs: dueTimes.get(r.id), end: 'in-flight' };
}

function link(log: MessageLog, arrow: MessageArrow, opId: number): void {
  arrow.opId = opId;
  log.operationsById.get(opId)?.messageIds.push(arrow.id);
}

function started(r: TraceRecord): OperationSpan | undefined {
  if (r.id === undefined || r.node === undefined) return undefined;
  const [kind, ...key] = (r.detail ?? '').split(' ');
  return {
    opId: r.id,
    client: r.node,
    kind: kind === 'put' ? 'put' : 'get',
    key: key.join(' '),
    startMs: r.timeMs,
    endMs: undefined,
    result: undefined,
    stale: false,
    versions: undefined,
    messageIds: [],
  };
}

/** `get cart ok stale v2` → ok, stale, 2 versions. */
function ended(op: OperationSpan, r: TraceRecord): void {
  op.endMs = r.timeMs;
  const words = (r.detail ?? '').split(' ');
  op.result = words.includes('failed') ? 'failed' : 'ok';
  op.stale = words.includes('stale');
  const versions = words.find((w) => /^v\d+$/.test(w));
  if (versions !== undefined) op.versions = Number(versions.slice(1));
}

function observedRequest(log: MessageLog, coordinator: string, request: NonNullable<ReturnType<typeof parseRequestDetail>>, atMs: number): RequestHistory {
  const id = `${coordinator}:${request.reqId}`;
  let history = log.requests.get(id);
  if (!history) {
    history = { id, coordinator, reqId: request.reqId, op: request.op, key: request.key, opId: undefined, steps: [] };
    log.requests.set(id, history);
  }
  history.steps.push({ atMs, state: request.state, replied: request.replied, needed: request.needed });
  return history;
}

/** A node that crashed or recovered numbers its requests afresh: keep the old ones under another id. */
function retireRequests(log: MessageLog, coordinator: string, atMs: number): void {
  // Listed first: a renamed request goes back into the same map, where a loop over the map would
  // meet it again (and again). Requests retired before keep the name they got then.
  const current = [...log.requests].filter(([id, history]) => history.coordinator === coordinator && !id.includes('@'));
  for (const [id, history] of current) {
    log.requests.delete(id);
    history.id = `${id}@${atMs}`;
    log.requests.set(history.id, history);
  }
}

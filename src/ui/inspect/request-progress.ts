/**
 * Where one coordinator's request stands (Dynamo §4.5, §4.6, §5): its machine's current and past
 * states from the trace, the replicas it sent to — fallbacks with the home replica they stand in
 * for — which of them have answered, and for a get whether read repair had anything to fix, read
 * from its messages, so the inspector needs nothing the trace and the messages in flight do not
 * already say.
 */
import type { MessageBody } from '../../core/messages.ts';
import type { MessageLog, RequestHistory } from '../spacetime/message-log.ts';

export interface RequestTarget {
  node: string;
  /**
   * A fallback holding a hinted replica (§4.6): its message carried a hint, or the coordinator sent
   * it after its first fan-out, when it gave up on a silent replica.
   */
  fallback: boolean;
  /** The home replica this fallback stands in for (§4.6): from the message body, else the replica that was silent. */
  hintFor: string | undefined;
  /** Answered (an ack or a read reply reached the coordinator). */
  replied: boolean;
  /** The request to it was dropped, or its answer was. */
  lost: boolean;
  /** When the coordinator first sent to it, and when its answer arrived. */
  sentAtMs: number;
  repliedAtMs: number | undefined;
}

/**
 * A get's read repair (§5) as far as the trace tells: still comparing the replies that come after
 * the answer, nothing to repair (every reply agreed), or the replicas sent the newer versions.
 */
export type ReadRepair = { kind: 'comparing' } | { kind: 'none-needed' } | { kind: 'repaired'; nodes: string[] };

export interface RequestProgress {
  history: RequestHistory;
  state: string;
  /** States visited, oldest first, without repeats. */
  visited: string[];
  replied: number;
  needed: number;
  targets: RequestTarget[];
  /** Gets only, once R replies came (undefined for puts and failed gets). */
  readRepair: ReadRepair | undefined;
}

/**
 * How a machine state reads in the inspector. A get's `read-repairing` is the window after the
 * answer in which late replies are compared, and most end with nothing to repair, so it is not
 * called a repair.
 */
export function stateLabel(state: string): string {
  return state === 'read-repairing' ? 'comparing replies' : state;
}

/** "read repair: none needed, all replies agree", and the other outcomes, in words. */
export function describeReadRepair(repair: ReadRepair, waitingFor: readonly string[]): string {
  switch (repair.kind) {
    case 'comparing':
      return waitingFor.length > 0
        ? `read repair: answered; comparing late replies (waiting for ${waitingFor.join(', ')})`
        : 'read repair: answered; comparing the replies';
    case 'none-needed':
      return 'read repair: none needed, all replies agree';
    case 'repaired':
      return `read repair: sent the newer version to ${repair.nodes.join(', ')}`;
  }
}

const REQUEST_KINDS = new Set(['put.replica', 'get.replica']);

/** "1 reply", "3 replies". */
function replyCount(replied: number): string {
  return `${replied} ${replied === 1 ? 'reply' : 'replies'}`;
}

/**
 * A step's counts, "3 replies, 2 needed": read right when more replies come than the quorum needs
 * (a late replica still answers), where "3 of 2" did not.
 */
export function stepCounts(replied: number, needed: number): string {
  return `${replyCount(replied)}, ${needed} needed`;
}
const REPLY_KINDS = new Set(['put.replica-ack', 'get.replica-reply']);

export function requestProgress(history: RequestHistory, log: MessageLog, bodyOf: (id: number) => MessageBody | undefined): RequestProgress {
  const last = history.steps.at(-1);
  const visited: string[] = [];
  for (const step of history.steps) if (visited.at(-1) !== step.state) visited.push(step.state);
  const targets = new Map<string, RequestTarget>();
  // Nodes seen receiving the request; one seen only answering was sent to before the trace's window.
  const requested = new Set<string>();
  const messages = history.opId === undefined ? [] : (log.operationsById.get(history.opId)?.messageIds ?? []);
  for (const id of messages) {
    const arrow = log.arrowsById.get(id);
    if (!arrow) continue;
    if (REQUEST_KINDS.has(arrow.kind) && arrow.from === history.coordinator) {
      const body = bodyOf(id);
      const hintFor = body && 'hintFor' in body ? body.hintFor : undefined;
      const old = targets.get(arrow.to);
      requested.add(arrow.to);
      targets.set(arrow.to, {
        node: arrow.to,
        fallback: hintFor !== undefined || (old?.fallback ?? false),
        hintFor: hintFor ?? old?.hintFor,
        replied: old?.replied ?? false,
        lost: arrow.end === 'dropped',
        sentAtMs: old?.sentAtMs ?? arrow.sentAtMs,
        repliedAtMs: old?.repliedAtMs,
      });
    } else if (REPLY_KINDS.has(arrow.kind) && arrow.to === history.coordinator) {
      const target = targets.get(arrow.from) ?? newTarget(arrow.from, arrow.sentAtMs);
      if (arrow.end === 'delivered') {
        target.replied = true;
        target.repliedAtMs ??= arrow.endAtMs;
      }
      if (arrow.end === 'dropped') target.lost = true;
      targets.set(arrow.from, target);
    }
  }
  const state = last?.state ?? 'waiting';
  const list = [...targets.values()];
  markLateFallbacks(list.filter((t) => requested.has(t.node)));
  return {
    history,
    state,
    visited,
    replied: last?.replied ?? 0,
    needed: last?.needed ?? 0,
    targets: list,
    readRepair: readRepairOf(history, state),
  };
}

function newTarget(node: string, sentAtMs: number): RequestTarget {
  return { node, fallback: false, hintFor: undefined, replied: false, lost: false, sentAtMs, repliedAtMs: undefined };
}

/**
 * Targets (those seen receiving the request) sent to after the first fan-out are fallbacks the coordinator chose when replicas stayed
 * silent past its failure timeout (§4.6, §4.8.3): each stands in for the next replica still silent
 * then, in the order the coordinator sent to them, as the coordinator pairs them.
 */
function markLateFallbacks(targets: RequestTarget[]): void {
  const firstMs = Math.min(...targets.map((t) => t.sentAtMs));
  const replaced = new Set<RequestTarget>();
  for (const late of targets) {
    if (late.sentAtMs <= firstMs) continue;
    late.fallback = true;
    const silent = targets.find(
      (t) =>
        t.sentAtMs < late.sentAtMs &&
        !replaced.has(t) &&
        (late.hintFor === undefined ? t.repliedAtMs === undefined || t.repliedAtMs > late.sentAtMs : (t.hintFor ?? t.node) === late.hintFor),
    );
    if (!silent) continue;
    replaced.add(silent);
    late.hintFor ??= silent.hintFor ?? silent.node;
  }
}

function readRepairOf(history: RequestHistory, state: string): ReadRepair | undefined {
  if (history.op !== 'get') return undefined;
  if (state === 'read-repairing') return { kind: 'comparing' };
  if (state !== 'done') return undefined;
  return history.readRepaired === undefined ? { kind: 'none-needed' } : { kind: 'repaired', nodes: history.readRepaired };
}

/** The request to show: the selected operation's, else the newest one observed. */
export function pickRequest(log: MessageLog, opId: number | null): RequestHistory | undefined {
  let newest: RequestHistory | undefined;
  let newestMs = -Infinity;
  for (const history of log.requests.values()) {
    if (opId !== null && history.opId !== opId) continue;
    const at = history.steps[0]?.atMs ?? -Infinity;
    if (at >= newestMs) {
      newest = history;
      newestMs = at;
    }
  }
  return newest;
}

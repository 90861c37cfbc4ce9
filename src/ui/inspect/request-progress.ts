/**
 * Where one coordinator's request stands (Dynamo §4.5, §4.6): its machine's current and past states
 * from the trace, the replicas it sent to — with the home replica a fallback stands in for — and
 * which of them have answered, read from its messages, so the inspector needs nothing the trace and
 * the messages in flight do not already say.
 */
import type { MessageBody } from '../../core/messages.ts';
import type { MessageLog, RequestHistory } from '../spacetime/message-log.ts';

export interface RequestTarget {
  node: string;
  /** The home replica this fallback stands in for (§4.6), when the body is known. */
  hintFor: string | undefined;
  /** Answered (an ack or a read reply reached the coordinator). */
  replied: boolean;
  /** The request to it was dropped, or its answer was. */
  lost: boolean;
}

export interface RequestProgress {
  history: RequestHistory;
  state: string;
  /** States visited, oldest first, without repeats. */
  visited: string[];
  replied: number;
  needed: number;
  targets: RequestTarget[];
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
  const messages = history.opId === undefined ? [] : (log.operationsById.get(history.opId)?.messageIds ?? []);
  for (const id of messages) {
    const arrow = log.arrowsById.get(id);
    if (!arrow) continue;
    if (REQUEST_KINDS.has(arrow.kind) && arrow.from === history.coordinator) {
      const body = bodyOf(id);
      const hintFor = body && 'hintFor' in body ? body.hintFor : undefined;
      const old = targets.get(arrow.to);
      targets.set(arrow.to, { node: arrow.to, hintFor: hintFor ?? old?.hintFor, replied: old?.replied ?? false, lost: arrow.end === 'dropped' });
    } else if (REPLY_KINDS.has(arrow.kind) && arrow.to === history.coordinator) {
      const target = targets.get(arrow.from) ?? { node: arrow.from, hintFor: undefined, replied: false, lost: false };
      if (arrow.end === 'delivered') target.replied = true;
      if (arrow.end === 'dropped') target.lost = true;
      targets.set(arrow.from, target);
    }
  }
  return {
    history,
    state: last?.state ?? 'waiting',
    visited,
    replied: last?.replied ?? 0,
    needed: last?.needed ?? 0,
    targets: [...targets.values()],
  };
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

/**
 * The membership card's model (Dynamo §4.8): what each running node believes about every other —
 * in its membership view or not (§4.8.1, spread by gossip), and found unresponsive by its own
 * failure detector or not (§4.8.3) — set against what the simulator knows (crashed, faulted,
 * left). No node sees the simulator's truth: a crash is noticed only by a node whose messages go
 * unanswered, and a join only by the nodes gossip has reached.
 */
import type { NodeId } from '../../core/types.ts';
import type { NodeBeliefs, NodeView } from '../../runtime/browser/simulation-api.ts';
import type { NodeStatus } from '../../sim/world.ts';
import { formatVirtualTime } from '../virtual-time-format.ts';

/** What one node believes of another. */
export type Verdict = 'self' | 'reachable' | 'unreachable' | 'unknown';

export interface BeliefCell {
  subject: NodeId;
  verdict: Verdict;
  /** When the observer found the subject unresponsive, for `unreachable`. */
  sinceMs?: number;
}

export interface BeliefRow {
  observer: NodeId;
  status: NodeStatus;
  /** Undefined when the observer is not running: a node that is down believes nothing. */
  cells: BeliefCell[] | undefined;
  /** The observer holds the membership view most running nodes hold. */
  commonView: boolean;
}

export interface BeliefMatrix {
  /** The columns: every node not gone from the ring, and any node a view still lists. */
  subjects: NodeId[];
  rows: BeliefRow[];
  /** Distinct membership views among the running nodes. */
  views: number;
  /** What the matrix says, in sentences: agreement of views, crashes noticed, wrong suspicions. */
  findings: string[];
}

/** Each kind of finding names at most this many nodes before summing up the rest. */
const MAX_FINDINGS = 4;

export function beliefMatrix(nodes: readonly NodeView[], beliefs: Readonly<Record<NodeId, NodeBeliefs>>): BeliefMatrix {
  const running = nodes.filter((n) => n.status === 'up' && beliefs[n.id] !== undefined).map((n) => n.id);
  const listed = new Set(running.flatMap((id) => beliefs[id]?.members ?? []));
  const subjects = nodes.filter((n) => n.status !== 'left' || listed.has(n.id)).map((n) => n.id);
  const common = mostHeld(running.map((id) => beliefs[id]?.digest ?? ''));
  const rows = subjects.map((observer): BeliefRow => {
    const status = nodes.find((n) => n.id === observer)?.status ?? 'up';
    const b = status === 'up' ? beliefs[observer] : undefined;
    if (b === undefined) return { observer, status, cells: undefined, commonView: false };
    const members = new Set(b.members);
    const cells = subjects.map((subject): BeliefCell => {
      if (subject === observer) return { subject, verdict: 'self' };
      const sinceMs = b.unreachableSinceMs[subject];
      if (sinceMs !== undefined) return { subject, verdict: 'unreachable', sinceMs };
      return { subject, verdict: members.has(subject) ? 'reachable' : 'unknown' };
    });
    return { observer, status, cells, commonView: b.digest === common };
  });
  const views = new Set(running.map((id) => beliefs[id]?.digest)).size;
  return { subjects, rows, views, findings: findings(nodes, subjects, rows, running, views) };
}

function findings(nodes: readonly NodeView[], subjects: readonly NodeId[], rows: readonly BeliefRow[], running: readonly NodeId[], views: number): string[] {
  if (running.length === 0) return ['No node is running: nobody believes anything.'];
  const out: string[] = [];
  const verdicts = (subject: NodeId, verdict: Verdict) =>
    rows.filter((r) => r.cells?.some((c) => c.subject === subject && c.verdict === verdict)).map((r) => r.observer);
  const partial = subjects.filter((s) => verdicts(s, 'unknown').length > 0);
  if (partial.length === 0 && views <= 1) {
    out.push(`All ${count(running.length, 'running node')} hold the same membership view.`);
  } else if (partial.length === 0) {
    out.push(`The ${count(running.length, 'running node')} list the same members in ${views} versions of the membership view: gossip is still reconciling a change (a node’s tokens or status).`);
  } else {
    for (const s of partial.slice(0, MAX_FINDINGS)) {
      const knowing = running.filter((o) => !verdicts(s, 'unknown').includes(o));
      out.push(`${s} is in the view of ${knowing.length} of ${count(running.length, 'running node')}${knowing.length > 0 ? ` (${list(knowing)})` : ''}: gossip has not reached the others yet.`);
    }
    if (partial.length > MAX_FINDINGS) out.push(`…and ${count(partial.length - MAX_FINDINGS, 'more node')} not yet in every view.`);
  }
  const down = nodes.filter((n) => n.status === 'crashed' || n.status === 'faulted').map((n) => n.id);
  for (const s of down.slice(0, MAX_FINDINGS)) {
    const noticed = verdicts(s, 'unreachable');
    const trusting = verdicts(s, 'reachable');
    const status = nodes.find((n) => n.id === s)?.status ?? 'crashed';
    out.push(
      noticed.length === 0
        ? `${s} is ${status}, and no running node has noticed yet: none has had a message to it go unanswered.`
        : `${s} is ${status}: ${list(noticed)} found it unresponsive${trusting.length > 0 ? `; ${list(trusting)} still count${trusting.length === 1 ? 's' : ''} on it` : ''}.`,
    );
  }
  if (down.length > MAX_FINDINGS) out.push(`…and ${count(down.length - MAX_FINDINGS, 'more node')} down.`);
  const wrong = subjects.filter((s) => nodes.find((n) => n.id === s)?.status === 'up' && verdicts(s, 'unreachable').length > 0);
  for (const s of wrong.slice(0, MAX_FINDINGS)) {
    out.push(`${list(verdicts(s, 'unreachable'))} found ${s} unresponsive, though it is running: a partition, a cut link, loss or slowness, until ${s} answers again.`);
  }
  if (wrong.length > MAX_FINDINGS) out.push(`…and ${count(wrong.length - MAX_FINDINGS, 'more running node')} suspected.`);
  if (down.length === 0 && wrong.length === 0) out.push('No node finds another unresponsive.');
  return out;
}

/** The value held most often; ties go to the first seen. */
function mostHeld(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (best === undefined || c > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `n1, n2 and n3`; long lists keep their first names and count the rest. */
function list(ids: readonly NodeId[]): string {
  if (ids.length > 6) return `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} others`;
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1] as string}`;
}

/** A cell's words, for its tooltip and for screen readers. */
export function describeCell(observer: NodeId, cell: BeliefCell): string {
  switch (cell.verdict) {
    case 'self':
      return observer;
    case 'reachable':
      return `${observer} has ${cell.subject} in its view and no reason to doubt it`;
    case 'unreachable':
      return `${observer} found ${cell.subject} unresponsive at ${formatVirtualTime(cell.sinceMs ?? 0)}`;
    case 'unknown':
      return `${cell.subject} is not in ${observer}’s membership view`;
  }
}

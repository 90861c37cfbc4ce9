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
  /** Undefined when the observer is not running: a node that is down or gone believes nothing. */
  cells: BeliefCell[] | undefined;
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

/** The network as the run's interventions left it: what can explain a running node found unresponsive. */
export interface BeliefNetwork {
  partitions: readonly (readonly string[])[];
  cutLinks: readonly { from: string; to: string }[];
  lossProbability: number;
  slowNodes: Readonly<Record<string, number>>;
}

/** A network with nothing wrong in it. */
export const NO_FAULTS: BeliefNetwork = { partitions: [], cutLinks: [], lossProbability: 0, slowNodes: {} };

/** Each kind of finding names at most this many nodes or groups before summing up the rest. */
const MAX_FINDINGS = 4;

export function beliefMatrix(
  nodes: readonly NodeView[],
  beliefs: Readonly<Record<NodeId, NodeBeliefs>>,
  network: BeliefNetwork = NO_FAULTS,
): BeliefMatrix {
  const running = nodes.filter((n) => n.status === 'up' && beliefs[n.id] !== undefined).map((n) => n.id);
  const listed = new Set(running.flatMap((id) => beliefs[id]?.members ?? []));
  const subjects = nodes.filter((n) => n.status !== 'left' || listed.has(n.id)).map((n) => n.id);
  const rows = subjects.map((observer): BeliefRow => {
    const status = nodes.find((n) => n.id === observer)?.status ?? 'up';
    const b = status === 'up' ? beliefs[observer] : undefined;
    if (b === undefined) return { observer, status, cells: undefined };
    const members = new Set(b.members);
    const cells = subjects.map((subject): BeliefCell => {
      if (subject === observer) return { subject, verdict: 'self' };
      const sinceMs = b.unreachableSinceMs[subject];
      if (sinceMs !== undefined) return { subject, verdict: 'unreachable', sinceMs };
      return { subject, verdict: members.has(subject) ? 'reachable' : 'unknown' };
    });
    return { observer, status, cells };
  });
  const views = new Set(running.map((id) => beliefs[id]?.digest)).size;
  const statusOf = new Map(nodes.map((n) => [n.id, n.status]));
  return { subjects, rows, views, findings: findings(statusOf, subjects, rows, running, views, network) };
}

function findings(
  statusOf: ReadonlyMap<NodeId, NodeStatus>,
  subjects: readonly NodeId[],
  rows: readonly BeliefRow[],
  running: readonly NodeId[],
  views: number,
  network: BeliefNetwork,
): string[] {
  if (running.length === 0) return ['No node is running: nobody believes anything.'];
  const verdictOf = new Map<string, Verdict>();
  for (const r of rows) for (const c of r.cells ?? []) verdictOf.set(`${r.observer}>${c.subject}`, c.verdict);
  const holding = (subject: NodeId, verdict: Verdict) => running.filter((o) => verdictOf.get(`${o}>${subject}`) === verdict);
  const out: string[] = [
    ...membershipFindings(statusOf, subjects, running, views, holding),
    ...crashFindings(statusOf, subjects, holding),
  ];
  const wrong = suspicionFindings(statusOf, subjects, running, verdictOf, network);
  out.push(...wrong);
  if (wrong.length === 0 && !subjects.some((s) => statusOf.get(s) !== 'up' && statusOf.get(s) !== 'left'))
    out.push('No node finds another unresponsive.');
  return out;
}

/** Whether the running nodes' views agree; a join or a leave on its way by gossip. */
function membershipFindings(
  statusOf: ReadonlyMap<NodeId, NodeStatus>,
  subjects: readonly NodeId[],
  running: readonly NodeId[],
  views: number,
  holding: (subject: NodeId, verdict: Verdict) => NodeId[],
): string[] {
  const out: string[] = [];
  const partial = subjects.filter((s) => holding(s, 'unknown').length > 0);
  const leaving = subjects.filter((s) => statusOf.get(s) === 'left');
  if (partial.length === 0 && leaving.length === 0) {
    out.push(
      views <= 1
        ? `All ${count(running.length, 'running node')} hold the same membership view.`
        : `The ${count(running.length, 'running node')} list the same members in ${views} versions of the membership view: gossip is still reconciling a change (a node’s tokens or status).`,
    );
    return out;
  }
  for (const s of leaving.slice(0, MAX_FINDINGS)) {
    const still = running.filter((o) => !holding(s, 'unknown').includes(o));
    const heard = holding(s, 'unknown');
    out.push(
      heard.length === 0
        ? `${s} has left the ring, and no running node has heard yet: gossip carries the news.`
        : `${s} has left the ring: ${list(heard)} ${heard.length === 1 ? 'has' : 'have'} heard; ${list(still)} still list${still.length === 1 ? 's' : ''} it until gossip reaches ${still.length === 1 ? 'it' : 'them'}.`,
    );
  }
  for (const s of partial.filter((p) => !leaving.includes(p)).slice(0, MAX_FINDINGS)) {
    const knowing = running.filter((o) => !holding(s, 'unknown').includes(o));
    out.push(
      knowing.length === 1 && knowing[0] === s
        ? `Only ${s} itself knows it has joined: gossip has not reached the others yet.`
        : `${s} is in the view of ${knowing.length} of ${count(running.length, 'running node')}${knowing.length > 0 ? ` (${list(knowing)})` : ''}: gossip has not reached the others yet.`,
    );
  }
  if (partial.length + leaving.length > 2 * MAX_FINDINGS) out.push('…and more nodes not yet in every view.');
  return out;
}

/** For each node that is down: who has noticed, who still counts on it. */
function crashFindings(
  statusOf: ReadonlyMap<NodeId, NodeStatus>,
  subjects: readonly NodeId[],
  holding: (subject: NodeId, verdict: Verdict) => NodeId[],
): string[] {
  const out: string[] = [];
  const down = subjects.filter((s) => statusOf.get(s) === 'crashed' || statusOf.get(s) === 'faulted');
  for (const s of down.slice(0, MAX_FINDINGS)) {
    const noticed = holding(s, 'unreachable');
    const trusting = holding(s, 'reachable');
    const status = statusOf.get(s) ?? 'crashed';
    out.push(
      noticed.length === 0
        ? `${s} is ${status}, and no running node has noticed yet: none has had a message to it go unanswered.`
        : `${s} is ${status}: ${list(noticed)} found it unresponsive${trusting.length > 0 ? `; ${list(trusting)} still count${trusting.length === 1 ? 's' : ''} on it` : ''}.`,
    );
  }
  if (down.length > MAX_FINDINGS) out.push(`…and ${count(down.length - MAX_FINDINGS, 'more node')} down.`);
  return out;
}

/**
 * Running nodes found unresponsive, one sentence per group of observers that found the same
 * nodes, with what in the network explains it; and, under a partition, the nodes that still
 * count on the other side because they have asked it nothing.
 */
function suspicionFindings(
  statusOf: ReadonlyMap<NodeId, NodeStatus>,
  subjects: readonly NodeId[],
  running: readonly NodeId[],
  verdictOf: ReadonlyMap<string, Verdict>,
  network: BeliefNetwork,
): string[] {
  const up = subjects.filter((s) => statusOf.get(s) === 'up');
  const suspected = groupPairs(running, up, (o, s) => verdictOf.get(`${o}>${s}`) === 'unreachable');
  const out = suspected.slice(0, MAX_FINDINGS).map(({ observers, subjects: found }) => {
    const causes = [...new Set(observers.flatMap((o) => found.map((s) => causeOf(o, s, network))))];
    return `${list(observers)} found ${list(found)} unresponsive, though ${found.length === 1 ? 'it is' : 'they are'} running (${causes.join(' or ')}); a node is trusted again as soon as it answers.`;
  });
  if (suspected.length > MAX_FINDINGS) out.push(`…and ${count(suspected.length - MAX_FINDINGS, 'more group')} of suspicions.`);
  if (network.partitions.length > 0) {
    const trusting = groupPairs(running, up, (o, s) => verdictOf.get(`${o}>${s}`) === 'reachable' && separated(o, s, network));
    for (const { observers, subjects: trusted } of trusting.slice(0, 2))
      out.push(`${list(observers)} still count${observers.length === 1 ? 's' : ''} on ${list(trusted)} across the partition: a node notices only when a message of its own that needs an answer goes unanswered.`);
  }
  return out;
}

/** Observers grouped by the exact set of subjects `holds` for, largest groups first. */
function groupPairs(
  observers: readonly NodeId[],
  subjects: readonly NodeId[],
  holds: (observer: NodeId, subject: NodeId) => boolean,
): { observers: NodeId[]; subjects: NodeId[] }[] {
  const groups = new Map<string, { observers: NodeId[]; subjects: NodeId[] }>();
  for (const o of observers) {
    const found = subjects.filter((s) => s !== o && holds(o, s));
    if (found.length === 0) continue;
    const key = found.join();
    const group = groups.get(key) ?? { observers: [], subjects: found };
    group.observers.push(o);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.observers.length * b.subjects.length - a.observers.length * a.subjects.length);
}

/** The side of a partition a node is on: its group, or the side of the nodes named in none. */
function sideOf(node: NodeId, network: BeliefNetwork): number {
  return network.partitions.findIndex((g) => g.includes(node));
}

function separated(a: NodeId, b: NodeId, network: BeliefNetwork): boolean {
  return network.partitions.length > 0 && sideOf(a, network) !== sideOf(b, network);
}

/** What in the network can explain that `observer` found `subject`, which is running, unresponsive. */
function causeOf(observer: NodeId, subject: NodeId, network: BeliefNetwork): string {
  if (separated(observer, subject, network)) return 'across the partition';
  if (network.cutLinks.some((c) => (c.from === observer && c.to === subject) || (c.from === subject && c.to === observer))) return 'a cut link';
  if ((network.slowNodes[subject] ?? 1) > 1 || (network.slowNodes[observer] ?? 1) > 1) return 'a slowed node';
  if (network.lossProbability > 0) return 'message loss';
  return 'an answer later than the failure timeout';
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

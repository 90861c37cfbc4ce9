/**
 * Request coordination (Dynamo §4.5, §4.6, §5): the coordinator of a get or put picks the first
 * N healthy nodes of the key's preference list, sends them the request, and answers the client
 * once R (or W) have replied, or fails at its timeout. One XState machine per request decides when
 * that is (coordinator-machine.ts); this class does the sending, the replying and read repair.
 *
 * It runs on a node (server-driven coordination) or inside a client that knows the ring
 * (client-driven coordination, §6.4); the environment tells which.
 */
import { getMachine, putMachine, RequestRun } from './coordinator-machine.ts';
import type { CoordinatorState, Observation, TimerTag } from './effects.ts';
import type { MessageBody } from './messages.ts';
import type { NodeConfig } from './node-config.ts';
import type { RingState } from './partitioning.ts';
import { preferenceList } from './preference-list.ts';
import { resolveForClient } from './conflict-resolution.ts';
import type { ClientId, ClockEntry, EndpointId, Key, NodeId, PreferenceList, Value, VectorClock, Version } from './types.ts';
import { increment, counterOf } from './vector-clock.ts';
import { isStaleRelativeTo, mergeContext, reconcileLists, reconcileOnto } from './versions.ts';

/** What a coordinator needs from wherever it runs. */
export interface CoordinatorEnv {
  readonly self: EndpointId;
  readonly config: NodeConfig;
  nowMs(): number;
  send(to: EndpointId, body: MessageBody): void;
  setTimer(delayMs: number, tag: TimerTag): number;
  clearTimer(timerId: number): void;
  observe(observation: Observation): void;
  /** False when `observe` drops what it is given (a client's own coordinator): then none is built. */
  readonly observes?: boolean;
  ring(): RingState;
  isReachable(node: NodeId): boolean;
  /** True when `isReachable` holds for every node: lets a request skip asking node by node. */
  allReachable?(): boolean;
  markUnreachable(node: NodeId): void;
  /**
   * The coordinator's own replica, when it runs on a storage node that is a target: its reads
   * include the hinted versions it keeps for others, and a write naming `hintFor` goes to its hint
   * store (the node stands in for that home replica, §4.6).
   */
  readonly local?: {
    read(key: Key): readonly Version[];
    write(key: Key, versions: readonly Version[], hintFor?: NodeId): void;
  };
  /** Where the answer goes: a client endpoint (server-driven) or a callback (client-driven). */
  answer(opId: number, client: ClientId, body: MessageBody): void;
  /**
   * Persists a ceiling no counter issued so far exceeds, for a storage node to start above after a
   * crash that kept its disk: the versions on disk need not hold its latest counters (replaced by
   * last-writer-wins, handed off, delivered as hints). A client's own coordinator has none.
   */
  reserveCounters?(ceiling: number): void;
  /** Persists the largest counter issued for `key` that the node keeps no copy of (see `forget`). */
  releaseCounter?(key: Key, counter: number): void;
}

/** Counters reserved per persisted ceiling: one disk write per this many puts through a node. */
const COUNTER_RESERVATION = 64;

interface Target {
  node: NodeId;
  hintFor?: NodeId;
}

interface PendingRequest {
  reqId: number;
  opId: number;
  client: ClientId;
  op: 'get' | 'put';
  key: Key;
  /** The request's state machine, stepped in place. */
  machine: RequestRun;
  targets: Target[];
  /** Fallbacks for replacing targets that stop answering (sloppy quorum); used from `spareNext` on. */
  spare: readonly NodeId[];
  spareNext: number;
  /**
   * The request timeout, or once the request waits for read repair its window. While the failure
   * detection point is still to come, none: the timeout is set when that point passes, so the
   * many requests that finish before it set and clear one timer, not two.
   */
  timerId: number | undefined;
  detectTimerId: number | undefined;
  /** put: the version being written. get: every replica's answer, for read repair. */
  version?: Version;
  /** put: `[version]`, one array for the local write and every replica's message. */
  written?: readonly Version[];
  replies: Map<NodeId, readonly Version[]>;
  /** get: the replies reconciled so far, shared by the answer and read repair. */
  latest?: readonly Version[];
  /** get: replies that came after `latest` was computed, still to be folded into it. */
  unfolded: (readonly Version[])[];
  answered: boolean;
  lastState: CoordinatorState;
}

export class Coordinator {
  private nextReqId = 1;
  private readonly pending = new Map<number, PendingRequest>();

  /** The largest counter this coordinator has issued or found in its own clock entries, any key. */
  private highWater = 0;
  /** The ceiling last persisted through `reserveCounters`; counters up to it need no disk write. */
  private reserved = 0;
  /** Counters issued for keys this coordinator did not keep a copy of (it was no target, or it let the key go). */
  private readonly issuedUnheld = new Map<Key, number>();

  constructor(private readonly env: CoordinatorEnv) {}

  /** After a restart: the largest counter of this node's own entries it kept, or its persisted ceiling. */
  noteCounter(counter: number): void {
    this.highWater = Math.max(this.highWater, counter);
  }

  /**
   * The node lets versions of a key go (§4.9 the key handed off to its new home, §4.6 a hint
   * delivered to its owner): its own counters in them are remembered as for a key it never kept.
   * Another copy may come later (a hint for it as the key's former home, a new hint) without them,
   * and a counter taken from that copy would be reused.
   */
  forget(key: Key, versions: readonly Version[]): void {
    this.issuedWithoutCopy(key, maxCounter(versions, this.env.self));
  }

  /**
   * After a restart: the counters it had issued for keys it kept no copy of, from its disk. Without
   * them, a key handed off or a hint delivered before the restart that comes back as an older copy
   * would give the next counter from that copy.
   */
  noteReleased(released: ReadonlyMap<Key, number>): void {
    for (const [key, counter] of released) this.remember(key, counter);
  }

  /** Remembers `counter` as issued for `key`, which this coordinator keeps no copy of, on disk too. */
  private issuedWithoutCopy(key: Key, counter: number): void {
    if (this.remember(key, counter)) this.env.releaseCounter?.(key, counter);
  }

  private remember(key: Key, counter: number): boolean {
    if (counter <= (this.issuedUnheld.get(key) ?? 0)) return false;
    this.issuedUnheld.set(key, counter);
    return true;
  }

  /**
   * The counter a new clock must be above (§4.4). A coordinator's counter for a key must exceed
   * every counter it issued for that key, or two different writes could carry the same clock and
   * replicas would drop the second as already seen (Riak's KV679). While the coordinator holds the
   * key, its own versions carry those counters: the paper's per-object counters, as in Figure 3.
   * When it does not (not a home replica, the key handed off, a version replaced under
   * last-writer-wins) it cannot know, so it jumps above every counter it ever issued for any key.
   *
   * The counter only names the event; what the write has seen is its base (the context's counter
   * for this node), recorded in the version's dot. Two puts through one coordinator with the same
   * context thus get dots (n1,2) and (n1,3) over base 1: neither has seen the other, and replicas
   * keep both as siblings. Plain clocks ordered them, the second silently overwriting the first;
   * Riak removed that with dotted version vectors (paper notes §6.3), as versions.ts does here.
   */
  private counterFloor(key: Key): number {
    const local = this.env.local;
    if (local === undefined) return this.highWater;
    const held = local.read(key);
    if (held.length === 0 || this.env.config.resolution === 'lww') return this.highWater;
    return Math.max(maxCounter(held, this.env.self), this.issuedUnheld.get(key) ?? 0);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** The N nodes a request goes to, in rank order, with hints for fallbacks (§4.6). */
  chooseTargets(key: Key): { targets: Target[]; spare: readonly NodeId[] } {
    const { N, quorumMode, spreadDataCenters } = this.env.config;
    const list = preferenceList(this.env.ring(), key, N, spreadDataCenters ? SPREAD : NO_SPREAD);
    const roles = rolesOf(list);
    // A strict quorum's targets are the primaries, never replaced: one frozen choice per list.
    if (quorumMode === 'strict') return (roles.strict ??= Object.freeze({ targets: Object.freeze(roles.primaries.map((node) => Object.freeze({ node }))) as Target[], spare: noSpare }));
    const { primaries, fallbacks } = roles;
    // Nobody suspected: every primary is a target and every fallback a spare, in rank order.
    if (this.env.allReachable?.() === true)
      return { targets: primaries.map((node) => ({ node })), spare: fallbacks };
    const healthy = (n: NodeId): boolean => n === this.env.self || this.env.isReachable(n);
    const down = primaries.filter((n) => !healthy(n));
    const targets: Target[] = primaries.filter(healthy).map((node) => ({ node }));
    const spare: NodeId[] = [];
    for (const node of fallbacks) {
      if (!healthy(node)) continue;
      const owner = down[targets.length - (N - down.length)];
      if (targets.length < N && owner !== undefined) targets.push({ node, hintFor: owner });
      else spare.push(node);
    }
    return { targets, spare };
  }

  /** §4.5 put: build the new version from the client's context, store it, send it to the others. */
  put(opId: number, client: ClientId, key: Key, context: VectorClock, value: Value): void {
    const { W, clockMaxEntries } = this.env.config;
    const now = this.env.nowMs();
    const { targets, spare } = this.chooseTargets(key);
    const local = this.env.local;
    const floor = withCounterAtLeast(context, this.env.self, this.counterFloor(key));
    const clock = increment(floor, this.env.self, now, clockMaxEntries);
    const counter = counterOf(clock, this.env.self);
    this.highWater = Math.max(this.highWater, counter);
    if (counter > this.reserved && this.env.reserveCounters) {
      this.reserved = counter + COUNTER_RESERVATION;
      this.env.reserveCounters(this.reserved);
    }
    // The dot: this write's own event over what the client's context had seen of this node.
    const dot = { node: this.env.self, counter, base: counterOf(context, this.env.self) };
    const version: Version = { value, clock, dot, writtenAtMs: now, writer: this.env.self };
    const selfTarget = local === undefined ? undefined : targets.find((t) => t.node === this.env.self);
    const selfIsTarget = selfTarget !== undefined;
    const written = [version];
    if (selfTarget) local?.write(key, written, selfTarget.hintFor);
    else if (local !== undefined) this.issuedWithoutCopy(key, counter);
    const machine = RequestRun.start(putMachine, { needed: W, expected: targets.length, replied: selfIsTarget ? [this.env.self] : [] });
    const req = this.track('put', opId, client, key, machine, targets, spare);
    req.version = version;
    req.written = written;
    for (const t of targets) if (t.node !== this.env.self || !selfIsTarget) this.sendPut(req, t);
    this.afterEvent(req);
  }

  /** §4.5 get: ask the first N healthy nodes, answer after R replies. */
  get(opId: number, client: ClientId, key: Key): void {
    const { R } = this.env.config;
    const { targets, spare } = this.chooseTargets(key);
    const local = this.env.local;
    const selfIsTarget = local !== undefined && targets.some((t) => t.node === this.env.self);
    const machine = RequestRun.start(getMachine, { needed: R, expected: targets.length, replied: selfIsTarget ? [this.env.self] : [] });
    const req = this.track('get', opId, client, key, machine, targets, spare);
    if (selfIsTarget) this.noteReply(req, this.env.self, local.read(key));
    for (const t of targets) {
      if (t.node === this.env.self && selfIsTarget) continue;
      this.env.send(t.node, { kind: 'get.replica', reqId: req.reqId, key });
    }
    this.afterEvent(req);
  }

  private track(
    op: 'get' | 'put',
    opId: number,
    client: ClientId,
    key: Key,
    machine: RequestRun,
    targets: Target[],
    spare: readonly NodeId[],
  ): PendingRequest {
    const reqId = this.nextReqId++;
    const { requestTimeoutMs, failureTimeoutMs } = this.env.config;
    const detects = failureTimeoutMs < requestTimeoutMs;
    const req: PendingRequest = {
      reqId,
      opId,
      client,
      op,
      key,
      machine,
      targets,
      spare,
      spareNext: 0,
      timerId: detects ? undefined : this.env.setTimer(requestTimeoutMs, { kind: 'request-timeout', reqId }),
      detectTimerId: detects ? this.env.setTimer(failureTimeoutMs, { kind: 'read-repair-window', reqId: -reqId }) : undefined,
      replies: new Map(),
      unfolded: [],
      answered: false,
      lastState: 'sending',
    };
    this.pending.set(reqId, req);
    return req;
  }

  private sendPut(req: PendingRequest, target: Target): void {
    const versions = req.written;
    if (!versions) return;
    const { reqId, key } = req;
    const hintFor = target.hintFor;
    this.env.send(
      target.node,
      hintFor === undefined
        ? { kind: 'put.replica', reqId, key, versions }
        : { kind: 'put.replica', reqId, key, versions, hintFor },
    );
  }

  onPutAck(from: NodeId, reqId: number): void {
    const req = this.pending.get(reqId);
    if (!req || req.op !== 'put') return;
    req.machine.send({ type: 'replica.replied', node: from });
    this.afterEvent(req);
  }

  onGetReply(from: NodeId, reqId: number, versions: readonly Version[]): void {
    const req = this.pending.get(reqId);
    if (!req || req.op !== 'get') return;
    // After the answer, replies are kept only for read repair (§5); the machine still counts them.
    if (!req.answered || this.env.config.readRepair) this.noteReply(req, from, versions);
    req.machine.send({ type: 'replica.replied', node: from });
    this.afterEvent(req);
  }

  /** A coordinator timer fired: the request timeout, the failure-detection point, or the repair window. */
  onTimer(tag: TimerTag): void {
    if (tag.kind === 'request-timeout') {
      const req = this.pending.get(tag.reqId);
      if (!req) return;
      this.suspectSilentTargets(req);
      req.machine.send({ type: 'timer.expired' });
      this.afterEvent(req);
    } else if (tag.kind === 'read-repair-window') {
      if (tag.reqId < 0) return this.onDetectTimer(-tag.reqId);
      const req = this.pending.get(tag.reqId);
      if (!req) return;
      req.machine.send({ type: 'repair.window-closed' });
      this.afterEvent(req);
    }
  }

  /**
   * Targets silent after the failure timeout are treated as unreachable (§4.8.3). A put under a
   * sloppy quorum then hands their copy to the next healthy fallback, with a hint (§4.6).
   */
  private onDetectTimer(reqId: number): void {
    const req = this.pending.get(reqId);
    if (!req) return;
    req.detectTimerId = undefined;
    // The request times out `requestTimeoutMs` after it began, unless it already waits for read repair.
    const { requestTimeoutMs, failureTimeoutMs } = this.env.config;
    if (req.timerId === undefined) req.timerId = this.env.setTimer(requestTimeoutMs - failureTimeoutMs, { kind: 'request-timeout', reqId });
    const silent = this.suspectSilentTargets(req);
    if (req.op !== 'put' || this.env.config.quorumMode === 'strict') return;
    for (const t of silent) {
      const stand = req.spare[req.spareNext];
      if (stand === undefined) break;
      req.spareNext++;
      const next: Target = { node: stand, hintFor: t.hintFor ?? t.node };
      req.targets.push(next);
      req.machine.send({ type: 'target.added' });
      this.sendPut(req, next);
    }
    this.afterEvent(req);
  }

  private suspectSilentTargets(req: PendingRequest): Target[] {
    const replied = new Set(req.machine.getSnapshot().context.replied);
    const silent = req.targets.filter((t) => !replied.has(t.node) && t.node !== this.env.self);
    for (const t of silent) this.env.markUnreachable(t.node);
    return silent;
  }

  private afterEvent(req: PendingRequest): void {
    const snapshot = req.machine.getSnapshot();
    const state = snapshot.value as CoordinatorState;
    if (!req.answered) {
      if (state === 'succeeded' || state === 'read-repairing' || state === 'done') this.answer(req, true);
      else if (state === 'failed') this.answer(req, false);
    }
    if (state !== req.lastState) {
      req.lastState = state;
      this.observe(req, state);
      if (state === 'read-repairing') {
        if (req.timerId !== undefined) this.env.clearTimer(req.timerId);
        req.timerId = this.env.setTimer(this.env.config.readRepairWaitMs, {
          kind: 'read-repair-window',
          reqId: req.reqId,
        });
      }
    }
    if (snapshot.status === 'done') this.finish(req, state);
  }

  // Reply bodies are built field by field, in the order the spreads used to give them.
  private answer(req: PendingRequest, ok: boolean): void {
    req.answered = true;
    const coordinator = this.env.self;
    const { opId } = req;
    if (req.op === 'put') {
      const version = ok ? req.version : undefined;
      let body: MessageBody;
      if (version === undefined) {
        const error = `fewer than W=${this.env.config.W} replicas acknowledged in time`;
        body = { kind: 'client.put-reply', opId, ok, coordinator, error };
      } else if (version.dot === undefined) {
        body = { kind: 'client.put-reply', opId, ok, coordinator, clock: version.clock };
      } else {
        body = { kind: 'client.put-reply', opId, ok, coordinator, clock: version.clock, dot: version.dot };
      }
      this.env.answer(opId, req.client, body);
      return;
    }
    const all = this.latestOf(req);
    const context = mergeContext(all);
    if (ok) {
      const versions = resolveForClient(all, this.env.config.resolution);
      this.env.answer(opId, req.client, { kind: 'client.get-reply', opId, ok, versions, context, coordinator });
    } else {
      const error = `fewer than R=${this.env.config.R} replicas answered in time`;
      this.env.answer(opId, req.client, { kind: 'client.get-reply', opId, ok, versions: [], context, coordinator, error });
    }
  }

  /** §5 read repair: replicas that answered with stale versions get the reconciled ones. */
  private finish(req: PendingRequest, state: CoordinatorState): void {
    if (req.timerId !== undefined) this.env.clearTimer(req.timerId);
    if (req.detectTimerId !== undefined) this.env.clearTimer(req.detectTimerId);
    this.pending.delete(req.reqId);
    if (req.op !== 'get' || state !== 'done' || !this.env.config.readRepair) return;
    const latest = this.latestOf(req);
    if (latest.length === 0) return;
    let stale: NodeId[] | undefined;
    for (const [node, versions] of req.replies) if (isStaleRelativeTo(versions, latest)) (stale ??= []).push(node);
    if (stale === undefined) return;
    for (const node of stale) {
      if (node === this.env.self && this.env.local) {
        this.env.local.write(req.key, latest, req.targets.find((t) => t.node === node)?.hintFor);
      } else {
        const hintFor = req.targets.find((t) => t.node === node)?.hintFor;
        this.env.send(node, { kind: 'read-repair', key: req.key, versions: latest, ...(hintFor === undefined ? {} : { hintFor }) });
      }
    }
    this.env.observe({ type: 'read-repair', key: req.key, targets: stale });
  }

  /** Every replica's answer so far, reconciled (§4.4); recomputed only after a new reply. */
  private latestOf(req: PendingRequest): readonly Version[] {
    if (req.latest === undefined) {
      req.latest = reconcileLists(req.replies.values());
    } else {
      // Reconciling is order-independent, so later replies fold into the earlier result.
      for (const versions of req.unfolded) req.latest = reconcileOnto(req.latest, versions, true);
    }
    req.unfolded.length = 0;
    return req.latest;
  }

  private noteReply(req: PendingRequest, from: NodeId, versions: readonly Version[]): void {
    if (req.replies.has(from)) {
      // A replica answered twice: its first answer must leave `latest`, so reconcile afresh.
      req.latest = undefined;
      req.unfolded.length = 0;
    } else if (req.latest !== undefined) {
      req.unfolded.push(versions);
    }
    req.replies.set(from, versions);
  }

  private observe(req: PendingRequest, state: CoordinatorState): void {
    if (this.env.observes === false) return;
    const { R, W } = this.env.config;
    this.env.observe({
      type: 'request',
      reqId: req.reqId,
      opId: req.opId,
      op: req.op,
      key: req.key,
      state,
      replied: req.machine.getSnapshot().context.replied,
      targets: req.targets,
      needed: req.op === 'put' ? W : R,
    });
  }

  /** For the request inspector: the machines in flight and what they have so far. */
  describe(): Array<{ reqId: number; opId: number; op: 'get' | 'put'; key: Key; state: string; replied: readonly NodeId[]; targets: readonly Target[] }> {
    return [...this.pending.values()].map((r) => ({
      reqId: r.reqId,
      opId: r.opId,
      op: r.op,
      key: r.key,
      state: String(r.machine.getSnapshot().value),
      replied: r.machine.getSnapshot().context.replied,
      targets: r.targets,
    }));
  }
}

const SPREAD = Object.freeze({ spreadDataCenters: true });
const NO_SPREAD = Object.freeze({ spreadDataCenters: false });

interface Roles {
  readonly primaries: readonly NodeId[];
  readonly fallbacks: readonly NodeId[];
  /** The strict-quorum choice of targets, built when first asked for. */
  strict?: { readonly targets: Target[]; readonly spare: readonly NodeId[] };
}

/** Not frozen, like every shared empty list the hot loops meet (see `emptyClock`). */
const noSpare: readonly NodeId[] = [];

/** Lists are cached per ring and never change, so each is split into its roles once. */
const rolesCache = new WeakMap<PreferenceList, Roles>();

function rolesOf(list: PreferenceList): Roles {
  let roles = rolesCache.get(list);
  if (roles === undefined) {
    const primaries: NodeId[] = [];
    const fallbacks: NodeId[] = [];
    for (const entry of list) {
      if (entry.role === 'primary') primaries.push(entry.node);
      else if (entry.role === 'fallback') fallbacks.push(entry.node);
    }
    roles = { primaries, fallbacks };
    rolesCache.set(list, roles);
  }
  return roles;
}

function maxCounter(versions: readonly Version[], node: NodeId): number {
  let max = 0;
  for (const v of versions) max = Math.max(max, counterOf(v.clock, node));
  return max;
}

/** `clock` with `node`'s counter raised to at least `counter` (its timestamp kept), sorted by node. */
export function withCounterAtLeast(clock: VectorClock, node: NodeId, counter: number): VectorClock {
  if (counterOf(clock, node) >= counter) return clock;
  // A well-formed clock (sorted, unique nodes): put the entry in its place in one pass.
  const raised: ClockEntry[] = [];
  let placed = false;
  for (let i = 0; i < clock.length; i++) {
    const e = clock[i]!;
    if (i > 0 && clock[i - 1]!.node >= e.node) return withCounterAtLeastSorting(clock, node, counter);
    if (!placed && e.node >= node) {
      placed = true;
      raised.push({ node, counter, timestampMs: e.node === node ? e.timestampMs : 0 });
      if (e.node === node) continue;
    }
    raised.push(e);
  }
  if (!placed) raised.push({ node, counter, timestampMs: 0 });
  return raised;
}

/** The general case, for a clock that arrived unsorted or with a node twice. */
function withCounterAtLeastSorting(clock: VectorClock, node: NodeId, counter: number): VectorClock {
  const entries = clock.filter((e) => e.node !== node);
  const old = clock.find((e) => e.node === node);
  entries.push({ node, counter, timestampMs: old?.timestampMs ?? 0 });
  entries.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return entries;
}

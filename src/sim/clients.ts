/**
 * The clients of the store (Dynamo §4.1, §6.4): sessions that keep the context of each key they
 * read or wrote, workloads that issue gets and puts (open loop at a rate, or closed loop with
 * think time), and the judging of every answer against ground truth (stale reads, §4.5).
 * A client either sends its request to a coordinator node (server-driven) or coordinates it
 * itself from the ring it knows (client-driven, §6.4).
 */
import { Coordinator } from '../core/coordinator.ts';
import type { TimerTag } from '../core/effects.ts';
import type { Message, MessageBody } from '../core/messages.ts';
import { homeReplicas } from '../core/preference-list.ts';
import type { ClientId, Dot, EndpointId, Key, NodeId, Value, VectorClock, Version } from '../core/types.ts';
import { emptyClock } from '../core/vector-clock.ts';
import { ClientCoordinatorEnv } from './client-coordinator-env.ts';
import { KeyPicker, keyName } from './key-popularity.ts';
import { createPrng, type SeededPrng } from './prng.ts';
import type { ClientAction, World } from './world.ts';
import type { Fault, WorkloadSpec } from './world-config.ts';

export interface OpResult {
  opId: number;
  client: ClientId;
  kind: 'get' | 'put';
  key: Key;
  ok: boolean;
  startMs: number;
  endMs: number;
  coordinator?: NodeId;
  /**
   * Server-driven, when no answer came: the node the request was sent to, so a view can say why
   * (a node across a partition from the client, §4.6).
   */
  sentTo?: NodeId;
  /** get: the versions returned (siblings when concurrent) and the merged context. */
  versions?: readonly Version[];
  context?: VectorClock;
  /** put: the new version's clock. */
  clock?: VectorClock;
  /** put: the new version's dot (what it has seen, core/versions.ts). */
  dot?: Dot;
  error?: string;
  /** get: it missed an acknowledged write (ground truth). */
  stale?: boolean;
  workload?: string;
}

interface Op {
  opId: number;
  client: ClientId;
  kind: 'get' | 'put';
  key: Key;
  startMs: number;
  workload?: string;
  keep: boolean;
  /** Server-driven: the node the request went to (set in the literal, so every op has one shape). */
  sentTo: NodeId | undefined;
}

interface Session {
  id: ClientId;
  contexts: Map<Key, VectorClock>;
  prng: SeededPrng;
  coordinator?: Coordinator;
  nextTimerId: number;
  timers: Map<number, TimerTag>;
}

interface RunningWorkload {
  spec: WorkloadSpec;
  clients: ClientId[];
  picker: KeyPicker;
  prng: SeededPrng;
  issued: number;
  stopped: boolean;
  /** Read-modify-write: the put each client issues once its read of the key ends. */
  writesAfterRead: Map<ClientId, { key: string; value: string }>;
}

const RECENT_LIMIT = 500;

export class Clients {
  private readonly sessions = new Map<ClientId, Session>();
  private readonly ops = new Map<number, Op>();
  private readonly workloads = new Map<string, RunningWorkload>();
  private nextOpId = 1;
  /** Results of operations someone asked to keep (by hand, scenario steps, tests). */
  readonly results = new Map<number, OpResult>();
  /**
   * The most recent results of every kind (at most `RECENT_LIMIT`), kept as a ring: `recentHead`
   * is the oldest one's slot once the ring is full. Every operation ends by writing one slot.
   */
  private readonly recentRing: OpResult[] = [];
  private recentHead = 0;
  private readonly listeners = new Set<(r: OpResult) => void>();

  constructor(
    private readonly world: World,
    private readonly seed: number,
  ) {}

  /** The most recent results of every kind, oldest first, for the views: a copy. */
  get recent(): readonly OpResult[] {
    const ring = this.recentRing;
    return this.recentHead === 0 ? ring.slice() : [...ring.slice(this.recentHead), ...ring.slice(0, this.recentHead)];
  }

  ids(): ClientId[] {
    return [...this.sessions.keys()].sort();
  }

  has(id: EndpointId): boolean {
    return this.sessions.has(id);
  }

  /** Checkpoints leave listeners out: they belong to whoever watches this world. */
  get listenerSet(): object {
    return this.listeners;
  }

  onResult(listener: (r: OpResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  session(id: ClientId): Session {
    let s = this.sessions.get(id);
    if (!s) {
      s = { id, contexts: new Map(), prng: createPrng(this.seed, `client:${id}`), nextTimerId: 1, timers: new Map() };
      this.sessions.set(id, s);
    }
    return s;
  }

  contextOf(client: ClientId, key: Key): VectorClock {
    return this.sessions.get(client)?.contexts.get(key) ?? emptyClock;
  }

  /**
   * The contexts a client's session holds, key by key (§4.4: the context of its last answer for
   * each key), at most `limit` of them: what its next put of each key will send.
   */
  contextsOf(client: ClientId, limit: number): [Key, VectorClock][] {
    const contexts = this.sessions.get(client)?.contexts;
    const out: [Key, VectorClock][] = [];
    if (contexts === undefined) return out;
    for (const entry of contexts) {
      if (out.length >= limit) break;
      out.push(entry);
    }
    return out;
  }

  // ── Issuing operations ─────────────────────────────────────────────────────────────────────

  put(client: ClientId, key: Key, value: Value, timeMs: number, options: { context?: VectorClock; coordinator?: NodeId; keep?: boolean; workload?: string } = {}): number {
    const s = this.session(client);
    const context = options.context ?? s.contexts.get(key) ?? emptyClock;
    const op = this.begin(s, 'put', key, timeMs, options.keep ?? true, options.workload);
    // §6.4: under vector clocks a write is still coordinated by a node of the key's preference
    // list (the clock names its coordinator), so a client-driven put goes straight to a home replica;
    // under timestamp versioning (last-writer-wins) the client coordinates it itself.
    const clientDriven = this.coordination(options.workload) === 'client';
    if (clientDriven && options.coordinator === undefined && this.world.setup.cluster.node.resolution === 'lww') {
      this.clientCoordinator(s).put(op.opId, client, key, context, value);
      return op.opId;
    }
    const to = options.coordinator ?? (clientDriven ? this.homeCoordinator(key) : undefined) ?? this.pickCoordinator(s, key, options.workload);
    if (to === undefined) {
      this.end(op, timeMs, { ok: false, error: 'no live node to send the request to' });
      return op.opId;
    }
    op.sentTo = to;
    this.world.send(client, to, { kind: 'client.put', opId: op.opId, key, context, value }, timeMs);
    return op.opId;
  }

  get(client: ClientId, key: Key, timeMs: number, options: { coordinator?: NodeId; keep?: boolean; workload?: string } = {}): number {
    const s = this.session(client);
    const op = this.begin(s, 'get', key, timeMs, options.keep ?? true, options.workload);
    if (this.coordination(options.workload) === 'client') {
      this.clientCoordinator(s).get(op.opId, client, key);
      return op.opId;
    }
    const to = options.coordinator ?? this.pickCoordinator(s, key, options.workload);
    if (to === undefined) {
      this.end(op, timeMs, { ok: false, error: 'no live node to send the request to' });
      return op.opId;
    }
    op.sentTo = to;
    this.world.send(client, to, { kind: 'client.get', opId: op.opId, key }, timeMs);
    return op.opId;
  }

  private begin(s: Session, kind: 'get' | 'put', key: Key, timeMs: number, keep: boolean, workload?: string): Op {
    // Optional fields are set after the literal, not spread into it: this runs for every operation.
    const op: Op = { opId: this.nextOpId++, client: s.id, kind, key, startMs: timeMs, keep, sentTo: undefined };
    if (workload) op.workload = workload;
    this.ops.set(op.opId, op);
    const trace = this.world.trace;
    if (trace.keepsRecords) trace.nodeEvent(timeMs, 'op-start', s.id, `${kind} ${key}`, op.opId);
    else trace.tally('op-start');
    this.world.scheduleClient(s.id, timeMs + this.world.setup.clientTimeoutMs, { kind: 'timeout', opId: op.opId });
    return op;
  }

  private coordination(workload: string | undefined): 'server' | 'client' {
    return (workload && this.workloads.get(workload)?.spec.coordination) || 'server';
  }

  /**
   * Server-driven (§4.5): a load balancer's pick among the live nodes this client can reach, or
   * the key's first such home replica. Nodes across a partition or a cut link from the client are
   * not picked while there is one it can reach: a load balancer routes around what it cannot reach.
   */
  private pickCoordinator(s: Session, key: Key, workload: string | undefined): NodeId | undefined {
    const live = this.world.liveNodeList();
    if (live.length === 0) return undefined;
    const reachable = this.world.reachableFrom(s.id, live);
    const pool = reachable.length > 0 ? reachable : live;
    const spec = workload ? this.workloads.get(workload)?.spec : undefined;
    if (spec?.coordinatorChoice === 'partition-aware') {
      const home = homeReplicas(this.world.ring(), key, this.world.setup.cluster.node.N).find((n) => pool.includes(n));
      if (home !== undefined) return home;
    }
    return pool[Math.floor(s.prng.next() * pool.length)];
  }

  /** The key's first live home replica, from the ring the client knows. */
  private homeCoordinator(key: Key): NodeId | undefined {
    const live = this.world.liveNodeList();
    return homeReplicas(this.world.ring(), key, this.world.setup.cluster.node.N).find((n) => live.includes(n));
  }

  /** Client-driven coordination (§6.4): the client runs the read coordinator against the ring it knows. */
  private clientCoordinator(s: Session): Coordinator {
    if (s.coordinator) return s.coordinator;
    s.coordinator = new Coordinator(new ClientCoordinatorEnv(this.world, s, this));
    return s.coordinator;
  }

  // ── Answers ───────────────────────────────────────────────────────────────────────────────

  deliver(m: Message, timeMs: number): void {
    const s = this.sessions.get(m.to);
    if (!s) return;
    switch (m.kind) {
      case 'client.put-reply':
      case 'client.get-reply':
        return this.onReply(m, timeMs);
      case 'put.replica-ack':
        return s.coordinator?.onPutAck(m.from, m.reqId);
      case 'get.replica-reply':
        return s.coordinator?.onGetReply(m.from, m.reqId, m.versions);
      default:
        return;
    }
  }

  /** The answer of a coordinator the client runs itself (client-driven, §6.4). */
  answerFromOwnCoordinator(body: MessageBody, timeMs: number): void {
    this.onReply(body, timeMs);
  }

  private onReply(body: MessageBody, timeMs: number): void {
    if (body.kind === 'client.put-reply') {
      const op = this.ops.get(body.opId);
      if (!op) return;
      if (body.ok && body.clock) {
        this.session(op.client).contexts.set(op.key, body.clock);
        const { clock, dot, coordinator } = body;
        this.world.truth.acknowledge(dot ? { opId: op.opId, key: op.key, clock, dot, ackedAtMs: timeMs } : { opId: op.opId, key: op.key, clock, ackedAtMs: timeMs });
        this.end(op, timeMs, dot ? { ok: true, clock, dot, coordinator } : { ok: true, clock, coordinator });
      } else {
        this.end(op, timeMs, { ok: false, coordinator: body.coordinator, error: body.error ?? 'put failed' });
      }
    } else if (body.kind === 'client.get-reply') {
      const op = this.ops.get(body.opId);
      if (!op) return;
      if (!body.ok) return this.end(op, timeMs, { ok: false, coordinator: body.coordinator, error: body.error ?? 'get failed' });
      this.session(op.client).contexts.set(op.key, body.context);
      const missed = this.world.truth.staleAgainst(op.key, op.startMs, body.versions);
      if (missed) this.world.metrics.stale({ opId: op.opId, key: op.key, atMs: timeMs, missedOpId: missed.opId });
      this.end(op, timeMs, { ok: true, versions: body.versions, context: body.context, coordinator: body.coordinator, stale: missed !== undefined });
    }
  }

  private end(op: Op, timeMs: number, outcome: Partial<OpResult> & { ok: boolean }): void {
    this.ops.delete(op.opId);
    // Built in steps rather than spread (every operation ends here), with the fields in the same order.
    const result = { opId: op.opId, client: op.client, kind: op.kind, key: op.key, startMs: op.startMs, endMs: timeMs } as OpResult;
    if (op.workload) result.workload = op.workload;
    Object.assign(result, outcome);
    this.world.metrics.opDone(op.kind, outcome.ok, timeMs - op.startMs, outcome.versions?.length);
    const trace = this.world.trace;
    if (!trace.keepsRecords) trace.tally('op-end');
    else
      trace.nodeEvent(
        timeMs,
        'op-end',
        op.client,
        `${op.kind} ${op.key} ${outcome.ok ? 'ok' : 'failed'}${outcome.stale ? ' stale' : ''}${outcome.versions ? ` v${outcome.versions.length}` : ''}`,
        op.opId,
      );
    if (op.keep) this.results.set(op.opId, result);
    if (this.recentRing.length < RECENT_LIMIT) {
      this.recentRing.push(result);
    } else {
      this.recentRing[this.recentHead] = result;
      this.recentHead = (this.recentHead + 1) % RECENT_LIMIT;
    }
    for (const l of this.listeners) l(result);
    if (op.workload) this.afterWorkloadOp(op.workload, op.client, timeMs);
  }

  // ── World-local actions: timers, arrivals, timeouts ──────────────────────────────────────────

  run(client: EndpointId, action: ClientAction, timeMs: number): void {
    if (action.kind === 'timeout') {
      const op = this.ops.get(action.opId);
      if (!op) return;
      const error = `no answer within ${this.world.setup.clientTimeoutMs} ms`;
      this.end(op, timeMs, op.sentTo === undefined ? { ok: false, error } : { ok: false, sentTo: op.sentTo, error });
      return;
    }
    if (action.kind === 'timer') {
      const s = this.sessions.get(client);
      if (!s || !s.timers.delete(action.timerId)) return;
      s.coordinator?.onTimer(action.tag);
      return;
    }
    this.arrival(action.workload, client, timeMs);
  }

  intervene(fault: Extract<Fault, { kind: 'put' | 'get' | 'workload-start' | 'workload-stop' }>, timeMs: number): void {
    switch (fault.kind) {
      case 'put': {
        const client = fault.client ?? 'c1';
        const context = fault.context === 'none' ? emptyClock : undefined;
        this.put(client, fault.key, fault.value, timeMs, {
          ...(context ? { context } : {}),
          ...(fault.coordinator ? { coordinator: fault.coordinator } : {}),
        });
        return;
      }
      case 'get':
        this.get(fault.client ?? 'c1', fault.key, timeMs, fault.coordinator ? { coordinator: fault.coordinator } : {});
        return;
      case 'workload-start':
        return this.startWorkload(fault.workload, timeMs);
      case 'workload-stop': {
        const w = this.workloads.get(fault.id);
        if (w) w.stopped = true;
        return;
      }
    }
  }

  startWorkload(spec: WorkloadSpec, atMs: number): void {
    const clients = Array.from({ length: spec.clients }, (_, i) => `${spec.id}-c${i + 1}`);
    for (const c of clients) this.session(c);
    const w: RunningWorkload = {
      spec,
      clients,
      picker: new KeyPicker(spec.keyCount, spec.popularity),
      prng: createPrng(this.seed, `workload:${spec.id}`),
      issued: 0,
      stopped: false,
      writesAfterRead: new Map(),
    };
    this.workloads.set(spec.id, w);
    const start = Math.max(atMs, spec.startMs);
    if (spec.loop === 'open') {
      this.world.scheduleClient(clients[0] ?? spec.id, start + this.interArrivalMs(w), { kind: 'arrival', workload: spec.id });
    } else {
      clients.forEach((c) => this.world.scheduleClient(c, start + w.prng.next() * spec.thinkMs, { kind: 'arrival', workload: spec.id }));
    }
  }

  stopWorkload(id: string): void {
    const w = this.workloads.get(id);
    if (w) w.stopped = true;
  }

  workloadIds(): string[] {
    return [...this.workloads.values()].filter((w) => !w.stopped).map((w) => w.spec.id);
  }

  private interArrivalMs(w: RunningWorkload): number {
    const ratePerMs = w.spec.ratePerSec / 1000;
    return ratePerMs > 0 ? -Math.log(1 - w.prng.next()) / ratePerMs : Infinity;
  }

  private active(w: RunningWorkload, timeMs: number): boolean {
    if (w.stopped) return false;
    if (w.spec.stopMs !== undefined && timeMs >= w.spec.stopMs) return false;
    return w.spec.maxOps === undefined || w.issued < w.spec.maxOps;
  }

  private arrival(workload: string, client: EndpointId, timeMs: number): void {
    const w = this.workloads.get(workload);
    if (!w || !this.active(w, timeMs)) return;
    const spec = w.spec;
    const who = spec.loop === 'open' ? (w.clients[Math.floor(w.prng.next() * w.clients.length)] ?? client) : client;
    const key = keyName(spec.keyPrefix, w.picker.next(w.prng));
    w.issued++;
    if (w.prng.next() < spec.readFraction) {
      this.get(who, key, timeMs, { keep: false, workload });
    } else {
      const value = workloadValue(who, w.issued, spec.valueBytes);
      if (spec.readModifyWrite === true && spec.loop === 'closed') {
        w.writesAfterRead.set(who, { key, value });
        this.get(who, key, timeMs, { keep: false, workload });
      } else {
        this.put(who, key, value, timeMs, { keep: false, workload });
      }
    }
    if (spec.loop === 'open') {
      const next = timeMs + this.interArrivalMs(w);
      if (Number.isFinite(next)) this.world.scheduleClient(w.clients[0] ?? client, next, { kind: 'arrival', workload });
    }
  }

  private afterWorkloadOp(workload: string, client: ClientId, timeMs: number): void {
    const w = this.workloads.get(workload);
    if (!w || w.spec.loop !== 'closed') return;
    // Read-modify-write: the read ended (answered or not), so the write goes out now with the
    // context it brought back (none if it failed), before the client thinks again.
    const write = w.writesAfterRead.get(client);
    if (write !== undefined) {
      w.writesAfterRead.delete(client);
      if (!w.stopped) return void this.put(client, write.key, write.value, timeMs, { keep: false, workload });
    }
    if (!this.active(w, timeMs)) return;
    this.world.scheduleClient(client, timeMs + w.spec.thinkMs, { kind: 'arrival', workload });
  }

  inFlightOps(): number {
    return this.ops.size;
  }
}

/**
 * A workload write's value, `valueBytes` long: the writing client and the write's number, as
 * `c4#17` padded with dots, so two writes of one key show different values in the views. When
 * that does not fit, the number is kept and the client shortened, as the number tells writes apart.
 */
export function workloadValue(client: ClientId, issued: number, valueBytes: number): string {
  const size = Math.max(valueBytes, 1);
  const number = `#${issued}`;
  // Workload clients are named `<workload>-c<n>`: the workload is the same for all its writes.
  const who = client.slice(client.lastIndexOf('-') + 1);
  const text = `${who.slice(0, Math.max(0, size - number.length))}${number}`;
  return text.padEnd(size, '.').slice(0, size);
}

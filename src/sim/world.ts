/**
 * The deterministic world around the nodes (design.md "The world"): virtual time, one event queue
 * ordered by (time, sequence), the network, the clients, the faults and the trace. It drives any
 * NodeHost. Events for different nodes that fall within one minimum network latency of each other
 * cannot influence each other, so they form one batch that a host may run in parallel; their
 * effects are merged in event order, so every host gives the same trace.
 */
import { emptyDiskImage, type Effect, type Observation, type TimerTag } from '../core/effects.ts';
import { applyRingChange, viewFromRing, type MembershipView } from '../core/membership.ts';
import { latencyLegOf, type Message, type MessageBody } from '../core/messages.ts';
import { minTimerDelayMs } from '../core/node-config.ts';
import { createRing, joinNode, leaveNode, RingConfigError, type RingState } from '../core/partitioning.ts';
import type { EndpointId, NodeId } from '../core/types.ts';
import { EventQueue } from './event-queue.ts';
import { Clients } from './clients.ts';
import { GroundTruth } from './ground-truth.ts';
import { Metrics } from './metrics.ts';
import { Network, type DropReason } from './network.ts';
import type { NodeHost, NodeInput, NodeSpec } from './node-host.ts';
import { createPrng, type SeededPrng } from './prng.ts';
import { Trace } from './trace.ts';
import type { TraceRecord } from './trace-record.ts';
import type { Fault, WorldSetup } from './world-config.ts';

export type WorldEvent =
  | { type: 'deliver'; message: Message; sentAtMs: number }
  /**
   * `cancelled` is set when the node clears the timer while it is queued. It is there from the
   * start, so timer events keep one shape (the hot loops read events of few shapes).
   */
  | { type: 'timer'; node: NodeId; incarnation: number; timerId: number; tag: TimerTag; cancelled: boolean }
  /** `cancelled` is set on a client timer its client cancelled while it was queued. */
  | { type: 'client'; client: EndpointId; action: ClientAction; cancelled: boolean }
  | { type: 'fault'; fault: Fault; scheduled: boolean }
  /** A lost message reaches the time it would have arrived: the views stop drawing it. */
  | { type: 'lost'; message: Message };

/** World-local work for a client endpoint: its timers, workload arrivals, op timeouts. */
export type ClientAction =
  | { kind: 'timer'; timerId: number; tag: TimerTag }
  | { kind: 'arrival'; workload: string }
  | { kind: 'timeout'; opId: number };

/** A message in flight, for the views: they interpolate between send and delivery times. */
export interface InFlight {
  message: Message;
  sentAtMs: number;
  deliverAtMs: number;
  lost: boolean;
}

type TimerEvent = Extract<WorldEvent, { type: 'timer' }>;
type ClientEvent = Extract<WorldEvent, { type: 'client' }>;

export type NodeStatus = 'up' | 'crashed' | 'faulted' | 'left';

/** The effects of a node input its host gave none for (a node that faulted mid-batch). */
const noEffects: readonly Effect[] = [];
/** What a batch without node inputs is merged with. */
const noInputEffects: readonly Effect[][] = [];
// Neither is frozen: a frozen array's own elements kind would make the loops over effects polymorphic.

/** Batch starts a world keeps for stepping back (32 kB). */
const BATCH_STARTS_KEPT = 4096;

export class World {
  readonly setup: WorldSetup;
  readonly host: NodeHost;
  readonly trace: Trace;
  readonly metrics = new Metrics();
  readonly truth: GroundTruth;
  readonly network: Network;
  readonly clients: Clients;
  private readonly queue = new EventQueue<WorldEvent>();
  private readonly busy = new Set<EndpointId>();
  /** The current batch (formBatch): its events, their times, the node input each became, and those inputs in order. */
  private readonly batchEvents: WorldEvent[] = [];
  private readonly batchTimes: number[] = [];
  private readonly batchInputs: (NodeInput | undefined)[] = [];
  private batchNodeInputs: NodeInput[] = [];
  /** A batch is at its host (asynchronous hosts): the next may only be formed after it merged. */
  private batchRunning = false;
  private nodesCache: readonly NodeId[] | undefined;
  private liveCache: readonly NodeId[] | undefined;
  /** The nodes' shortest timer delay (their config is fixed for the run): one bound of a batch's window. */
  private readonly minTimerDelayMs: number;
  /**
   * Timer events not yet carried out, by endpoint and timer id: clearing a timer marks its queued
   * event, and the event is skipped when it comes up (no key is built per timer).
   */
  private readonly queuedTimers = new Map<EndpointId, Map<number, TimerEvent | ClientEvent>>();
  private readonly adminPrng: SeededPrng;
  private readonly incarnation = new Map<NodeId, number>();
  private readonly status = new Map<NodeId, NodeStatus>();
  private readonly hintsByNode = new Map<NodeId, Set<string>>();
  /** Nodes that left and have handed off everything: no longer run (§4.9). */
  private readonly handedOff = new Set<NodeId>();
  readonly inFlight = new Map<number, InFlight>();
  /**
   * Messages that left the wire (delivered, dropped, lost) less than one batch window before the
   * latest batch began, while views track messages: a batch carries events up to one window past
   * the time it was run to, and a view drawing that earlier time still shows them in flight
   * (`inFlightAt`), also after an intervention ran as a batch of its own at the world's clock.
   */
  private readonly landed: InFlight[] = [];
  /** Requests coordinators are working on, for the request inspector. */
  readonly requests = new Map<string, Extract<Observation, { type: 'request' }>>();
  private nextMessageId = 1;
  private now = 0;
  /**
   * When the latest batches began (their first events' times), newest at `batchesFormed - 1`, in
   * a ring of `BATCH_STARTS_KEPT`: where a step back goes (`batchStartBefore`).
   */
  private readonly batchStarts = new Float64Array(BATCH_STARTS_KEPT);
  private batchesFormed = 0;
  private eventsProcessed = 0;
  private adminRing: RingState;
  private adminView: MembershipView;
  /**
   * Views watch this world: keep what only they draw — the messages in flight, recent bodies, the
   * requests coordinators are working on. A headless run (an experiment, the CLI, the bench) turns
   * it off; nothing the run does depends on it.
   */
  trackInFlight = true;

  constructor(setup: WorldSetup, host: NodeHost) {
    this.setup = setup;
    this.host = host;
    this.minTimerDelayMs = minTimerDelayMs(setup.cluster.node);
    this.trace = new Trace({ windowSize: setup.traceWindow });
    this.truth = new GroundTruth(setup.clientTimeoutMs * 2);
    this.network = new Network(setup.network, createPrng(setup.seed, 'network'));
    this.adminPrng = createPrng(setup.seed, 'admin');
    const { cluster } = setup;
    this.adminRing = createRing({
      params: cluster.ring,
      nodes: cluster.nodes,
      N: cluster.node.N,
      prng: createPrng(setup.seed, 'ring'),
      ...(cluster.placement ? { placement: cluster.placement } : {}),
    });
    this.adminView = viewFromRing(this.adminRing);
    this.clients = new Clients(this, setup.seed);
    for (const { atMs, fault } of setup.schedule) this.queue.push(atMs, { type: 'fault', fault, scheduled: true });
  }

  /** Creates and starts every node, and the scheduled workloads. Call once before running. */
  init(): void | Promise<void> {
    const created = this.adminRing.nodes.map((n) => this.host.create(this.spec(n.id)));
    const afterCreate = (): void | Promise<void> => {
      for (const n of this.adminRing.nodes) this.setStatus(n.id, 'up');
      for (const w of this.setup.workloads) this.clients.startWorkload(w, w.startMs);
      return this.runInputs(this.adminRing.nodes.map((n) => ({ kind: 'start', node: n.id, atMs: 0 }) as const));
    };
    const waiting = created.filter((c): c is Promise<void> => c instanceof Promise);
    if (waiting.length > 0) return Promise.all(waiting).then(afterCreate);
    return afterCreate();
  }

  private spec(id: NodeId): NodeSpec {
    return {
      id,
      config: this.setup.cluster.node,
      membership: this.adminView,
      seed: this.setup.seed,
      incarnation: this.incarnation.get(id) ?? 0,
    };
  }

  // ── Reading the world ──────────────────────────────────────────────────────────────────────

  /**
   * When the latest batch began: the time of its first event. A run sought to just before it is
   * the run as it was before that batch (the step back of the time controls).
   */
  lastBatchStartMs(): number | undefined {
    return this.batchStartBefore(Infinity, 1);
  }

  /**
   * When the batch `back` batches before the latest one that began by `atMs` began (`back` 1: that
   * batch itself), or the oldest start still kept when that is too far back; undefined when no
   * batch began by `atMs`. A seek to just before it goes `back` batches back from what a view
   * showing `atMs` shows, though the world has run further.
   */
  batchStartBefore(atMs: number, back: number): number | undefined {
    const kept = Math.min(this.batchesFormed, BATCH_STARTS_KEPT);
    let found = 0;
    let start: number | undefined;
    for (let i = 1; i <= kept; i++) {
      const s = this.batchStarts[(this.batchesFormed - i) % BATCH_STARTS_KEPT] as number;
      if (s > atMs) continue;
      start = s;
      if (++found === back) break;
    }
    return start;
  }

  nowMs(): number {
    return this.now;
  }

  events(): number {
    return this.eventsProcessed;
  }

  pending(): number {
    return this.queue.size;
  }

  ring(): RingState {
    return this.adminRing;
  }

  view(): MembershipView {
    return this.adminView;
  }

  /** A node that left the ring and has handed off all its data; it no longer runs (§4.9). */
  hasHandedOff(node: NodeId): boolean {
    return this.handedOff.has(node);
  }

  nodeStatus(node: NodeId): NodeStatus | undefined {
    return this.status.get(node);
  }

  nodes(): NodeId[] {
    return [...this.sortedNodes()];
  }

  liveNodes(): NodeId[] {
    return [...this.liveNodeList()];
  }

  /**
   * The live nodes, sorted, as one array shared until a node's status changes: clients ask for it
   * on every request, so it is not rebuilt (nor sorted) each time. Callers must not modify it.
   */
  liveNodeList(): readonly NodeId[] {
    if (this.liveCache === undefined) this.liveCache = this.sortedNodes().filter((n) => this.status.get(n) === 'up');
    return this.liveCache;
  }

  private sortedNodes(): readonly NodeId[] {
    if (this.nodesCache === undefined) this.nodesCache = [...this.status.keys()].sort();
    return this.nodesCache;
  }

  private setStatus(node: NodeId, status: NodeStatus): void {
    if (this.status.get(node) === status) return;
    if (!this.status.has(node)) this.nodesCache = undefined;
    this.liveCache = undefined;
    this.status.set(node, status);
  }

  nextEventMs(): number | undefined {
    this.dropCancelledHead();
    return this.queue.peekTimeMs();
  }

  // ── Running ────────────────────────────────────────────────────────────────────────────────

  /** Runs batches while the next event is at or before `untilMs`; for hosts that answer at once. */
  runUntil(untilMs: number): void {
    while ((this.nextEventMs() ?? Infinity) <= untilMs) {
      const r = this.step();
      if (r instanceof Promise) throw new Error('this host is asynchronous: use runUntilAsync');
    }
    this.now = Math.max(this.now, untilMs);
    this.metrics.advance(this.now);
  }

  async runUntilAsync(untilMs: number, shouldStop: () => boolean = () => false): Promise<void> {
    while ((this.nextEventMs() ?? Infinity) <= untilMs && !shouldStop()) {
      await this.step();
      // A worker host's recovery started by a fault must finish before the next batch.
      if (this.pendingWork.length > 0) await this.settle();
    }
    if (!shouldStop()) this.now = Math.max(this.now, untilMs);
    this.metrics.advance(this.now);
  }

  runFor(ms: number): void {
    this.runUntil(this.now + ms);
  }

  /** Processes the next batch of events. Returns false when there is nothing to do. */
  step(): boolean | Promise<boolean> {
    if (this.batchRunning) throw new Error('World.step: the previous batch is still running (await its step first)');
    const size = this.formBatch();
    if (size === 0) return false;
    const inputs = this.batchNodeInputs;
    if (inputs.length === 0) {
      this.merge(size, noInputEffects);
      return true;
    }
    const effects = this.host.dispatch(inputs);
    if (effects instanceof Promise) {
      this.batchRunning = true;
      return effects.then(
        (e) => {
          this.batchRunning = false;
          this.merge(size, e);
          return true;
        },
        (error: unknown) => {
          this.batchRunning = false;
          throw error;
        },
      );
    }
    this.merge(size, effects);
    return true;
  }

  /**
   * The next batch: events from the head of the queue that fall within one window of the first.
   * Nothing an event in [t0, t0 + window) does reaches another endpoint before t0 + window: a send
   * takes at least the network's minimum latency and a node's timer is due at least its shortest
   * timer delay after it is set. So the batch's node inputs cannot influence each other across
   * nodes, and a node may have several, which its host runs in order. A node that is not simply up
   * (one leaving may hand off, after which its later events are dropped) keeps one event a batch.
   * Client endpoints are the world's own and run in `merge`, in order, like the rest.
   */
  private formBatch(): number {
    // The batch lives in arrays reused by every batch (one is formed per few events): its events,
    // their times, and for each the node input it became, if any; `batchNodeInputs` lists those
    // inputs for the host.
    const events = this.batchEvents;
    const times = this.batchTimes;
    const itemInputs = this.batchInputs;
    // A fresh list each batch: the host may keep what it is given.
    const inputs: NodeInput[] = (this.batchNodeInputs = []);
    const busy = this.busy;
    // Clearing allocates a fresh table; the set is empty but for nodes not simply up.
    if (busy.size > 0) busy.clear();
    const queue = this.queue;
    let size = 0;
    let limitMs = Infinity;
    for (;;) {
      const event = queue.peekPayload();
      if (event === undefined) break;
      const timeMs = queue.peekTimeMs() as number;
      if (size > 0 && (timeMs >= limitMs || event.type === 'fault')) break;
      const endpoint = endpointOf(event);
      if (size > 0 && endpoint !== undefined && busy.has(endpoint)) break;
      queue.drop();
      if (this.isCancelled(event)) continue;
      if (size === 0) {
        this.batchStarts[this.batchesFormed++ % BATCH_STARTS_KEPT] = timeMs;
        const windowMs = Math.min(this.network.minLatencyMs(), this.minTimerDelayMs);
        limitMs = windowMs > 0 ? timeMs + windowMs : timeMs + Number.EPSILON;
        if (this.landed.length > 0) this.forgetLandedBy(timeMs - windowMs);
      }
      // A node not simply up keeps one event a batch; clients have no status and keep theirs below.
      const status = endpoint === undefined ? undefined : this.status.get(endpoint);
      if (status !== undefined && status !== 'up') busy.add(endpoint as EndpointId);
      const input = this.inputFor(event, timeMs, status);
      events[size] = event;
      times[size] = timeMs;
      itemInputs[size] = input;
      if (input !== undefined) inputs.push(input);
      size++;
      if (event.type === 'fault') break;
    }
    // Only the batch's own slots are read; later ones keep old events until overwritten, so the
    // arrays stay as long as the longest batch and events of an earlier batch may stay referenced.
    return size;
  }

  /**
   * Cancelled timers at the head of the queue are dropped before anyone asks when the next event
   * is, so running until t never jumps past t on their account. The first pops of a batch skip
   * them the same way, so batches are unchanged.
   */
  private dropCancelledHead(): void {
    for (;;) {
      const head = this.queue.peekPayload();
      if (head === undefined || !this.isCancelled(head)) return;
      this.queue.drop();
    }
  }

  private isCancelled(e: WorldEvent): boolean {
    if (e.type === 'timer') {
      if (e.cancelled) return true;
      if ((this.incarnation.get(e.node) ?? 0) === e.incarnation && this.runs(e.node, this.status.get(e.node))) return false;
      // The node crashed or left since it set the timer: the timer died with that incarnation.
      this.forgetTimer(e.node, e.timerId, e);
      return true;
    }
    if (e.type === 'client' && e.action.kind === 'timer') return e.cancelled;
    return false;
  }

  private queueTimer(endpoint: EndpointId, timerId: number, dueAtMs: number, event: TimerEvent | ClientEvent): void {
    this.queue.push(dueAtMs, event);
    let timers = this.queuedTimers.get(endpoint);
    if (!timers) this.queuedTimers.set(endpoint, (timers = new Map<number, TimerEvent | ClientEvent>()));
    timers.set(timerId, event);
  }

  private cancelTimer(endpoint: EndpointId, timerId: number): void {
    const timers = this.queuedTimers.get(endpoint);
    const event = timers?.get(timerId);
    if (event === undefined) return;
    timers?.delete(timerId);
    event.cancelled = true;
  }

  /** The timer event `event` left the queue for good (carried out, or dead with its node). */
  private forgetTimer(endpoint: EndpointId, timerId: number, event: WorldEvent): void {
    const timers = this.queuedTimers.get(endpoint);
    if (timers?.get(timerId) === event) timers.delete(timerId);
  }

  /**
   * Decides, in queue order, what each event becomes: a node input, or undefined for world-local
   * work. `status` is that of the event's endpoint (undefined for a client or none).
   */
  private inputFor(event: WorldEvent, timeMs: number, status: NodeStatus | undefined): NodeInput | undefined {
    if (event.type === 'deliver') {
      const m = event.message;
      if (status === undefined || this.deliverable(m, status) !== true) return undefined;
      return { kind: 'deliver', node: m.to, atMs: timeMs, message: m };
    }
    if (event.type === 'timer') return { kind: 'fire', node: event.node, atMs: timeMs, timerId: event.timerId };
    return undefined;
  }

  /** `status` is that of `m.to` (undefined for an endpoint that is no node). */
  private deliverable(m: Message, status = this.status.get(m.to)): true | DropReason {
    const allowed = this.network.canDeliver(this.placed(m.from), this.placed(m.to));
    if (allowed !== true) return allowed;
    return status === undefined || this.runs(m.to, status) ? true : status === 'up' ? 'crashed' : status;
  }

  /** The node runs: up, or left and still handing its data off (§4.9). */
  private runs(node: NodeId, status: NodeStatus | undefined): boolean {
    return status === 'up' || (status === 'left' && !this.handedOff.has(node));
  }

  private placement: { partitions: readonly (readonly string[])[]; named: Set<string>; anchor: string | undefined } | undefined;

  /**
   * Those of `nodes` that `from` can reach and hear back from under the partitions and cuts in
   * force now (a load balancer's health check goes both ways): `nodes` itself when nothing
   * divides the network.
   */
  reachableFrom(from: EndpointId, nodes: readonly NodeId[]): readonly NodeId[] {
    if (!this.network.divided()) return nodes;
    const at = this.placed(from);
    return nodes.filter((n) => {
      const to = this.placed(n);
      return this.network.canDeliver(at, to) === true && this.network.canDeliver(to, at) === true;
    });
  }

  /**
   * Under a partition, a client not named in any group stands with the first group (where its
   * first member is), so a client that appears after the partition is not cut off from every node.
   */
  private placed(endpoint: EndpointId): EndpointId {
    const partitions = this.network.options().partitions;
    if (partitions.length === 0 || this.status.has(endpoint)) return endpoint;
    if (this.placement?.partitions !== partitions) {
      this.placement = { partitions, named: new Set(partitions.flat()), anchor: partitions[0]?.[0] };
    }
    const { named, anchor } = this.placement;
    return named.has(endpoint) || anchor === undefined ? endpoint : anchor;
  }

  /**
   * Carries out a batch in (time, sequence) order, as if its events had run one by one: an event
   * cancelled by an earlier one of the batch (a node's timer it cleared, a client's timer) is
   * skipped — the node ignored it too — and a client event that an earlier one scheduled before a
   * later event of the batch runs first. Only client events can be scheduled inside the window.
   */
  private merge(size: number, effects: readonly Effect[][]): void {
    const events = this.batchEvents;
    const times = this.batchTimes;
    const inputs = this.batchInputs;
    let next = 0;
    for (let i = 0; i < size; i++) {
      const event = events[i] as WorldEvent;
      const timeMs = times[i] as number;
      const input = inputs[i];
      const own = input ? (effects[next++] ?? noEffects) : undefined;
      // The batch's first event was the queue's head: nothing of this batch ran before it.
      if (i > 0) this.runClientsBefore(timeMs);
      if (this.isCancelled(event)) continue;
      this.now = Math.max(this.now, timeMs);
      this.metrics.advance(timeMs);
      this.eventsProcessed++;
      if (input) {
        if (event.type === 'timer') this.forgetTimer(event.node, event.timerId, event);
        this.recordInput(event, timeMs);
        this.apply(input.node, timeMs, own as readonly Effect[]);
      } else {
        this.runLocal(event, timeMs);
      }
    }
  }

  /** Runs the client events queued before `timeMs` (scheduled by this batch's earlier events). */
  private runClientsBefore(timeMs: number): void {
    const queue = this.queue;
    for (;;) {
      const head = queue.peekPayload();
      if (head?.type !== 'client') return;
      const headMs = queue.peekTimeMs() as number;
      if (headMs >= timeMs) return;
      queue.drop();
      if (this.isCancelled(head)) continue;
      this.now = Math.max(this.now, headMs);
      this.metrics.advance(headMs);
      this.eventsProcessed++;
      this.runLocal(head, headMs);
    }
  }

  private recordInput(e: WorldEvent, timeMs: number): void {
    if (e.type === 'deliver') {
      const m = e.message;
      this.land(m.id);
      this.traceMessage('deliver', timeMs, m);
    } else if (e.type === 'timer') {
      this.trace.nodeEvent(timeMs, 'timer', e.node, e.tag.kind);
    }
  }

  private runLocal(event: WorldEvent, timeMs: number): void {
    if (event.type === 'deliver') {
      const m = event.message;
      this.land(m.id);
      if (!this.status.has(m.to)) {
        if (this.clients.has(m.to)) {
          const reason = this.network.canDeliver(this.placed(m.from), this.placed(m.to));
          if (reason !== true) return this.drop(m, timeMs, reason);
          this.traceMessage('deliver', timeMs, m);
          return this.clients.deliver(m, timeMs);
        }
        return this.drop(m, timeMs, 'crashed');
      }
      // Why the receiver could not take it: a partition or cut, or the node is crashed, faulted or has left (§4.9).
      const reason = this.deliverable(m);
      return this.drop(m, timeMs, reason === true ? 'crashed' : reason);
    }
    if (event.type === 'lost') {
      this.land(event.message.id);
      return this.drop(event.message, timeMs, 'loss');
    }
    if (event.type === 'client') {
      if (event.action.kind === 'timer') this.forgetTimer(event.client, event.action.timerId, event);
      return this.clients.run(event.client, event.action, timeMs);
    }
    if (event.type === 'fault') return this.applyFault(event.fault, timeMs);
  }

  /** Drops, in place, the landed messages that arrived at or before `ms`. */
  private forgetLandedBy(ms: number): void {
    const landed = this.landed;
    let kept = 0;
    for (const f of landed) if (f.deliverAtMs > ms) landed[kept++] = f;
    landed.length = kept;
  }

  /** A message left the wire: no longer in flight, but kept as landed for a view a window behind. */
  private land(id: number): void {
    const f = this.inFlight.get(id);
    if (f === undefined) return;
    this.inFlight.delete(id);
    this.landed.push(f);
  }

  /**
   * The messages on the wire at `atMs`: sent by then and not yet arrived. `atMs` may lie up to one
   * batch window before the latest batch began (a run to a time carries the events of the batch
   * that starts before it, up to one window later), not earlier.
   */
  inFlightAt(atMs: number): InFlight[] {
    const out: InFlight[] = [];
    for (const f of this.inFlight.values()) if (f.sentAtMs <= atMs) out.push(f);
    for (const f of this.landed) if (f.sentAtMs <= atMs && f.deliverAtMs > atMs) out.push(f);
    return out;
  }

  /** A send or a delivery in the trace: fields as arguments, as a run has two per message. */
  private traceMessage(kind: 'send' | 'deliver', timeMs: number, m: Message): void {
    this.trace.message(timeMs, kind, m.from, m.to, m.kind, m.id);
  }

  private drop(m: Message, timeMs: number, reason: DropReason): void {
    this.metrics.dropped++;
    this.trace.message(timeMs, 'drop', m.from, m.to, m.kind, m.id, reason);
  }

  /** Carries out one node's effects, in order. */
  private apply(node: NodeId, timeMs: number, effects: readonly Effect[]): void {
    const incarnation = this.incarnation.get(node) ?? 0;
    for (const e of effects) {
      switch (e.kind) {
        case 'send':
          this.send(node, e.to, e.body, timeMs);
          break;
        case 'set-timer':
          this.queueTimer(node, e.timerId, e.dueAtMs, { type: 'timer', node, incarnation, timerId: e.timerId, tag: e.tag, cancelled: false });
          break;
        case 'clear-timer':
          this.cancelTimer(node, e.timerId);
          break;
        case 'disk':
          break;
        case 'observe':
          this.observe(node, timeMs, e.observation);
          break;
      }
    }
  }

  /** The bodies of the most recent messages, for the views' payload cards (bounded). */
  private readonly recentBodies = new Map<number, Message>();
  static readonly BODIES_KEPT = 5000;

  private rememberBody(message: Message): void {
    this.recentBodies.set(message.id, message);
    if (this.recentBodies.size > World.BODIES_KEPT) {
      const oldest = this.recentBodies.keys().next().value;
      if (oldest !== undefined) this.recentBodies.delete(oldest);
    }
  }

  /** A recent message with its body, while it is among the last `BODIES_KEPT` sent. */
  messageBody(id: number): Message | undefined {
    return this.recentBodies.get(id);
  }

  /**
   * Sends a message from a node or a client: the network decides when (and whether) it arrives.
   * The world takes `body` and stamps it into the message; a caller sends a fresh body each time.
   */
  send(from: EndpointId, to: EndpointId, body: MessageBody, timeMs: number): void {
    // The body becomes the message: stamped in place, not copied (a copy over the many body shapes
    // is one of the run's larger costs). Every sender builds a fresh body per send and keeps none,
    // so nothing else sees the stamp. The fields come out in the same order (no body has from, to or id).
    const message = body as Message;
    message.from = from;
    message.to = to;
    message.id = this.nextMessageId++;
    if (this.trackInFlight) this.rememberBody(message);
    const network = this.network;
    const arriveAtMs = network.arrival(this.placed(from), this.placed(to), latencyLegOf(body.kind), timeMs);
    this.metrics.message(body.kind);
    if (network.lastLost) {
      this.trace.message(timeMs, 'send', from, to, body.kind, message.id, 'lost');
      if (this.trackInFlight) this.inFlight.set(message.id, { message, sentAtMs: timeMs, deliverAtMs: arriveAtMs, lost: true });
      this.queue.push(arriveAtMs, { type: 'lost', message });
      return;
    }
    this.traceMessage('send', timeMs, message);
    if (this.trackInFlight) this.inFlight.set(message.id, { message, sentAtMs: timeMs, deliverAtMs: arriveAtMs, lost: false });
    this.queue.push(arriveAtMs, { type: 'deliver', message, sentAtMs: timeMs });
  }

  setClientTimer(client: EndpointId, timerId: number, dueAtMs: number, tag: TimerTag): void {
    this.queueTimer(client, timerId, dueAtMs, { type: 'client', client, action: { kind: 'timer', timerId, tag }, cancelled: false });
  }

  cancelClientTimer(client: EndpointId, timerId: number): void {
    this.cancelTimer(client, timerId);
  }

  scheduleClient(client: EndpointId, atMs: number, action: ClientAction): void {
    this.queue.push(atMs, { type: 'client', client, action, cancelled: false });
  }

  private observe(node: NodeId, timeMs: number, o: Observation): void {
    // Folded into the hash as it is; its text is built only if a view reads the record.
    this.trace.recordObservation(timeMs, node, o);
    switch (o.type) {
      case 'hint.stored': {
        let set = this.hintsByNode.get(node);
        if (!set) this.hintsByNode.set(node, (set = new Set()));
        if (!set.has(o.hintId)) {
          set.add(o.hintId);
          this.metrics.hintBacklog++;
        }
        break;
      }
      case 'hint.delivered':
        if (this.hintsByNode.get(node)?.delete(o.hintId)) this.metrics.hintBacklog--;
        break;
      case 'anti-entropy':
        this.metrics.antiEntropyExchange(o.hashesCompared, o.keysSent);
        break;
      case 'read-repair':
        this.metrics.readRepairs++;
        break;
      case 'handed-off':
        this.handedOff.add(node);
        this.trace.record({ timeMs, kind: 'state', node, detail: 'handed-off' });
        break;
      case 'request': {
        if (!this.trackInFlight) break;
        const id = `${node}:${o.reqId}`;
        if (o.state === 'succeeded' || o.state === 'failed' || o.state === 'done') this.requests.delete(id);
        else this.requests.set(id, o);
        break;
      }
      default:
        break;
    }
  }

  // ── Faults and interventions ───────────────────────────────────────────────────────────────

  /** Schedules an intervention now (the UI's hands); it is traced and replayable like any other. */
  inject(fault: Fault, atMs = this.now): void {
    this.queue.push(atMs, { type: 'fault', fault, scheduled: false });
  }

  private applyFault(fault: Fault, timeMs: number): void {
    this.trace.record({ timeMs, kind: 'fault', detail: JSON.stringify(fault) });
    this.metrics.faultApplied(timeMs, fault);
    let r: void | Promise<void>;
    try {
      r = this.faultEffect(fault, timeMs);
    } catch (error) {
      // An administrator's change the ring cannot take (a leave below N nodes, a bad join) is
      // refused and traced; the run goes on unchanged.
      if (!(error instanceof RingConfigError)) throw error;
      this.refusedFaults.push({ atMs: timeMs, fault, reason: error.message });
      this.trace.record({ timeMs, kind: 'fault', detail: `refused: ${error.message}` });
      return;
    }
    if (r instanceof Promise) this.pendingWork.push(r);
  }

  /** Interventions the cluster could not carry out, with the reason, for the views. */
  readonly refusedFaults: { atMs: number; fault: Fault; reason: string }[] = [];

  /** Asynchronous host work started by faults (worker creation); awaited by `settle()`. */
  readonly pendingWork: Promise<unknown>[] = [];

  async settle(): Promise<void> {
    while (this.pendingWork.length > 0) await this.pendingWork.shift();
  }

  private faultEffect(fault: Fault, timeMs: number): void | Promise<void> {
    switch (fault.kind) {
      case 'crash': {
        if (this.status.get(fault.node) !== 'up') return;
        this.setStatus(fault.node, 'crashed');
        if (fault.loseDisk) {
          const lost = this.hintsByNode.get(fault.node)?.size ?? 0;
          this.metrics.hintBacklog -= lost;
          this.hintsByNode.delete(fault.node);
        }
        return this.host.crash(fault.node, { loseDisk: fault.loseDisk ?? false });
      }
      case 'recover':
        if (this.status.get(fault.node) !== 'crashed' && this.status.get(fault.node) !== 'faulted') return;
        return this.restart(fault.node, timeMs);
      case 'partition':
        return this.network.setOptions({ partitions: this.withClients(fault.groups) });
      case 'heal':
        return this.network.setOptions({ partitions: [], cutLinks: [] });
      case 'cut':
        return this.network.setOptions({ cutLinks: [...this.network.options().cutLinks, { from: fault.from, to: fault.to }] });
      case 'restore':
        return this.network.setOptions({
          cutLinks: this.network.options().cutLinks.filter((c) => !(c.from === fault.from && c.to === fault.to)),
        });
      case 'loss':
        return this.network.setOptions({ lossProbability: fault.probability });
      case 'latency': {
        const latency = { ...this.network.options().latency, [fault.leg]: fault.spec };
        return this.network.setOptions({ latency });
      }
      case 'slow':
        return this.network.setOptions({ slowNodes: { ...this.network.options().slowNodes, [fault.node]: fault.factor } });
      case 'join':
        return this.join(fault.node, fault.dataCenter, timeMs);
      case 'leave':
        return this.leave(fault.node, timeMs);
      case 'put':
      case 'get':
      case 'workload-start':
      case 'workload-stop':
        return this.clients.intervene(fault, timeMs);
    }
  }

  /** Clients not placed in a group stand with the first group, so a partition does not cut them off from every node. */
  private withClients(groups: readonly (readonly NodeId[])[]): NodeId[][] {
    const named = new Set(groups.flat());
    const out = groups.map((g) => [...g]);
    const first = out[0];
    if (first) for (const c of this.clients.ids()) if (!named.has(c)) first.push(c);
    return out;
  }

  private restart(node: NodeId, timeMs: number): void | Promise<void> {
    this.incarnation.set(node, (this.incarnation.get(node) ?? 0) + 1);
    const created = this.host.create(this.spec(node));
    const start = (): void | Promise<void> => {
      this.setStatus(node, 'up');
      this.trace.record({ timeMs, kind: 'state', node, detail: 'up' });
      return this.runInputs([{ kind: 'start', node, atMs: timeMs }]);
    };
    return created instanceof Promise ? created.then(start) : start();
  }

  private join(node: NodeId, dataCenter: string | undefined, timeMs: number): void | Promise<void> {
    if (this.status.has(node) && this.status.get(node) !== 'left') return;
    const info = dataCenter === undefined ? { id: node } : { id: node, dataCenter };
    this.adminRing = joinNode(this.adminRing, info, this.setup.cluster.node.N, this.adminPrng);
    this.adminView = applyRingChange(this.adminView, this.adminRing);
    // A node that left and joins again is a new incarnation: its old timers must not fire.
    const before = this.incarnation.get(node);
    this.incarnation.set(node, before === undefined ? 0 : before + 1);
    this.handedOff.delete(node);
    const created = this.host.create(this.spec(node));
    const start = (): void | Promise<void> => {
      this.setStatus(node, 'up');
      return this.runInputs([
        { kind: 'start', node, atMs: timeMs },
        // The administrator tells the new node; gossip tells everyone else (§4.8.1).
      ]);
    };
    const afterStart = (): void | Promise<void> =>
      this.runInputs([{ kind: 'admin', node, atMs: timeMs, command: { kind: 'set-ring', ring: this.adminRing, view: this.adminView } }]);
    if (created instanceof Promise) return created.then(start).then(afterStart);
    const s = start();
    return s instanceof Promise ? s.then(afterStart) : afterStart();
  }

  private leave(node: NodeId, timeMs: number): void | Promise<void> {
    if (this.status.get(node) !== 'up') return;
    this.adminRing = leaveNode(this.adminRing, node, this.setup.cluster.node.N, this.adminPrng);
    this.adminView = applyRingChange(this.adminView, this.adminRing);
    this.setStatus(node, 'left');
    // The leaving node learns it must hand off; one remaining member records the change too, so it
    // spreads by gossip among the members even after the departed node stopped (§4.8.1, §4.9).
    const command = { kind: 'set-ring', ring: this.adminRing, view: this.adminView } as const;
    const recorder = this.liveNodes()[0];
    return this.runInputs([
      { kind: 'admin', node, atMs: timeMs, command },
      ...(recorder === undefined ? [] : [{ kind: 'admin', node: recorder, atMs: timeMs, command } as const]),
    ]);
  }

  /** Runs inputs outside the queue (starts, administrator commands) and applies their effects. */
  private runInputs(inputs: NodeInput[]): void | Promise<void> {
    const effects = this.host.dispatch(inputs);
    const applyAll = (all: Effect[][]): void => {
      inputs.forEach((input, i) => this.apply(input.node, input.atMs, all[i] ?? []));
    };
    if (effects instanceof Promise) return effects.then(applyAll);
    applyAll(effects);
  }

  /** Marks a node faulted (its worker threw): it stops receiving until restarted. */
  markFaulted(node: NodeId, timeMs: number, error: string): void {
    this.setStatus(node, 'faulted');
    this.trace.record({ timeMs, kind: 'state', node, detail: `faulted: ${error}` });
  }

  diskOf(node: NodeId) {
    return this.host.disk(node) ?? emptyDiskImage();
  }

  /** Hinted replicas a node holds for others, as its observations reported them (§4.6). */
  hintsOn(node: NodeId): number {
    return this.hintsByNode.get(node)?.size ?? 0;
  }

  /** The trace records since `index` still in the window, for the views' batched updates. */
  traceSince(index: number): readonly TraceRecord[] {
    return this.trace.since(index);
  }
}

function endpointOf(e: WorldEvent): EndpointId | undefined {
  switch (e.type) {
    case 'deliver':
      return e.message.to;
    case 'timer':
      return e.node;
    case 'client':
      return e.client;
    case 'fault':
    case 'lost':
      return undefined;
  }
}


/**
 * One interactive run: a world, the interventions a person made while it played, and time travel.
 * While it plays the session takes a checkpoint every `checkpointEvery` events (the world's image
 * and every node's, sim/world-checkpoint.ts). Seeking backwards restores the nearest checkpoint at
 * or before the target and replays from there — scheduled faults and the recorded interventions
 * at exactly the batch where they happened — so the state reached is the state the run had
 * (design.md "Time control"); before the first checkpoint it replays from the seed. A new
 * intervention after seeking back forks the future: the interventions and checkpoints recorded
 * beyond that point are dropped.
 */
import type { KeySnapshot, NodeSnapshot } from '../core/node.ts';
import type { Key, NodeId } from '../core/types.ts';
import type { NodeHost } from '../sim/node-host.ts';
import type { TraceRecord } from '../sim/trace-record.ts';
import { World, type NodeStatus } from '../sim/world.ts';
import { newCheckpointInterning, restoreCheckpoint, takeCheckpoint, type WorldCheckpoint } from '../sim/world-checkpoint.ts';
import type { Fault, WorldSetup } from '../sim/world-config.ts';
import type { OpResult } from '../sim/clients.ts';
import type { MetricsBucket, MetricsSummary } from '../sim/metrics.ts';
import type { Observation } from '../core/effects.ts';
import type { RingState } from '../core/partitioning.ts';
import { displayOrder } from './node-display-order.ts';
import { stepBackTargetMs } from './step-back.ts';
import { WorldDriver, type FaultPause } from './world-driver.ts';

/** An intervention, pinned to the batch boundary after which it was made. */
export interface Intervention {
  /** Events the world had processed when the intervention was made. */
  afterEvents: number;
  atMs: number;
  fault: Fault;
}

/**
 * Puts in, at a batch boundary, every intervention whose event count the run has reached and that
 * is not in yet, in list order: how a recorded run replays its hand-made faults (the session, a
 * scenario file's `interventions` run headless). One pinned between boundaries goes in at the
 * first boundary after it.
 */
export function injectDueInterventions(world: World, interventions: readonly Intervention[], applied: Set<Intervention>): void {
  const events = world.events();
  for (const i of interventions) {
    if (i.afterEvents > events || applied.has(i)) continue;
    applied.add(i);
    world.inject(i.fault, i.atMs);
  }
}

export interface MessageInFlight {
  id: number;
  kind: string;
  from: string;
  to: string;
  sentAtMs: number;
  deliverAtMs: number;
  lost: boolean;
}

/** What the views need to draw one frame; plain data, cheap to post from a worker. */
export interface SessionSnapshot {
  seed: number;
  nowMs: number;
  events: number;
  traceHash: string;
  traceCount: number;
  nodes: { id: NodeId; status: NodeStatus }[];
  /** Present when the ring changed since the `ringVersion` the caller passed. */
  ring?: RingState;
  ringVersion: number;
  inFlight: MessageInFlight[];
  /** Trace records since the index the caller passed (bounded). */
  trace: TraceRecord[];
  series: MetricsBucket[];
  summary: MetricsSummary;
  requests: Extract<Observation, { type: 'request' }>[];
  recentOps: OpResult[];
  hintsByNode: Record<NodeId, number>;
  interventions: Intervention[];
  network: {
    lossProbability: number;
    partitions: readonly (readonly string[])[];
    cutLinks: readonly { from: string; to: string }[];
  };
}

/** A checkpoint and the interventions already applied in the state it holds. */
interface SessionCheckpoint {
  checkpoint: WorldCheckpoint;
  applied: readonly Intervention[];
}

export interface SessionOptions {
  /** Events between checkpoints while playing; 0 turns checkpoints off (seek replays from the seed). */
  checkpointEvery?: number;
  /**
   * Virtual time between checkpoints, ms, when fewer events than `checkpointEvery` came in it: a
   * small cluster's run takes minutes to reach 10,000 events, and a seek back or a step back
   * would replay all of them. 0 spaces checkpoints by events only.
   */
  checkpointEveryMs?: number;
  /** Checkpoints kept; past this, the one whose loss leaves the smallest gap is dropped. */
  maxCheckpoints?: number;
  /** Rough bytes all kept checkpoints may hold together; past it, checkpoints are thinned the same way. */
  checkpointBudgetBytes?: number;
  /**
   * Largest share of wall time spent taking checkpoints: after one that took longer than 50 ms the
   * next waits until the run has gone on for cost / share. Where checkpoints fall never changes a
   * run, only how far a seek back replays. 1 turns the rule off.
   */
  checkpointTimeShare?: number;
}

/** A checkpoint this quick is taken every `checkpointEvery` events whatever the time share. */
const CHEAP_CHECKPOINT_MS = 50;

export interface SnapshotRequest {
  traceSince?: number;
  ringVersion?: number;
  maxInFlight?: number;
  maxTrace?: number;
  maxSeries?: number;
}

export class SimulationSession {
  private world!: World;
  /** Steps the world and contains node faults: a broken worker pauses the run instead of failing it. */
  private driver!: WorldDriver;
  /** Why the last run stopped early, until the next call that moves the run. */
  lastPause: FaultPause | undefined;
  private interventions: Intervention[] = [];
  private ringVersion = 0;
  private lastRing: RingState | undefined;
  /** Run ahead no further than this many events in one call, so a caller stays responsive. */
  static readonly EVENTS_PER_CALL = 200_000;
  private checkpoints: SessionCheckpoint[] = [];
  /** Views the world's checkpoints carried, shared by all of them. */
  private readonly interning = newCheckpointInterning();
  /** Where the last backward seek started replaying: a checkpoint or the seed. */
  seekOrigin: { from: 'checkpoint' | 'seed'; events: number; nowMs: number } | undefined;
  private readonly checkpointEvery: number;
  private readonly checkpointEveryMs: number;
  private readonly maxCheckpoints: number;
  private readonly checkpointBudgetBytes: number;
  private readonly checkpointTimeShare: number;
  /** Wall-clock cost of the last checkpoint and when it ended (ms, performance.now()). */
  private lastCheckpointCostMs = 0;
  private lastCheckpointEndMs = 0;

  constructor(
    readonly setup: WorldSetup,
    private readonly makeHost: () => NodeHost,
    options: SessionOptions = {},
  ) {
    this.checkpointEvery = options.checkpointEvery ?? 10_000;
    this.checkpointEveryMs = options.checkpointEveryMs ?? 2_000;
    this.maxCheckpoints = Math.max(2, options.maxCheckpoints ?? 48);
    this.checkpointBudgetBytes = options.checkpointBudgetBytes ?? 256 * 1024 * 1024;
    this.checkpointTimeShare = options.checkpointTimeShare ?? 0.05;
    if (!(this.checkpointTimeShare > 0 && this.checkpointTimeShare <= 1)) {
      throw new Error(`SimulationSession: checkpointTimeShare must be in (0, 1], got ${options.checkpointTimeShare}`);
    }
    if (!Number.isSafeInteger(this.checkpointEvery) || this.checkpointEvery < 0) {
      throw new Error(`SimulationSession: checkpointEvery must be a non-negative integer, got ${options.checkpointEvery}`);
    }
    if (!(this.checkpointEveryMs >= 0 && Number.isFinite(this.checkpointEveryMs))) {
      throw new Error(`SimulationSession: checkpointEveryMs must be a finite number ≥ 0, got ${options.checkpointEveryMs}`);
    }
  }

  async start(): Promise<void> {
    await this.rebuild();
  }

  private async rebuild(): Promise<void> {
    const old = this.world as World | undefined;
    if (old) {
      this.driver.dispose();
      await old.host.dispose();
    }
    this.world = new World(this.setup, this.makeHost());
    this.driver = new WorldDriver(this.world);
    this.lastPause = undefined;
    await this.driver.init();
  }

  /** Stops the run and its host (worker threads or Web Workers). */
  async dispose(): Promise<void> {
    this.driver.dispose();
    await this.world.host.dispose();
  }

  get current(): World {
    return this.world;
  }

  nowMs(): number {
    return this.world.nowMs();
  }

  /**
   * Plays forward to `untilMs`, applying recorded interventions at their batch. Stops early, and
   * returns why, when a node's worker faults.
   */
  async runUntil(
    untilMs: number,
    maxEvents = SimulationSession.EVENTS_PER_CALL,
    clock: 'to-target' | 'at-last-batch' = 'to-target',
  ): Promise<FaultPause | undefined> {
    this.lastPause = undefined;
    const stopAt = this.world.events() + maxEvents;
    for (;;) {
      await this.applyDueInterventions();
      await this.checkpointIfDue();
      const next = this.world.nextEventMs();
      if (next === undefined || next > untilMs || this.world.events() >= stopAt) break;
      const { pause } = await this.driver.step();
      if (pause) return (this.lastPause = pause);
    }
    if (clock === 'to-target' && (this.world.nextEventMs() ?? Infinity) > untilMs) await this.world.runUntilAsync(untilMs);
    return undefined;
  }

  /** Processes the next batch of events (the step button). */
  async step(): Promise<FaultPause | undefined> {
    await this.applyDueInterventions();
    const { pause } = await this.driver.step();
    this.lastPause = pause;
    return pause;
  }

  /**
   * Interventions recorded at this batch boundary go in now, as they did the first time. One pinned
   * between boundaries (a link edited by hand) goes in at the first boundary after it, not never.
   */
  private async applyDueInterventions(): Promise<void> {
    injectDueInterventions(this.world, this.interventions, this.applied);
    await this.world.settle();
  }

  private applied = new Set<Intervention>();

  /** A person's hand: recorded, then applied at once. Forks away any recorded future. */
  async intervene(fault: Fault): Promise<void> {
    const afterEvents = this.world.events();
    this.interventions = this.interventions.filter(
      (i) => i.afterEvents <= afterEvents && this.applied.has(i),
    );
    this.checkpoints = this.checkpoints.filter((c) => c.checkpoint.events <= afterEvents);
    const intervention: Intervention = { afterEvents, atMs: this.world.nowMs(), fault };
    this.interventions.push(intervention);
    this.applied.add(intervention);
    this.world.inject(fault, intervention.atMs);
    await this.runUntil(this.world.nowMs());
  }

  /**
   * Time travel: forward plays on; backward restores the nearest earlier checkpoint (or starts
   * over from the seed) and replays to the same batch.
   */
  async seek(targetMs: number, clock: 'to-target' | 'at-last-batch' = 'to-target'): Promise<FaultPause | undefined> {
    if (targetMs >= this.world.nowMs()) return this.runUntil(targetMs, Number.MAX_SAFE_INTEGER, clock);
    const nearest = this.checkpoints.findLast((c) => c.checkpoint.nowMs <= targetMs);
    if (nearest) await this.restore(nearest);
    else {
      this.applied = new Set();
      await this.rebuild();
    }
    this.seekOrigin = { from: nearest ? 'checkpoint' : 'seed', events: this.world.events(), nowMs: this.world.nowMs() };
    return this.runUntil(targetMs, Number.MAX_SAFE_INTEGER, clock);
  }

  /**
   * Back `batches` batches (the time controls' Step back): to the run as it was before the latest
   * batch that began by `fromMs` — the time a view shows, which the world may have run past —
   * and as many before it as asked, by seeking to just before that batch began. The clock stays
   * where the batch before left it, as a step forward had shown it. Nothing happens before the
   * first batch.
   */
  async stepBack(fromMs = Infinity, batches = 1): Promise<FaultPause | undefined> {
    const target = stepBackTargetMs(this.world.batchStartBefore(fromMs, Math.max(1, Math.floor(batches))));
    return target === undefined ? undefined : this.seek(target, 'at-last-batch');
  }

  /** Checkpoints kept, oldest first: when each was taken, in events and virtual time, and their rough size. */
  checkpointTimes(): { events: number; nowMs: number; bytes: number }[] {
    return this.checkpoints.map(({ checkpoint: c }) => ({ events: c.events, nowMs: c.nowMs, bytes: c.bytes }));
  }

  private async checkpointIfDue(): Promise<void> {
    if (this.checkpointEvery === 0) return;
    const events = this.world.events();
    const last = this.checkpoints.at(-1)?.checkpoint;
    const sinceEvents = events - (last?.events ?? 0);
    const sinceMs = this.world.nowMs() - (last?.nowMs ?? 0);
    const dueByTime = this.checkpointEveryMs > 0 && sinceMs >= this.checkpointEveryMs && sinceEvents > 0;
    if (sinceEvents < this.checkpointEvery && !dueByTime) return;
    const startMs = performance.now();
    if (this.checkpointTimeShare < 1 && this.lastCheckpointCostMs > CHEAP_CHECKPOINT_MS && startMs - this.lastCheckpointEndMs < this.lastCheckpointCostMs / this.checkpointTimeShare) return;
    const checkpoint = await takeCheckpoint(this.world, this.interning);
    this.lastCheckpointEndMs = performance.now();
    this.lastCheckpointCostMs = this.lastCheckpointEndMs - startMs;
    this.checkpoints.push({ checkpoint, applied: [...this.applied] });
    while (this.checkpoints.length > this.maxCheckpoints || (this.checkpoints.length > 1 && this.keptBytes() > this.checkpointBudgetBytes)) {
      this.thinCheckpoints();
    }
  }

  private keptBytes(): number {
    return this.checkpoints.reduce((sum, c) => sum + c.checkpoint.bytes, 0);
  }

  /** Drops the checkpoint whose neighbours are closest, so the kept ones spread over the whole run. */
  private thinCheckpoints(): void {
    let drop = 0;
    let smallest = Infinity;
    for (let i = 0; i < this.checkpoints.length - 1; i++) {
      const before = i === 0 ? 0 : (this.checkpoints[i - 1] as SessionCheckpoint).checkpoint.events;
      const gap = (this.checkpoints[i + 1] as SessionCheckpoint).checkpoint.events - before;
      if (gap < smallest) {
        smallest = gap;
        drop = i;
      }
    }
    this.checkpoints.splice(drop, 1);
  }

  private async restore(saved: SessionCheckpoint): Promise<void> {
    this.driver.dispose();
    this.world = await restoreCheckpoint(this.setup, this.world.host, saved.checkpoint);
    this.driver = new WorldDriver(this.world);
    this.lastPause = undefined;
    const recorded = new Set(this.interventions);
    this.applied = new Set(saved.applied.filter((i) => recorded.has(i)));
  }

  /** Starts over from a (possibly new) setup, forgetting interventions. */
  static async create(setup: WorldSetup, makeHost: () => NodeHost, options: SessionOptions = {}): Promise<SimulationSession> {
    const s = new SimulationSession(setup, makeHost, options);
    await s.start();
    return s;
  }

  recorded(): Intervention[] {
    return [...this.interventions];
  }

  /** Replaces the recorded interventions (a shared run being reopened), then replays to `atMs`. */
  async load(
    interventions: readonly Intervention[],
    atMs: number,
  ): Promise<FaultPause | undefined> {
    this.interventions = [...interventions];
    this.applied = new Set();
    this.checkpoints = [];
    await this.rebuild();
    return this.runUntil(atMs, Number.MAX_SAFE_INTEGER);
  }

  /** Every live node's replica state of `key`, asked of all nodes at once (each in its own worker). */
  async inspectKey(key: Key): Promise<Record<NodeId, KeySnapshot>> {
    return askEveryNode(this.world.liveNodes(), (node) => this.world.host.inspectKey(node, key));
  }

  /** Every running node's own state: its membership view, failure detector and counters. */
  async inspectNodes(): Promise<Record<NodeId, NodeSnapshot>> {
    return askEveryNode(this.world.liveNodes(), (node) => this.world.host.inspect(node));
  }

  snapshot(request: SnapshotRequest = {}): SessionSnapshot {
    const w = this.world;
    const ring = w.ring();
    if (ring !== this.lastRing) {
      this.lastRing = ring;
      this.ringVersion++;
    }
    const inFlight: MessageInFlight[] = [];
    const maxInFlight = request.maxInFlight ?? 5000;
    for (const f of w.inFlight.values()) {
      if (inFlight.length >= maxInFlight) break;
      const m = f.message;
      inFlight.push({
        id: m.id,
        kind: m.kind,
        from: m.from,
        to: m.to,
        sentAtMs: f.sentAtMs,
        deliverAtMs: f.deliverAtMs,
        lost: f.lost,
      });
    }
    const since = w.traceSince(request.traceSince ?? Math.max(0, w.trace.count() - 500));
    const maxTrace = request.maxTrace ?? 2000;
    const series = w.metrics.currentSeries();
    const hintsByNode: Record<NodeId, number> = {};
    for (const n of w.nodes()) hintsByNode[n] = w.hintsOn(n);
    const net = w.network.options();
    return {
      seed: this.setup.seed,
      nowMs: w.nowMs(),
      events: w.events(),
      traceHash: w.trace.hash(),
      traceCount: w.trace.count(),
      nodes: displayOrder(w.nodes(), this.setup.cluster.nodes).map((id) => ({ id, status: w.nodeStatus(id) ?? 'up' })),
      ...(request.ringVersion === this.ringVersion ? {} : { ring }),
      ringVersion: this.ringVersion,
      inFlight,
      trace: since.slice(-maxTrace),
      series: series.slice(-(request.maxSeries ?? 300)),
      summary: w.metrics.summary(),
      requests: [...w.requests.values()],
      recentOps: w.clients.recent.slice(-50),
      hintsByNode,
      interventions: this.recorded(),
      network: {
        lossProbability: net.lossProbability,
        partitions: net.partitions,
        cutLinks: net.cutLinks,
      },
    };
  }
}

/** One question to every node at once (worker hosts answer in parallel), the answers keyed in node order. */
async function askEveryNode<T>(nodes: readonly NodeId[], ask: (node: NodeId) => T | Promise<T>): Promise<Record<NodeId, T>> {
  const answers = await Promise.all(nodes.map((node) => ask(node)));
  const out: Record<NodeId, T> = {};
  nodes.forEach((node, i) => (out[node] = answers[i] as T));
  return out;
}

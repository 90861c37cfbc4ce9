/**
 * The simulation worker's implementation of `SimulationApi` (design.md "Hosts"): one interactive
 * run (../simulation-session.ts: interventions recorded at their batch, seek by replay from the
 * seed) over the in-process host or a worker host, stepped by a WorldDriver so a broken node worker
 * pauses the run with the seed and event index. Platform-neutral: the browser worker passes a Web
 * Worker host, Node tests a worker_threads host. Calls that move the run are serialised, so a
 * snapshot or an inject arriving mid-run waits for the batch in progress.
 */
import type { MemberEntry, MembershipView } from '../../core/membership.ts';
import type { Message } from '../../core/messages.ts';
import type { NodeSnapshot, KeySnapshot } from '../../core/node.ts';
import { preferenceList } from '../../core/preference-list.ts';
import type { TraceRecord } from '../../sim/trace-record.ts';
import type { World } from '../../sim/world.ts';
import type { Key, NodeId } from '../../core/types.ts';
import type { Fault } from '../../sim/world-config.ts';
import { InProcessHost } from '../in-process-host.ts';
import type { InjectedFault } from '../node-worker-protocol.ts';
import {
  SimulationSession as InteractiveRun,
  type Intervention,
  type MessageInFlight,
} from '../simulation-session.ts';
import { displayOrder } from '../node-display-order.ts';
import type { WorkerHost, WorkerHostOptions } from '../worker-host.ts';
import type {
  HostKind,
  KeyReplicaStates,
  NodeBeliefs,
  SimulationApi,
  SimulationOptions,
  SimulationSnapshot,
  SimulationStatus,
} from './simulation-api.ts';

interface Run {
  session: InteractiveRun;
  hostKind: HostKind;
  /** The worker host of the world being run; a seek backwards replaces it. */
  workerHost: WorkerHost | undefined;
}

/** Hand-made operations' results kept in a snapshot: enough for the client panel's history. */
const HAND_OPS_IN_SNAPSHOT = 20;
/** Keys whose context a snapshot carries per hand client. */
const HAND_CONTEXTS_PER_CLIENT = 100;

export class SimulationSession implements SimulationApi {
  private readonly makeWorkerHost: (options: WorkerHostOptions) => WorkerHost;
  private current: Run | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(makeWorkerHost: (options: WorkerHostOptions) => WorkerHost) {
    this.makeWorkerHost = makeWorkerHost;
  }

  create(options: SimulationOptions): Promise<SimulationStatus> {
    return this.serial(async () => {
      await this.stop();
      const run: Run = {
        session: undefined as unknown as InteractiveRun,
        hostKind: options.host,
        workerHost: undefined,
      };
      const makeHost = () => {
        if (options.host === 'inprocess') return new InProcessHost();
        run.workerHost = this.makeWorkerHost({ faultInjection: options.faultInjection ?? false });
        return run.workerHost;
      };
      run.session = new InteractiveRun(options.setup, makeHost);
      this.current = run;
      await run.session.start();
      return this.describe();
    });
  }

  runUntil(untilMs: number): Promise<SimulationStatus> {
    if (!Number.isFinite(untilMs))
      return Promise.reject(new Error(`runUntil: untilMs must be a finite number, got ${untilMs}`));
    return this.serial(async () => {
      const startedMs = performance.now();
      await this.run().session.runUntil(untilMs);
      const ranMs = performance.now() - startedMs;
      return { ...this.describe(), ranMs };
    });
  }

  step(): Promise<SimulationStatus> {
    return this.serial(async () => {
      await this.run().session.step();
      return this.describe();
    });
  }

  inject(fault: Fault, atMs?: number): Promise<SimulationStatus> {
    return this.serial(async () => {
      const { session } = this.run();
      const world = session.current;
      const at = atMs ?? world.nowMs();
      world.inject(fault, at);
      if (at <= world.nowMs()) await session.runUntil(world.nowMs());
      return this.describe();
    });
  }

  intervene(fault: Fault): Promise<SimulationStatus> {
    return this.serial(async () => {
      await this.run().session.intervene(fault);
      return this.describe();
    });
  }

  seek(targetMs: number): Promise<SimulationStatus> {
    if (!Number.isFinite(targetMs) || targetMs < 0)
      return Promise.reject(
        new Error(`seek: targetMs must be a finite number ≥ 0, got ${targetMs}`),
      );
    return this.serial(async () => {
      await this.run().session.seek(targetMs);
      return this.describe();
    });
  }

  stepBack(fromMs = Infinity, batches = 1): Promise<SimulationStatus> {
    if (Number.isNaN(fromMs) || fromMs < 0 || !Number.isInteger(batches) || batches < 1)
      return Promise.reject(new Error(`stepBack: fromMs must be a number ≥ 0 and batches a whole number ≥ 1, got ${fromMs} and ${batches}`));
    return this.serial(async () => {
      await this.run().session.stepBack(fromMs, batches);
      return this.describe();
    });
  }

  interventions(): Promise<Intervention[]> {
    return this.serial(() => Promise.resolve(this.run().session.recorded()));
  }

  load(interventions: readonly Intervention[], atMs: number): Promise<SimulationStatus> {
    if (!Number.isFinite(atMs) || atMs < 0)
      return Promise.reject(new Error(`load: atMs must be a finite number ≥ 0, got ${atMs}`));
    return this.serial(async () => {
      await this.run().session.load(interventions, atMs);
      return this.describe();
    });
  }

  status(): Promise<SimulationStatus> {
    return this.serial(() => Promise.resolve(this.describe()));
  }

  snapshot(traceSinceIndex: number, atMs?: number): Promise<SimulationSnapshot> {
    if (atMs !== undefined && !Number.isFinite(atMs))
      return Promise.reject(new Error(`snapshot: atMs must be a finite number, got ${atMs}`));
    return this.serial(() => {
      const { session, workerHost } = this.run();
      const world = session.current;
      const shownMs = atMs === undefined ? world.nowMs() : Math.min(atMs, world.nowMs());
      const hintsByNode: Record<NodeId, number> = {};
      for (const n of world.nodes()) hintsByNode[n] = world.hintsOn(n);
      const allHandOps = [...world.clients.results.values()].filter((r) => r.workload === undefined);
      const handOps = allHandOps.slice(-HAND_OPS_IN_SNAPSHOT);
      const handContexts = [...new Set(allHandOps.map((r) => r.client))].flatMap((client) =>
        world.clients.contextsOf(client, HAND_CONTEXTS_PER_CLIENT).map(([key, context]) => ({ client, key, context })),
      );
      const net = world.network.options();
      const trace = upTo(world.traceSince(traceSinceIndex), shownMs);
      const status = this.describe();
      status.nowMs = shownMs;
      const last = trace.at(-1);
      if (shownMs < world.nowMs()) status.traceCount = last === undefined ? traceSinceIndex : last.index + 1;
      return Promise.resolve({
        status,
        nodes: displayOrder(world.nodes(), world.setup.cluster.nodes).map((id) => {
          const status = world.nodeStatus(id) ?? 'crashed';
          const error =
            status === 'faulted' ? (workerHost?.faultOf(id)?.detail ?? 'faulted') : undefined;
          return { id, status, error };
        }),
        inFlight: envelopesInFlight(world, shownMs),
        metrics: world.metrics.summary(),
        series: world.metrics.currentSeries(),
        staleReads: world.metrics.staleReads.filter((s) => s.atMs <= shownMs),
        faults: world.metrics.faults.filter((f) => f.atMs <= shownMs),
        trace,
        sent: bodiesOf(world, trace),
        hintsByNode,
        recentOps: world.clients.recent.slice(-50),
        handOps,
        handContexts,
        interventions: session.recorded(),
        network: {
          lossProbability: net.lossProbability,
          partitions: net.partitions,
          cutLinks: net.cutLinks,
          latency: net.latency,
          slowNodes: net.slowNodes,
        },
      });
    });
  }

  traceHash(): Promise<string> {
    return this.serial(() => Promise.resolve(this.run().session.current.trace.hash()));
  }

  inspectNode(node: NodeId): Promise<NodeSnapshot> {
    return this.serial(async () => this.run().session.current.host.inspect(node));
  }

  inspectKey(node: NodeId, key: Key): Promise<KeySnapshot> {
    return this.serial(async () => this.run().session.current.host.inspectKey(node, key));
  }

  keyReplicas(key: Key): Promise<KeyReplicaStates> {
    return this.serial(async () => {
      const session = this.run().session;
      const world = session.current;
      const preference = preferenceList(world.ring(), key, world.setup.cluster.node.N);
      return { preference, replicas: await session.inspectKey(key) };
    });
  }

  beliefs(): Promise<Record<NodeId, NodeBeliefs>> {
    return this.serial(async () => {
      const out: Record<NodeId, NodeBeliefs> = {};
      for (const [node, s] of Object.entries(await this.run().session.inspectNodes())) {
        out[node] = { members: s.members, unreachableSinceMs: s.unreachableSinceMs, digest: s.membershipDigest, gossipRounds: s.gossipRounds };
      }
      return out;
    });
  }

  injectWorkerFault(node: NodeId, fault: InjectedFault): Promise<void> {
    return this.serial(() => {
      const host = this.run().workerHost;
      if (!host)
        return Promise.reject(
          new Error(
            'injectWorkerFault: this run has no worker host (create it with host: "worker")',
          ),
        );
      return host.injectFault(node, fault);
    });
  }

  dispose(): Promise<void> {
    return this.serial(() => this.stop());
  }

  private async stop(): Promise<void> {
    const run = this.current;
    this.current = undefined;
    if (!run) return;
    await run.session.dispose();
  }

  private run(): Run {
    if (!this.current) throw new Error('no simulation: call create first');
    return this.current;
  }

  private describe(): SimulationStatus {
    const { session, hostKind } = this.run();
    const world = session.current;
    return {
      seed: world.setup.seed,
      host: hostKind,
      nowMs: world.nowMs(),
      worldNowMs: world.nowMs(),
      events: world.events(),
      pendingEvents: world.pending(),
      nextEventMs: world.nextEventMs(),
      batchStartMs: world.lastBatchStartMs(),
      traceCount: world.trace.count(),
      traceHash: world.trace.hash(),
      checkpointsMs: session.checkpointTimes().map((c) => c.nowMs),
      pause: session.lastPause,
    };
  }

  /** Runs `task` after every call before it, whether they failed or not. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** The trace records up to `atMs`: those after it wait for the frame that reaches their time. */
function upTo(trace: readonly TraceRecord[], atMs: number): readonly TraceRecord[] {
  const after = trace.findIndex((r) => r.timeMs > atMs);
  return after === -1 ? trace : trace.slice(0, after);
}

/** The messages on the wire at `atMs` without their bodies (those went in `sent` when they were sent). */
function envelopesInFlight(world: World, atMs: number): MessageInFlight[] {
  const out: MessageInFlight[] = [];
  for (const { message, sentAtMs, deliverAtMs, lost } of world.inFlightAt(atMs))
    out.push({
      id: message.id,
      kind: message.kind,
      from: message.from,
      to: message.to,
      sentAtMs,
      deliverAtMs,
      lost,
    });
  return out;
}

/** The bodies of the messages a trace slice shows being sent, while the world still keeps them. */
function bodiesOf(world: World, trace: readonly TraceRecord[]): Message[] {
  const out: Message[] = [];
  for (const r of trace) {
    if (r.kind !== 'send' || r.id === undefined) continue;
    const m = world.messageBody(r.id);
    if (m === undefined) continue;
    out.push(m.kind === 'gossip.push' || m.kind === 'gossip.reply' ? { ...m, view: withoutTokens(m.view) } : m);
  }
  return out;
}

const lightViews = new WeakMap<MembershipView, MembershipView>();

/**
 * A gossip message's view as it crosses to the views: members without their token lists. On 64
 * nodes × 256 tokens a view is half a megabyte, and a snapshot a frame carrying every gossip
 * message's kept the page's main thread busy cloning them; a payload card shows the members.
 */
function withoutTokens(view: MembershipView): MembershipView {
  let light = lightViews.get(view);
  if (light === undefined) {
    const members: Record<NodeId, MemberEntry> = {};
    for (const [id, entry] of Object.entries(view.members)) members[id] = { ...entry, tokens: [] };
    lightViews.set(view, (light = { params: view.params, members }));
  }
  return light;
}

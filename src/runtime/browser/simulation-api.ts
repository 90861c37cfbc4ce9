/**
 * The simulation worker's API (design.md "Hosts": the scheduler off the main thread): what the
 * playback controller and the live views call over Comlink. Types only, so the UI can import them
 * without pulling the engine into the main bundle. Everything crossing is plain structured-clone data.
 *
 *   const sim = startSimulationWorker();                      // simulation-client.ts
 *   await sim.api.create({ setup, host: 'worker' });
 *   const status = await sim.api.runUntil(2_000);             // status.pause set if a node faulted
 *   const view = await sim.api.snapshot(lastTraceIndex);      // nodes, in flight, metrics, trace delta
 */
import type { Message } from '../../core/messages.ts';
import type { KeySnapshot, NodeSnapshot } from '../../core/node.ts';
import type { Key, NodeId, PreferenceList, VectorClock } from '../../core/types.ts';
import type { AppliedFault, MetricsBucket, MetricsSummary, StaleRead } from '../../sim/metrics.ts';
import type { OpResult } from '../../sim/clients.ts';
import type { NetworkOptions } from '../../sim/network-options.ts';
import type { TraceRecord } from '../../sim/trace-record.ts';
import type { NodeStatus } from '../../sim/world.ts';
import type { Fault, WorldSetup } from '../../sim/world-config.ts';
import type { InjectedFault } from '../node-worker-protocol.ts';
import type { Intervention, MessageInFlight } from '../simulation-session.ts';
import type { FaultPause } from '../world-driver.ts';

export type { FaultPause, InjectedFault, Intervention, MessageInFlight, OpResult };

/** A hand client's context for a key: the clock of its last answer for that key (§4.4). */
export interface HandContext {
  client: string;
  key: Key;
  context: VectorClock;
}

/** Where the nodes run: in the simulation worker itself, or one Web Worker each. */
export type HostKind = 'inprocess' | 'worker';

export interface SimulationOptions {
  setup: WorldSetup;
  host: HostKind;
  /** Test-only: allows `injectWorkerFault` (worker host only). */
  faultInjection?: boolean;
}

/** Where the run stands; returned by every call that moves it. */
export interface SimulationStatus {
  seed: number;
  host: HostKind;
  /**
   * The virtual time this status shows, ms: the world's clock, or in a snapshot asked for an
   * earlier time (`snapshot`'s `atMs`), that time.
   */
  nowMs: number;
  /** The world's clock, ms: a run to a time may carry events up to one batch window past it. */
  worldNowMs: number;
  /** Events processed so far: the event index a pause or a bug report names. */
  events: number;
  pendingEvents: number;
  /** When the next event is due (undefined: nothing left). */
  nextEventMs: number | undefined;
  /**
   * When the world's latest batch began, ms (undefined before the first): seeking to just before
   * it shows the run as it was one batch earlier (Step back).
   */
  batchStartMs: number | undefined;
  /** Trace records so far (in a snapshot, up to its time); pass it to `snapshot` next time to get only what is new. */
  traceCount: number;
  traceHash: string;
  /** Virtual times of the checkpoints kept: seeking back restores the nearest one before the target. */
  checkpointsMs: number[];
  /** Set when the last run stopped early because a node's worker faulted. */
  pause: FaultPause | undefined;
  /**
   * From `runUntil`: the real time, ms, it spent running the world, without the trip to and from
   * the page. Playback paces its frames by it; it is not part of the run.
   */
  ranMs?: number;
}

export interface NodeView {
  id: NodeId;
  status: NodeStatus;
  /** Why the node is faulted, when it is. */
  error: string | undefined;
}

/** What the views draw, pulled once per animation frame. */
/** A key on every live node, with its preference list on the run's ring as it is now (joins and leaves included, §4.9). */
export interface KeyReplicaStates {
  preference: PreferenceList;
  replicas: Record<NodeId, KeySnapshot>;
}

/**
 * What one running node believes about the cluster (Dynamo §4.8): the members of its own
 * membership view, spread by gossip, and the peers its own failure detector finds unresponsive.
 * No node sees the simulator's truth; these are what it routes by.
 */
export interface NodeBeliefs {
  /** The ring's members in this node's view (§4.8.1). */
  members: NodeId[];
  /** Peers this node found unresponsive, with the virtual time it did (§4.8.3). */
  unreachableSinceMs: Record<NodeId, number>;
  /** A digest of its membership view: nodes with equal digests hold the same view. */
  digest: string;
  gossipRounds: number;
}

export interface SimulationSnapshot {
  status: SimulationStatus;
  nodes: NodeView[];
  /**
   * Messages on the wire as envelopes (ends, kind, times), without bodies: a body crosses once, in
   * `sent`, when its message is sent — a gossip message of a 64 × 256-token ring is half a megabyte.
   */
  inFlight: MessageInFlight[];
  metrics: MetricsSummary;
  series: MetricsBucket[];
  /**
   * Stale reads up to the time shown (the run's first 1,000), so the charts can mark each one and
   * send a person to it, also those older than the trace window.
   */
  staleReads: StaleRead[];
  /**
   * The changes of cluster, network and traffic up to the time shown (the run's first 1,000),
   * scheduled or made by hand, so the charts can mark when each took effect.
   */
  faults: AppliedFault[];
  /** Trace records with index ≥ the asked index still in the window, oldest first. */
  trace: readonly TraceRecord[];
  /**
   * The bodies of the messages sent in `trace`, so a payload card can show any of them; a gossip
   * message's view comes without its members' token lists (half a megabyte on 64 × 256 tokens).
   */
  sent: Message[];
  /** Hinted replicas each node holds for others (§4.6). */
  hintsByNode: Record<NodeId, number>;
  /** The latest operation results of every kind, oldest first (at most 50). */
  recentOps: OpResult[];
  /** Results of the operations made by hand (`intervene` put/get), oldest first (at most 20). */
  handOps: OpResult[];
  /**
   * The contexts the sessions of the clients that made operations by hand hold (at most 100 keys
   * each): what a put by hand will send (§4.4).
   */
  handContexts: HandContext[];
  /** The interventions recorded in this run, in order: what a seek replays. */
  interventions: Intervention[];
  /** The network as the interventions left it. */
  network: Pick<
    NetworkOptions,
    'lossProbability' | 'partitions' | 'cutLinks' | 'latency' | 'slowNodes'
  >;
}

export interface SimulationApi {
  /** Builds a new run (replacing any current one), starts its nodes and returns its status. */
  create(options: SimulationOptions): Promise<SimulationStatus>;
  /** Runs every batch due up to `untilMs` of virtual time; stops early if a node faults. */
  runUntil(untilMs: number): Promise<SimulationStatus>;
  /** Runs one batch of events. */
  step(): Promise<SimulationStatus>;
  /** Schedules an intervention (default: now); one due now is applied before this returns. Not recorded. */
  inject(fault: Fault, atMs?: number): Promise<SimulationStatus>;
  /**
   * A person's intervention, applied now and recorded at this batch boundary so `seek` replays
   * it; after a seek backwards it forks the run (the recorded future is dropped).
   */
  intervene(fault: Fault): Promise<SimulationStatus>;
  /** Time travel: forward plays on; backward replays from the seed with the recorded interventions. */
  seek(targetMs: number): Promise<SimulationStatus>;
  /**
   * Back `batches` batches from what a view showing `fromMs` shows (default: the world's latest
   * batch), the clock where the batch before left it (a seek by replay).
   */
  stepBack(fromMs?: number, batches?: number): Promise<SimulationStatus>;
  /** The interventions recorded so far (for a shared link or a scenario). */
  interventions(): Promise<Intervention[]>;
  /** Replaces the recorded interventions (a shared run reopened) and replays to `atMs`. */
  load(interventions: readonly Intervention[], atMs: number): Promise<SimulationStatus>;
  status(): Promise<SimulationStatus>;
  /**
   * What the views draw. With `atMs` (clamped to the world's clock; at most one batch window
   * before the latest batch began) the snapshot's time, the messages on the wire, the trace and
   * the bodies sent are those at `atMs`; the rest (node statuses, metrics, hints, operations) is
   * the world as it stands, at most one window later. Playback draws the time it asked for, not
   * the end of the batch that took the world there, so the speed holds however wide the batch
   * window (big-cluster's is 200 ms).
   */
  snapshot(traceSinceIndex: number, atMs?: number): Promise<SimulationSnapshot>;
  traceHash(): Promise<string>;
  inspectNode(node: NodeId): Promise<NodeSnapshot>;
  inspectKey(node: NodeId, key: Key): Promise<KeySnapshot>;
  /** Every live node's replica state of `key` (the key inspector). */
  keyReplicas(key: Key): Promise<KeyReplicaStates>;
  /** Every running node's membership view and failure detector's verdicts (the membership card). */
  beliefs(): Promise<Record<NodeId, NodeBeliefs>>;
  /** Test-only: breaks a node's worker (needs `faultInjection` and the worker host). */
  injectWorkerFault(node: NodeId, fault: InjectedFault): Promise<void>;
  /** Stops the run and its node workers. */
  dispose(): Promise<void>;
}

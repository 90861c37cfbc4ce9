/**
 * Runs a scenario headless on any node host and sums it up: the trace hash that identifies the
 * run, operation counts and latency percentiles (Dynamo §6.1), stale reads (§4.5), divergent
 * versions per read (§6.3), hints still waiting (§4.6), and whether every key's live home
 * replicas agree at the end — anti-entropy's promise (§4.7).
 */
import { homeReplicas } from '../core/preference-list.ts';
import type { Key, NodeId, Version } from '../core/types.ts';
import type { LatencySummary } from '../sim/histogram.ts';
import type { NodeHost } from '../sim/node-host.ts';
import { World, type NodeStatus } from '../sim/world.ts';
import { WorldDriver, type FaultPause } from '../runtime/world-driver.ts';
import type { Scenario } from './scenario-schema.ts';
import { injectDueInterventions, type Intervention } from '../runtime/simulation-session.ts';
import { pinnedFaults, scenarioToSetup, scenarioUntilMs } from './scenario-setup.ts';

export interface RunOptions {
  host: NodeHost;
  /** Replaces the scenario's seed. */
  seed?: number;
  /** Replaces the scenario's end time, ms. */
  untilMs?: number;
  /** Called after each slice of virtual time, for progress lines. */
  onProgress?: (progress: { nowMs: number; untilMs: number; events: number }) => void;
  /** Virtual ms between progress calls. Default: a tenth of the run. */
  progressEveryMs?: number;
}

export interface OperationSummary {
  ok: number;
  failed: number;
  latencyMs: LatencySummary;
}

export interface RunSummary {
  name?: string;
  seed: number;
  untilMs: number;
  host: NodeHost['kind'];
  nodes: { id: NodeId; status: NodeStatus }[];
  traceHash: string;
  events: number;
  messages: number;
  dropped: number;
  operations: { get: OperationSummary; put: OperationSummary };
  staleReads: number;
  maxVersionsPerRead: number;
  hintsPending: number;
  /** The most hints waiting at once, sampled once a second of virtual time. */
  hintsPeak: number;
  readRepairs: number;
  antiEntropy: { exchanges: number; keysSent: number };
  /** Every key's live home replicas hold the same set of versions. */
  converged: boolean;
  keysChecked: number;
  /** Up to ten keys whose live home replicas disagree. */
  divergentKeys: Key[];
  /**
   * A workload was still sending (or stopped less than a client timeout before the end): writes
   * were in flight when the replicas were compared, so disagreement is expected.
   */
  trafficAtEnd: boolean;
  /** The run stopped early because a node's worker broke (worker host only). */
  faulted?: FaultPause;
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<RunSummary> {
  const setup = scenarioToSetup(
    { ...scenario, ...(options.seed === undefined ? {} : { seed: options.seed }) },
    { traceWindow: 0 },
  );
  const untilMs = options.untilMs ?? scenarioUntilMs(scenario);
  const world = new World(setup, options.host);
  world.trackInFlight = false;
  const pinned = pinnedFaults(scenario);
  const applied = new Set<Intervention>();
  // The driver waits for each batch's fault work (a worker restarting), so every host gives one trace.
  const driver = new WorldDriver(world);
  let pause: FaultPause | undefined;
  try {
    await driver.init();
    const sliceMs = Math.max(1, options.progressEveryMs ?? untilMs / 10);
    for (let t = Math.min(sliceMs, untilMs); ; t = Math.min(t + sliceMs, untilMs)) {
      pause = await runUntilPinned(driver, pinned, applied, t);
      options.onProgress?.({ nowMs: pause ? world.nowMs() : t, untilMs, events: world.events() });
      if (pause || t >= untilMs) break;
    }
  } finally {
    driver.dispose();
  }
  const summary = await summarize(world, untilMs);
  return {
    ...(scenario.name === undefined ? {} : { name: scenario.name }),
    ...summary,
    ...(pause ? { faulted: pause } : {}),
  };
}

/**
 * Runs to `untilMs`, putting each hand-made fault in at the first batch boundary at which the run
 * has carried out its `afterEvents` events, as the playground's session does when it replays a
 * run (the same `injectDueInterventions`), so both give the same trace. Once all are in, whole
 * slices run as usual.
 */
async function runUntilPinned(
  driver: WorldDriver,
  pinned: readonly Intervention[],
  applied: Set<Intervention>,
  untilMs: number,
): Promise<FaultPause | undefined> {
  const world = driver.world;
  for (;;) {
    injectDueInterventions(world, pinned, applied);
    if (applied.size === pinned.length) return driver.runUntil(untilMs);
    if ((world.nextEventMs() ?? Infinity) > untilMs) {
      await world.runUntilAsync(untilMs);
      return undefined;
    }
    const { pause } = await driver.step();
    if (pause) return pause;
  }
}

async function summarize(world: World, untilMs: number): Promise<RunSummary> {
  const m = world.metrics.summary();
  const convergence = await checkConvergence(world);
  return {
    seed: world.setup.seed,
    untilMs,
    host: world.host.kind,
    nodes: world.nodes().map((id) => ({ id, status: world.nodeStatus(id) ?? 'up' })),
    traceHash: world.trace.hash(),
    events: world.events(),
    messages: m.messages,
    dropped: m.dropped,
    operations: {
      get: {
        ok: m.operations.get.ok,
        failed: m.operations.get.failed,
        latencyMs: m.operations.get.latencyMs,
      },
      put: {
        ok: m.operations.put.ok,
        failed: m.operations.put.failed,
        latencyMs: m.operations.put.latencyMs,
      },
    },
    staleReads: m.staleReads,
    maxVersionsPerRead: m.maxVersionsPerRead,
    hintsPending: m.hintBacklog,
    hintsPeak: Math.max(0, ...world.metrics.currentSeries().map((b) => b.hintBacklog)),
    readRepairs: m.readRepairs,
    antiEntropy: { exchanges: m.antiEntropy.exchanges, keysSent: m.antiEntropy.keysSent },
    ...convergence,
    trafficAtEnd: trafficAtEnd(world, untilMs),
  };
}

/**
 * Whether writes may still have been on their way when the replicas were compared: an operation
 * was in flight, or a workload (from the start or scheduled) was sending within a client timeout
 * of the end.
 */
function trafficAtEnd(world: World, untilMs: number): boolean {
  const { workloads, schedule, clientTimeoutMs } = world.setup;
  const scheduled = schedule.flatMap((s) => (s.fault.kind === 'workload-start' ? [{ ...s.fault.workload, startMs: Math.max(s.atMs, s.fault.workload.startMs) }] : []));
  const sending = (w: { startMs: number; stopMs?: number }) => w.startMs < untilMs && (w.stopMs ?? Infinity) + clientTimeoutMs > untilMs;
  return world.clients.inFlightOps() > 0 || [...workloads, ...scheduled].some(sending);
}

/** Reads every key of ground truth and of every live node on each of its live home replicas. */
export async function checkConvergence(
  world: World,
): Promise<{ converged: boolean; keysChecked: number; divergentKeys: Key[] }> {
  const live = world.liveNodes();
  const keys = new Set<Key>(world.truth.keys());
  for (const node of live) for (const key of await world.host.keys(node)) keys.add(key);
  const N = world.setup.cluster.node.N;
  const divergent: Key[] = [];
  for (const key of [...keys].sort()) {
    const homes = homeReplicas(world.ring(), key, N).filter((n) => world.nodeStatus(n) === 'up');
    const seen = new Set<string>();
    for (const home of homes) seen.add(versionSet(await world.host.read(home, key)));
    if (seen.size > 1) divergent.push(key);
  }
  return {
    converged: divergent.length === 0,
    keysChecked: keys.size,
    divergentKeys: divergent.slice(0, 10),
  };
}

/** A replica's versions as one comparable string, independent of the order it keeps them in. */
function versionSet(versions: readonly Version[]): string {
  return versions
    .map((v) =>
      JSON.stringify([v.clock.map((e) => [e.node, e.counter]), v.dot ?? null, v.value, v.writer, v.writtenAtMs]),
    )
    .sort()
    .join('\n');
}

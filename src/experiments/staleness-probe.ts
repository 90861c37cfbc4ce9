/**
 * The measurement side of the staleness experiment: the real Dynamo protocol (Dynamo §4.5, §5,
 * §6.4) in a simulated world, probed the way PBS measures t-visibility. Each trial writes a fresh
 * key; when the put is acknowledged at time a, it reads the key at a + t for every t of the grid.
 * A read is consistent when it returns the trial's write or a version descending from it.
 *
 * The cluster is exactly N nodes, so every key's preference list is all of them and a request goes
 * to all N replicas and takes the first R (or W) replies; strict quorums, so no fallback ever joins.
 * Trials run in parallel, one key each, so they cannot interfere. Reads of one trial share its key:
 * with read repair off a read changes nothing, so each t is measured independently; with read repair
 * on an earlier read may repair a replica before a later one arrives — the effect being studied.
 *
 * Background traffic (read repair, anti-entropy) crosses the network in 0 ms: that keeps the
 * world's batching window at zero, so every read leaves at exactly a + t, even for t below the
 * smallest one-way latency. Read repair still waits `readRepairWaitMs` (50 ms) before it sends.
 */
import { versionDescends, type CausalStamp } from '../core/versions.ts';
import type { OpResult } from '../sim/clients.ts';
import { EventQueue } from '../sim/event-queue.ts';
import { makeSetup } from '../sim/setup.ts';
import { World } from '../sim/world.ts';
import { defaultWorkload } from '../sim/world-config.ts';
import { InProcessHost } from '../runtime/in-process-host.ts';
import { ProgressTracker, type ExperimentControl } from './experiment-control.ts';
import type { LegSpecs } from './latency-legs.ts';

export interface ProbeOptions {
  N: number;
  R: number;
  W: number;
  legs: LegSpecs;
  coordination: 'client' | 'server';
  readRepair: boolean;
  antiEntropy: boolean;
  trials: number;
  /** Read offsets after the write's acknowledgement, ms, ascending. */
  tMs: readonly number[];
  seed: number;
}

export interface ProbeResult {
  /** Per t: reads that returned the trial's write or a descendant. */
  consistent: Uint32Array;
  /** Per t: reads that answered (failed reads are not judged). */
  answered: Uint32Array;
  writeLatencyMs: Float64Array;
  readLatencyMs: Float64Array;
  failedWrites: number;
  failedReads: number;
  /** World events processed, for timing reports. */
  events: number;
}

/** Virtual time between two trials' writes; trials overlap freely, one key each. */
const TRIAL_GAP_MS = 1;
/** Long enough that no request in a latency study times out; a timed-out op is reported as failed. */
const REQUEST_TIMEOUT_MS = 60_000;
const PROBE_WORKLOAD = 'probe';

/** Stops the world at a probe action's time and changes nothing: the probe workload is idle anyway. */
const barrier = { kind: 'workload-stop', id: PROBE_WORKLOAD } as const;

type Action = { kind: 'write'; trial: number } | { kind: 'read'; trial: number; index: number };

export async function probeStaleness(options: ProbeOptions, control: ExperimentControl = {}): Promise<ProbeResult> {
  const { trials, tMs } = options;
  const world = buildWorld(options);
  const client = options.coordination === 'client' ? `${PROBE_WORKLOAD}-c1` : 'c1';
  const workload = options.coordination === 'client' ? { workload: PROBE_WORKLOAD } : {};
  const pending = new EventQueue<Action>();
  const ackedAtMs = new Float64Array(trials);
  // The acknowledged write of each trial, as a causal stamp (its clock and the dot that made it).
  const clocks: (CausalStamp | undefined)[] = new Array<CausalStamp | undefined>(trials);
  const readsLeft = new Uint32Array(trials);
  const opOf = new Map<number, { trial: number; index: number }>();
  const out: ProbeResult = {
    consistent: new Uint32Array(tMs.length),
    answered: new Uint32Array(tMs.length),
    writeLatencyMs: new Float64Array(trials),
    readLatencyMs: new Float64Array(trials * tMs.length),
    failedWrites: 0,
    failedReads: 0,
    events: 0,
  };
  let writes = 0;
  let reads = 0;
  let finished = 0;
  const finishTrial = (trial: number): void => {
    clocks[trial] = undefined;
    finished++;
  };

  world.clients.onResult((r: OpResult) => {
    const op = opOf.get(r.opId);
    if (!op) return;
    opOf.delete(r.opId);
    if (op.index < 0) {
      if (!r.ok || !r.clock) {
        out.failedWrites++;
        return finishTrial(op.trial);
      }
      out.writeLatencyMs[writes++] = r.endMs - r.startMs;
      ackedAtMs[op.trial] = r.endMs;
      clocks[op.trial] = r.dot ? { clock: r.clock, dot: r.dot } : { clock: r.clock };
      readsLeft[op.trial] = tMs.length;
      schedule(r.endMs + (tMs[0] ?? 0), { kind: 'read', trial: op.trial, index: 0 });
      return;
    }
    if (r.ok) {
      const clock = clocks[op.trial];
      out.answered[op.index] = (out.answered[op.index] ?? 0) + 1;
      out.readLatencyMs[reads++] = r.endMs - r.startMs;
      if (clock && (r.versions ?? []).some((v) => versionDescends(v, clock))) out.consistent[op.index] = (out.consistent[op.index] ?? 0) + 1;
    } else {
      out.failedReads++;
    }
    readsLeft[op.trial] = (readsLeft[op.trial] ?? 1) - 1;
    if (readsLeft[op.trial] === 0) finishTrial(op.trial);
  });

  // Each probe action has a no-op fault at its time in the world's queue: the world stops there
  // (a fault is always a batch of its own), so the action runs at exactly its time.
  const schedule = (atMs: number, action: Action): void => {
    pending.push(atMs, action);
    world.inject(barrier, atMs);
  };
  const issue = (action: Action, nowMs: number): void => {
    if (action.kind === 'write') {
      const opId = world.clients.put(client, `s${action.trial}`, 'v', nowMs, { keep: false, ...workload });
      opOf.set(opId, { trial: action.trial, index: -1 });
      if (action.trial + 1 < trials) schedule(nowMs + TRIAL_GAP_MS, { kind: 'write', trial: action.trial + 1 });
      return;
    }
    const opId = world.clients.get(client, `s${action.trial}`, nowMs, { keep: false, ...workload });
    opOf.set(opId, { trial: action.trial, index: action.index });
    const next = action.index + 1;
    if (next < tMs.length) schedule((ackedAtMs[action.trial] ?? 0) + (tMs[next] ?? 0), { kind: 'read', trial: action.trial, index: next });
  };

  const progress = new ProgressTracker(control);
  schedule(0, { kind: 'write', trial: 0 });
  while (finished < trials) {
    if (progress.due(finished / trials)) await progress.tick(finished / trials);
    const due = pending.peek();
    if (due && due.timeMs <= world.nowMs()) {
      pending.pop();
      issue(due.payload, due.timeMs);
    } else if (world.step() === false) {
      break;
    }
  }
  out.writeLatencyMs = out.writeLatencyMs.slice(0, writes);
  out.readLatencyMs = out.readLatencyMs.slice(0, reads);
  out.events = world.events();
  progress.done();
  return out;
}

function buildWorld(options: ProbeOptions): World {
  const { legs } = options;
  const setup = makeSetup({
    seed: options.seed,
    nodes: options.N,
    node: {
      N: options.N,
      R: options.R,
      W: options.W,
      quorumMode: 'strict',
      // Timestamp versioning lets a client coordinate its own writes (§6.4), so a write, like a
      // read, goes from the requester to all N replicas: the WARS legs and nothing more.
      resolution: 'lww',
      readRepair: options.readRepair,
      antiEntropy: options.antiEntropy,
      gossip: false,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      failureTimeoutMs: REQUEST_TIMEOUT_MS,
    },
    network: { latency: { default: 'const(0)', write: legs.write, ack: legs.ack, read: legs.read, response: legs.response } },
    clientTimeoutMs: REQUEST_TIMEOUT_MS * 2,
    traceWindow: 0,
  });
  const world = new World(setup, new InProcessHost());
  world.trackInFlight = false;
  const started = world.init();
  if (started instanceof Promise) throw new Error('the in-process host starts synchronously');
  if (options.coordination === 'client') {
    // An idle client-coordinated workload: its one client runs the coordinator itself (§6.4).
    world.clients.startWorkload({ ...defaultWorkload, id: PROBE_WORKLOAD, clients: 1, loop: 'closed', coordination: 'client', maxOps: 0 }, 0);
  }
  return world;
}

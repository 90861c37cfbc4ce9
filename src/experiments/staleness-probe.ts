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
 * Trials come in chunks of `PROBE_CHUNK_TRIALS`, each in a world of its own with a seed derived from
 * the run's seed and the chunk's number: a world stays small (its queue, disks and ground truth hold
 * one chunk's keys), and chunks can run on any thread in any order (trial-pool.ts) and are merged in
 * chunk order, so the same seed gives the same result on one core or many.
 *
 * Background traffic (read repair, anti-entropy) crosses the network in 0 ms: that keeps the
 * world's batching window at zero, so every read leaves at exactly a + t, even for t below the
 * smallest one-way latency. Read repair still waits `readRepairWaitMs` (50 ms) before it sends.
 */
import { anyDescends, type CausalStamp } from '../core/versions.ts';
import type { OpResult } from '../sim/clients.ts';
import { EventQueue } from '../sim/event-queue.ts';
import { createPrng } from '../sim/prng.ts';
import { makeSetup } from '../sim/setup.ts';
import { World } from '../sim/world.ts';
import { defaultWorkload } from '../sim/world-config.ts';
import { InProcessHost } from '../runtime/in-process-host.ts';
import { ProgressTracker, type ExperimentControl } from './experiment-control.ts';
import type { LegSpecs } from './latency-legs.ts';
import type { TrialPool } from './trial-pool.ts';

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

/** One chunk of a probe's trials: its number (which decides its world's seed) and its size. */
export interface ProbeChunk {
  index: number;
  trials: number;
}

/**
 * Trials per world. Small worlds are cheap: a world's queue holds every pending client timeout and
 * its disks and ground truth every key written, and with fewer of them the garbage collector does
 * less; building a world costs little against 100 trials. Part of what a seed means: changing it
 * changes every report.
 */
export const PROBE_CHUNK_TRIALS = 100;

/** Virtual time between two trials' writes; trials overlap freely, one key each. */
const TRIAL_GAP_MS = 1;
/** Long enough that no request in a latency study times out; a timed-out op is reported as failed. */
const REQUEST_TIMEOUT_MS = 60_000;
const PROBE_WORKLOAD = 'probe';
/** In `opOf`: no request of this probe has that opId. */
const NO_OP = -1;

/** The chunks of `trials`, in order: full chunks and a last, smaller one. */
export function probeChunks(trials: number): ProbeChunk[] {
  const chunks: ProbeChunk[] = [];
  for (let done = 0, index = 0; done < trials; done += PROBE_CHUNK_TRIALS, index++) {
    chunks.push({ index, trials: Math.min(PROBE_CHUNK_TRIALS, trials - done) });
  }
  return chunks;
}

/** The seed of chunk `index`'s world: a 53-bit draw from the run's seed, one stream per chunk. */
export function chunkSeed(seed: number, index: number): number {
  const prng = createPrng(seed, `staleness-chunk:${index}`);
  return (prng.nextUint32() & 0x1fffff) * 0x100000000 + prng.nextUint32();
}

/**
 * Runs every trial, on `pool`'s threads when one is given, else here; either way chunk by chunk
 * with the same seeds, merged in chunk order, so the result does not depend on where they ran.
 */
export async function probeStaleness(options: ProbeOptions, control: ExperimentControl = {}, pool?: TrialPool): Promise<ProbeResult> {
  const chunks = probeChunks(options.trials);
  const progress = new ProgressTracker(control);
  const results = pool && pool.threads > 1 && chunks.length > 1
    ? await probeOnPool(pool, options, chunks, progress)
    : await probeHere(options, chunks, progress);
  progress.done();
  return mergeProbeResults(options.tMs.length, results);
}

async function probeHere(options: ProbeOptions, chunks: readonly ProbeChunk[], progress: ProgressTracker): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  let before = 0;
  for (const chunk of chunks) {
    const offset = before;
    results.push(await probeChunk(options, chunk, (finished) => (offset + finished) / options.trials, progress));
    before += chunk.trials;
  }
  return results;
}

/** Keeps every thread of the pool busy with the next chunk; cancellation is checked as chunks finish. */
async function probeOnPool(pool: TrialPool, options: ProbeOptions, chunks: readonly ProbeChunk[], progress: ProgressTracker): Promise<ProbeResult[]> {
  const results = new Array<ProbeResult>(chunks.length);
  let next = 0;
  let finishedTrials = 0;
  let stop: Error | undefined;
  const lane = async (): Promise<void> => {
    while (next < chunks.length && stop === undefined) {
      const chunk = chunks[next++] as ProbeChunk;
      results[chunk.index] = await pool.probeChunk(options, chunk);
      finishedTrials += chunk.trials;
      try {
        await progress.tick(finishedTrials / options.trials);
      } catch (error) {
        stop ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await progress.tick(0);
  await Promise.all(Array.from({ length: Math.min(pool.queued ?? pool.threads, chunks.length) }, lane));
  if (stop !== undefined) throw stop;
  return results;
}

/** Sums the counts and concatenates the latencies of chunk results, in the order given. */
export function mergeProbeResults(grid: number, results: readonly ProbeResult[]): ProbeResult {
  const out: ProbeResult = {
    consistent: new Uint32Array(grid),
    answered: new Uint32Array(grid),
    writeLatencyMs: concat(results.map((r) => r.writeLatencyMs)),
    readLatencyMs: concat(results.map((r) => r.readLatencyMs)),
    failedWrites: 0,
    failedReads: 0,
    events: 0,
  };
  for (const r of results) {
    for (let i = 0; i < grid; i++) {
      out.consistent[i] = (out.consistent[i] ?? 0) + (r.consistent[i] ?? 0);
      out.answered[i] = (out.answered[i] ?? 0) + (r.answered[i] ?? 0);
    }
    out.failedWrites += r.failedWrites;
    out.failedReads += r.failedReads;
    out.events += r.events;
  }
  return out;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * One chunk's trials in a world of their own. `fractionOf` and `progress` (a caller on this thread)
 * turn trials finished into progress reports and cancellation checks; a pool's thread passes none.
 */
export async function probeChunk(
  options: ProbeOptions,
  chunk: ProbeChunk,
  fractionOf?: (finishedTrials: number) => number,
  progress?: ProgressTracker,
): Promise<ProbeResult> {
  const { tMs } = options;
  const trials = chunk.trials;
  const world = buildWorld(options, chunkSeed(options.seed, chunk.index));
  const client = options.coordination === 'client' ? `${PROBE_WORKLOAD}-c1` : 'c1';
  const workload = { keep: false, ...(options.coordination === 'client' ? { workload: PROBE_WORKLOAD } : {}) };
  // A request, issued or to issue, is one number: trial * (grid + 1) + read index + 1, with 0 for
  // the write. The probe's actions wait in `pending` as such numbers, and `opOf` maps an opId to
  // its request (the world numbers operations from 1; NO_OP for ops that are not the probe's).
  const stride = tMs.length + 1;
  const pending = new EventQueue<number>();
  const ackedAtMs = new Float64Array(trials);
  // The acknowledged write of each trial, as a causal stamp (its clock and the dot that made it).
  const clocks: (CausalStamp | undefined)[] = new Array<CausalStamp | undefined>(trials);
  const readsLeft = new Uint32Array(trials);
  let opOf = new Int32Array(trials * stride + 1).fill(NO_OP);
  const remember = (opId: number, request: number): void => {
    if (opId >= opOf.length) {
      const grown = new Int32Array(Math.max(opId + 1, opOf.length * 2)).fill(NO_OP);
      grown.set(opOf);
      opOf = grown;
    }
    opOf[opId] = request;
  };
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
    const op = r.opId < opOf.length ? (opOf[r.opId] as number) : NO_OP;
    if (op === NO_OP) return;
    opOf[r.opId] = NO_OP;
    const trial = Math.floor(op / stride);
    const index = (op % stride) - 1;
    if (index < 0) {
      if (!r.ok || !r.clock) {
        out.failedWrites++;
        return finishTrial(trial);
      }
      out.writeLatencyMs[writes++] = r.endMs - r.startMs;
      ackedAtMs[trial] = r.endMs;
      clocks[trial] = r.dot ? { clock: r.clock, dot: r.dot } : { clock: r.clock };
      readsLeft[trial] = tMs.length;
      pending.push(r.endMs + (tMs[0] ?? 0), trial * stride + 1);
      return;
    }
    if (r.ok) {
      const clock = clocks[trial];
      out.answered[index] = (out.answered[index] ?? 0) + 1;
      out.readLatencyMs[reads++] = r.endMs - r.startMs;
      if (clock && r.versions && anyDescends(r.versions, clock)) out.consistent[index] = (out.consistent[index] ?? 0) + 1;
    } else {
      out.failedReads++;
    }
    readsLeft[trial] = (readsLeft[trial] ?? 1) - 1;
    if (readsLeft[trial] === 0) finishTrial(trial);
  });

  // A trial's key, built once for its write and its reads.
  const keys = new Array<string | undefined>(trials);
  const issue = (request: number, nowMs: number): void => {
    const trial = Math.floor(request / stride);
    const index = (request % stride) - 1;
    const key = (keys[trial] ??= `s${trial}`);
    if (index < 0) {
      remember(world.clients.put(client, key, 'v', nowMs, workload), request);
      if (trial + 1 < trials) pending.push(nowMs + TRIAL_GAP_MS, (trial + 1) * stride);
      return;
    }
    remember(world.clients.get(client, key, nowMs, workload), request);
    const next = index + 1;
    if (next < tMs.length) pending.push((ackedAtMs[trial] ?? 0) + (tMs[next] ?? 0), request + 1);
  };

  pending.push(0, 0);
  let reported = -1;
  while (finished < trials) {
    if (progress && fractionOf && finished !== reported) {
      reported = finished;
      if (progress.due(fractionOf(finished))) await progress.tick(fractionOf(finished));
    }
    // A probe action runs at exactly its time: after the world's events due by then, before later ones.
    const dueMs = pending.peekTimeMs();
    const nextMs = world.nextEventMs();
    if (dueMs !== undefined && (nextMs === undefined || dueMs < nextMs)) {
      world.runUntil(dueMs);
      issue(pending.peekPayload() as number, dueMs);
      pending.drop();
    } else if (world.step() === false) {
      break;
    }
  }
  out.writeLatencyMs = out.writeLatencyMs.slice(0, writes);
  out.readLatencyMs = out.readLatencyMs.slice(0, reads);
  out.events = world.events();
  return out;
}

function buildWorld(options: ProbeOptions, seed: number): World {
  const { legs } = options;
  const setup = makeSetup({
    seed,
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
  // The probe reads operation results only: nobody compares this world's trace with another's.
  world.trace.stopHashing();
  const started = world.init();
  if (started instanceof Promise) throw new Error('the in-process host starts synchronously');
  if (options.coordination === 'client') {
    // An idle client-coordinated workload: its one client runs the coordinator itself (§6.4).
    world.clients.startWorkload({ ...defaultWorkload, id: PROBE_WORKLOAD, clients: 1, loop: 'closed', coordination: 'client', maxOps: 0 }, 0);
  }
  return world;
}

/**
 * Figures 1 and 2 of the bench: the engine's simulated events per second on the standard run
 * (64 nodes, strategy 3, N=3 R=2 W=2, zipf keys, gossip and anti-entropy on) against a bare event
 * loop on the same EventQueue with a no-op handler, the XState share of an operation, and the
 * same operations on 8 and 512 nodes.
 *
 * The run is cut into segments of equal operation counts; after each segment the bare loop runs
 * with as many pending events as the world had, so every engine figure has a baseline measured
 * moments apart on the same machine. Reported: medians over the segments after the first (JIT
 * warm-up) and the median of the per-segment ratios.
 */
import { createActor, type ActorScope, type SnapshotFrom } from 'xstate';
import { getMachine, putMachine, RequestRun, type RequestEvent } from '../src/core/coordinator-machine.ts';
import { InProcessHost } from '../src/runtime/in-process-host.ts';
import { EventQueue } from '../src/sim/event-queue.ts';
import { makeSetup } from '../src/sim/setup.ts';
import { defaultWorkload, type WorldSetup } from '../src/sim/world-config.ts';
import { World } from '../src/sim/world.ts';
import { isWarmUp, median, progress, round, timeMs } from './bench-stats.ts';

export interface StandardRunOptions {
  nodes: number;
  operations: number;
  seed?: number;
}

/** Requests per second of virtual time: 100k operations take 50 s of simulated time. */
export const standardRatePerSec = 2000;

/** The standard run; the key space is large enough that zipf's head and tail both matter. */
export function standardSetup(options: StandardRunOptions): WorldSetup {
  return makeSetup({
    seed: options.seed ?? 12,
    nodes: options.nodes,
    node: { N: 3, R: 2, W: 2, gossip: true, antiEntropy: true },
    traceWindow: 1000,
    workloads: [
      {
        ...defaultWorkload,
        clients: 16,
        ratePerSec: standardRatePerSec,
        readFraction: 0.5,
        keyCount: 10_000,
        popularity: { kind: 'zipf', exponent: 1 },
        maxOps: options.operations,
      },
    ],
  });
}

export function operationsDone(world: World): number {
  const { get, put } = world.metrics.ops;
  return get.ok + get.failed + put.ok + put.failed;
}

export interface Segment {
  events: number;
  operations: number;
  wallMs: number;
  pending: number;
}

/**
 * Runs the standard run in `segments` pieces of virtual time and calls `between` after each, outside
 * the timed part. Views do not watch a bench run, so the in-flight map is not kept.
 */
export function runSegmented(
  setup: WorldSetup,
  operations: number,
  segments: number,
  between: (s: Segment) => void,
): World {
  const world = new World(setup, new InProcessHost());
  world.trackInFlight = false;
  void world.init();
  // The workload stops issuing at maxOps; a little more time lets the last replies arrive.
  const endMs = (operations / standardRatePerSec) * 1000 + 1000;
  for (let i = 1; i <= segments; i++) {
    const events0 = world.events();
    const ops0 = operationsDone(world);
    const wallMs = timeMs(() => world.runUntil((endMs * i) / segments));
    between({
      events: world.events() - events0,
      operations: operationsDone(world) - ops0,
      wallMs,
      pending: world.pending(),
    });
  }
  return world;
}

/** The floor: pop an event, call a no-op handler, push its successor, with `pending` events waiting. */
export function bareLoopEventsPerSec(pending: number, events: number): number {
  const queue = new EventQueue<{ n: number }>();
  const payload = { n: 0 };
  let state = 0x9e3779b9;
  const nextDelayMs = (): number => {
    // xorshift32: cheap, so the loop measures the queue and not the random source.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 4294967296) * 10;
  };
  for (let i = 0; i < Math.max(1, pending); i++) queue.push(nextDelayMs(), payload);
  const handler = (_p: { n: number }): void => undefined;
  const ms = timeMs(() => {
    for (let i = 0; i < events; i++) {
      const e = queue.pop();
      if (!e) break;
      handler(e.payload);
      queue.push(e.timeMs + nextDelayMs(), payload);
    }
  });
  return events / (ms / 1000);
}

export interface EngineFigures {
  nodes: number;
  operations: number;
  events: number;
  eventsPerSec: number;
  baselineEventsPerSec: number;
  ratio: number;
  meanPending: number;
  usPerOperation: number;
  xstate: XStateFigures;
  traceHash: string;
  segments: number;
}

export interface XStateFigures {
  /** One request's machine as the coordinator runs it (RequestRun: start, two replies); medians over put and get. */
  usPerRequest: number;
  /** The same through XState's interpreter: the machine's own getInitialSnapshot and transition, one long-lived scope. */
  usPerRequestWithTransition: number;
  /** The same with an actor per request (create, start, two replies, stop), for comparison. */
  usPerRequestWithActor: number;
  /** createActor alone. */
  usCreateActor: number;
  /** usPerRequest / the engine's wall time per operation. */
  shareOfOperation: number;
}

export function measureEngine(
  nodes: number,
  operations: number,
  segments: number,
  bareEvents: number,
): EngineFigures {
  const rates: number[] = [];
  const baselines: number[] = [];
  const ratios: number[] = [];
  const usPerOp: number[] = [];
  const pendings: number[] = [];
  let index = 0;
  const world = runSegmented(standardSetup({ nodes, operations }), operations, segments, (s) => {
    index++;
    const baseline = bareLoopEventsPerSec(s.pending, bareEvents);
    const rate = s.events / (s.wallMs / 1000);
    progress(
      `engine ${nodes} nodes: segment ${index}/${segments}: ${Math.round(rate)} events/s, bare ${Math.round(baseline)}/s, ${s.pending} pending`,
    );
    if (isWarmUp(index, segments)) return;
    rates.push(rate);
    baselines.push(baseline);
    ratios.push(rate / baseline);
    pendings.push(s.pending);
    if (s.operations > 0) usPerOp.push((s.wallMs * 1000) / s.operations);
  });
  const usPerOperation = median(usPerOp);
  const xstate = measureXState(usPerOperation);
  return {
    nodes,
    operations: operationsDone(world),
    events: world.events(),
    eventsPerSec: Math.round(median(rates)),
    baselineEventsPerSec: Math.round(median(baselines)),
    ratio: round(median(ratios), 3),
    meanPending: Math.round(pendings.reduce((a, b) => a + b, 0) / Math.max(1, pendings.length)),
    usPerOperation: round(usPerOperation, 3),
    xstate,
    traceHash: world.trace.hash(),
    segments,
  };
}

type RequestScope = ActorScope<SnapshotFrom<typeof putMachine>, RequestEvent>;

/**
 * An inert actor's scope kept for every step, as XState's pure `transition()` makes one per call:
 * XState's interpreter at its cheapest, without an actor's lifecycle per request.
 */
function longLivedScope(machine: typeof putMachine): RequestScope {
  const inert = createActor(machine, { input: { needed: 0, expected: 0, replied: [] } });
  return (inert as unknown as { _actorScope: RequestScope })._actorScope;
}

/** What the coordinator does with its machines per request (coordinator.ts put/get), in isolation. */
export function measureXState(
  usPerOperation: number,
  requests = 20_000,
  repetitions = 5,
): XStateFigures {
  // Read back what each run ends with, so the optimiser cannot drop the work as dead.
  let finished = 0;
  const asCoordinator = (): void => {
    for (let i = 0; i < requests; i++) {
      const run = RequestRun.start(i % 2 === 0 ? putMachine : getMachine, { needed: 2, expected: 3, replied: ['n1'] });
      run.send({ type: 'replica.replied', node: 'n2' });
      run.send({ type: 'replica.replied', node: 'n3' });
      if (run.getSnapshot().status === 'done') finished++;
    }
  };
  // Both machines share context and events; TypeScript cannot call a method on their union.
  const interpretedMachines = [putMachine, getMachine as unknown as typeof putMachine];
  const scopes = interpretedMachines.map(longLivedScope);
  const interpreted = (): void => {
    for (let i = 0; i < requests; i++) {
      const machine = interpretedMachines[i % 2]!;
      const scope = scopes[i % 2]!;
      const started = machine.getInitialSnapshot(scope, { needed: 2, expected: 3, replied: ['n1'] });
      const replied = machine.transition(started, { type: 'replica.replied', node: 'n2' }, scope);
      if (machine.transition(replied, { type: 'replica.replied', node: 'n3' }, scope).status === 'done') finished++;
    }
  };
  const lifecycle = (): void => {
    for (let i = 0; i < requests; i++) {
      const machine = i % 2 === 0 ? putMachine : getMachine;
      const actor = createActor(machine, { input: { needed: 2, expected: 3, replied: ['n1'] } });
      actor.start();
      actor.send({ type: 'replica.replied', node: 'n2' });
      actor.send({ type: 'replica.replied', node: 'n3' });
      actor.stop();
    }
  };
  const creating = (): void => {
    for (let i = 0; i < requests; i++)
      createActor(i % 2 === 0 ? putMachine : getMachine, {
        input: { needed: 2, expected: 3, replied: ['n1'] },
      });
  };
  lifecycle();
  interpreted();
  asCoordinator();
  const perRequest: number[] = [];
  const perTransition: number[] = [];
  const perActor: number[] = [];
  const perCreate: number[] = [];
  // Alternated within each repetition, so a noisy neighbour weighs on every figure alike.
  for (let r = 0; r < repetitions; r++) {
    perRequest.push((timeMs(asCoordinator) * 1000) / requests);
    perTransition.push((timeMs(interpreted) * 1000) / requests);
    perActor.push((timeMs(lifecycle) * 1000) / requests);
    perCreate.push((timeMs(creating) * 1000) / requests);
  }
  if (finished !== 2 * requests * (repetitions + 1)) throw new Error('measureXState: a request machine did not finish');
  const usPerRequest = median(perRequest);
  return {
    usPerRequest: round(usPerRequest, 3),
    usPerRequestWithTransition: round(median(perTransition), 3),
    usPerRequestWithActor: round(median(perActor), 3),
    usCreateActor: round(median(perCreate), 3),
    shareOfOperation: round(usPerRequest / usPerOperation, 3),
  };
}

export interface ScalingFigures {
  operations: number;
  eventsPerSecAt8: number;
  eventsPerSecAt512: number;
  ratio: number;
}

/** Figure 2: the same operations on 8 and 512 nodes; each figure the median of its segments. */
export function measureScaling(operations: number, segments: number): ScalingFigures {
  const rateOf = (nodes: number): number => {
    const rates: number[] = [];
    let index = 0;
    runSegmented(standardSetup({ nodes, operations }), operations, segments, (s) => {
      index++;
      const rate = s.events / (s.wallMs / 1000);
      progress(
        `scaling ${nodes} nodes: segment ${index}/${segments}: ${Math.round(rate)} events/s`,
      );
      if (!isWarmUp(index, segments)) rates.push(rate);
    });
    return median(rates);
  };
  const at8 = rateOf(8);
  const at512 = rateOf(512);
  return {
    operations,
    eventsPerSecAt8: Math.round(at8),
    eventsPerSecAt512: Math.round(at512),
    ratio: round(at512 / at8, 3),
  };
}

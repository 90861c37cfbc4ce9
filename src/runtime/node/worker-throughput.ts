/**
 * Worker-mode throughput (design.md "Hosts"): events per second of a busy five-node run with one
 * worker thread per node, beside the same run in-process and a bare loop of one message per round
 * trip to a worker thread, measured in the same process so the figures are comparable.
 */
import { Worker } from 'node:worker_threads';
import { makeSetup } from '../../sim/setup.ts';
import { defaultWorkload, type WorldSetup } from '../../sim/world-config.ts';
import { World } from '../../sim/world.ts';
import { InProcessHost } from '../in-process-host.ts';
import { WorldDriver } from '../world-driver.ts';
import { createNodeThreadHost } from './node-thread-host.ts';

export interface ThroughputOptions {
  seed?: number;
  /** Virtual time to run, ms. */
  runMs?: number;
  /** Requests per second of virtual time. */
  ratePerSec?: number;
  /** Round trips in the bare loop. */
  roundTrips?: number;
}

export interface ThroughputReport {
  events: number;
  /** Scheduler batches the worker run took; events / batches is how many ran side by side. */
  batches: number;
  inProcessEventsPerSec: number;
  workerEventsPerSec: number;
  bareRoundTripsPerSec: number;
  /** The two runs' trace hashes, which must agree. */
  traceHashes: { inProcess: string; worker: string };
}

export function throughputSetup(options: ThroughputOptions = {}): WorldSetup {
  return makeSetup({ seed: options.seed ?? 1, workloads: [{ ...defaultWorkload, ratePerSec: options.ratePerSec ?? 500 }] });
}

export async function measureWorkerThroughput(options: ThroughputOptions = {}): Promise<ThroughputReport> {
  const runMs = options.runMs ?? 5000;
  const setup = throughputSetup(options);

  // A short run first, so the in-process figure is not mostly JIT warm-up.
  const warmUp = new World(setup, new InProcessHost());
  void warmUp.init();
  warmUp.runUntil(runMs / 2);

  const inProcess = new World(setup, new InProcessHost());
  void inProcess.init();
  let started = performance.now();
  inProcess.runUntil(runMs);
  const inProcessSec = (performance.now() - started) / 1000;

  const host = createNodeThreadHost();
  const world = new World(setup, host);
  const driver = new WorldDriver(world);
  let batches = 0;
  let workerSec: number;
  try {
    await driver.init();
    started = performance.now();
    while ((world.nextEventMs() ?? Infinity) <= runMs) {
      await driver.step();
      batches++;
    }
    workerSec = (performance.now() - started) / 1000;
  } finally {
    driver.dispose();
    await host.dispose();
  }

  const bareRoundTripsPerSec = await bareLoop(options.roundTrips ?? 20_000);
  return {
    events: world.events(),
    batches,
    inProcessEventsPerSec: Math.round(inProcess.events() / inProcessSec),
    workerEventsPerSec: Math.round(world.events() / workerSec),
    bareRoundTripsPerSec: Math.round(bareRoundTripsPerSec),
    traceHashes: { inProcess: inProcess.trace.hash(), worker: world.trace.hash() },
  };
}

/** One small message out, its echo back, then the next: the floor any per-event worker loop pays. */
async function bareLoop(roundTrips: number): Promise<number> {
  const worker = new Worker(new URL('./echo-thread.mjs', import.meta.url));
  try {
    const echo = (message: unknown) =>
      new Promise<unknown>((resolve) => {
        worker.once('message', resolve);
        worker.postMessage(message);
      });
    await echo({ warm: true });
    const started = performance.now();
    for (let i = 0; i < roundTrips; i++) await echo({ type: 'run', seq: i, inputs: [{ kind: 'fire', node: 'n1', atMs: i, timerId: 1 }] });
    return roundTrips / ((performance.now() - started) / 1000);
  } finally {
    await worker.terminate();
  }
}

/**
 * Figure 3 of the bench (design.md "Hosts"): the standard run with one Node worker thread per node
 * against a bare loop that makes one worker round trip per event. The node thread is bundled with
 * esbuild first: starting 64 threads through tsx costs ~400 ms each, a bundle ~20 ms.
 *
 * Each worker compiles the node code on its own and warms up over thousands of messages, so the
 * full bench runs the whole standard run (100k operations, 50 s of the workload) in ten segments
 * and drops the first. The bare round trip is measured after each segment, three times (it swings
 * with whether its two threads share a core), and its median kept. After it, the segment's first
 * batches are replayed to threads that run no node code (worker-ceiling.ts): the most any node code
 * could reach with these batches on this machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { build } from 'esbuild';
import type { NodeId } from '../src/core/types.ts';
import { describeError, type BatchReply } from '../src/runtime/node-worker-protocol.ts';
import type { NodeThreadControl } from '../src/runtime/node/node-thread.ts';
import { WorkerHost, type NodeWorkerEndpoint } from '../src/runtime/worker-host.ts';
import { WorldDriver } from '../src/runtime/world-driver.ts';
import { World } from '../src/sim/world.ts';
import { isWarmUp, median, progress, round, timeMsAsync } from './bench-stats.ts';
import { ceilingEventsPerSec, EchoThreads, type BatchPattern, type CeilingSegment } from './worker-ceiling.ts';
import { operationsDone, standardRatePerSec, standardSetup } from './engine-bench.ts';

/** One stretch of the run, with the bare loop measured right after it. */
export interface WorkerSegment {
  events: number;
  batches: number;
  /** Batches posted to node workers on their event ports (a reply comes back for each). */
  messages: number;
  eventsPerSec: number;
  baselineEventsPerSec: number;
  /** The segment's first batches replayed to threads that run no node code. */
  ceiling: CeilingSegment;
}

export interface WorkerFigures {
  nodes: number;
  operations: number;
  events: number;
  batches: number;
  /** Events the scheduler put in one batch, over the whole run. */
  eventsPerBatch: number;
  /** Event-port messages to node workers per batch (one per node with inputs), over the whole run. */
  messagesPerBatch: number;
  eventsPerSec: number;
  baselineEventsPerSec: number;
  ratio: number;
  /**
   * Events per second of the run's batches replayed to threads that run no node code (median over
   * the segments after the first), and that over the bare round trips: no node code can do
   * better with these batches on this machine, so a ceiling ratio under 2 means the target is out
   * of reach here.
   */
  ceilingEventsPerSec: number;
  ceilingRatio: number;
  startMs: number;
  /** Every segment; the figures above are medians over those after the first (JIT warm-up). */
  segments: WorkerSegment[];
}

async function bundleNodeThread(dir: string): Promise<URL> {
  const outfile = join(dir, 'node-thread.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../src/runtime/node/node-thread.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return pathToFileURL(outfile);
}

/** What the spawner counts: event-port messages, and the index of each node that got one in this batch. */
interface Sent {
  messages: number;
  batch: number[];
}

/** spawnNodeThread (node-thread-host.ts) starting the bundle instead of going through tsx; counts the event-port messages. */
function spawner(entry: URL, sent: Sent) {
  // By node, not by spawn: a recovered node gets a new thread but keeps its index.
  const indexOf = new Map<NodeId, number>();
  return (node: NodeId): NodeWorkerEndpoint => {
    let thread = indexOf.get(node);
    if (thread === undefined) indexOf.set(node, (thread = indexOf.size));
    // No inherited execArgv: the bundle needs no TypeScript loader, which would slow each start.
    const worker = new Worker(entry, { name: `dynamo-node-${node}`, execArgv: [] });
    const control = wrap<NodeThreadControl>(nodeEndpoint(worker));
    const { port1, port2 } = new MessageChannel();
    let terminating = false;
    let onFault: (detail: string) => void = () => undefined;
    worker.on('error', (error) => onFault(describeError(error)));
    worker.on('exit', (code) => {
      if (!terminating) onFault(`the worker thread exited with code ${code}`);
    });
    return {
      control,
      workerId: worker.threadId,
      events: {
        post: (batch) => {
          sent.messages++;
          sent.batch.push(thread);
          port1.postMessage(batch);
        },
        listen: (listener) => port1.on('message', (reply: BatchReply) => listener(reply)),
        close: () => port1.close(),
      },
      connect: () => control.connect(transfer(port2, [port2]), { faultInjection: false }),
      onFault: (listener) => (onFault = listener),
      terminate: async () => {
        terminating = true;
        port1.close();
        await worker.terminate();
      },
    };
  };
}

/** One small event out, its echo back, then the next: the floor of any one-event-per-round-trip loop. */
async function bareRoundTripsPerSec(roundTrips: number, repetitions: number): Promise<number> {
  const worker = new Worker(
    'import { parentPort } from "node:worker_threads"; parentPort.on("message", (m) => parentPort.postMessage(m));',
    { eval: true, execArgv: [] },
  );
  try {
    const echo = (message: unknown): Promise<unknown> =>
      new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage(message);
      });
    await echo({ warm: true });
    const rates: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      const ms = await timeMsAsync(async () => {
        for (let i = 0; i < roundTrips; i++)
          await echo({
            type: 'run',
            seq: i,
            inputs: [{ kind: 'fire', node: 'n1', atMs: i, timerId: 1 }],
          });
      });
      rates.push(roundTrips / (ms / 1000));
    }
    return median(rates);
  } finally {
    await worker.terminate();
  }
}

export async function measureWorkers(
  nodes: number,
  operations: number,
  segments: number,
  ceilingBatches: number,
): Promise<WorkerFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'dynamo-bench-'));
  try {
    const entry = await bundleNodeThread(dir);
    const sent: Sent = { messages: 0, batch: [] };
    const host = new WorkerHost(spawner(entry, sent), {});
    const world = new World(standardSetup({ nodes, operations }), host);
    world.trackInFlight = false;
    const driver = new WorldDriver(world);
    const echo = new EchoThreads(nodes);
    const rates: number[] = [];
    const baselines: number[] = [];
    const ceilings: CeilingSegment[] = [];
    const all: WorkerSegment[] = [];
    let batches = 0;
    let startMs = 0;
    try {
      startMs = await timeMsAsync(() => driver.init());
      progress(`workers: ${nodes} threads started in ${Math.round(startMs)} ms`);
      // Segments cut the workload's span (the standard run's 2,000 requests/s), not the quiet
      // second after it: in the standard run (100k operations, 50 s) that tail is 2 % of the time,
      // in a short one it would be half a segment of gossip and weigh as much as the busy ones.
      const endMs = (operations / standardRatePerSec) * 1000;
      for (let i = 1; i <= segments; i++) {
        const events0 = world.events();
        const batches0 = batches;
        const segmentMessages0 = sent.messages;
        const untilMs = (endMs * i) / segments;
        const patterns: BatchPattern[] = [];
        const patternEvents: number[] = [];
        const ms = await timeMsAsync(async () => {
          while ((world.nextEventMs() ?? Infinity) <= untilMs) {
            const before = world.events();
            sent.batch = [];
            await driver.step();
            batches++;
            if (patterns.length < ceilingBatches) {
              patterns.push(sent.batch);
              patternEvents.push(world.events() - before);
            }
          }
        });
        const rate = (world.events() - events0) / (ms / 1000);
        const baseline = await bareRoundTripsPerSec(2000, 3);
        const ceiling = await echo.replay(patterns, patternEvents);
        const segment: WorkerSegment = {
          events: world.events() - events0,
          batches: batches - batches0,
          messages: sent.messages - segmentMessages0,
          eventsPerSec: Math.round(rate),
          baselineEventsPerSec: Math.round(baseline),
          ceiling,
        };
        all.push(segment);
        progress(
          `workers: segment ${i}/${segments}: ${segment.eventsPerSec} events/s, bare round trips ${segment.baselineEventsPerSec}/s, ` +
            `no node code ${ceiling.eventsPerSec} events/s, ` +
            `${round(segment.events / Math.max(1, segment.batches))} events and ${round(segment.messages / Math.max(1, segment.batches))} messages per batch`,
        );
        if (isWarmUp(i, segments)) continue;
        rates.push(rate);
        baselines.push(baseline);
        ceilings.push(ceiling);
      }
    } finally {
      driver.dispose();
      await host.dispose();
      await echo.dispose();
    }
    const messages = all.reduce((sum, segment) => sum + segment.messages, 0);
    const eventsPerSec = median(rates);
    const baselineEventsPerSec = median(baselines);
    const ceiling = ceilingEventsPerSec(ceilings);
    return {
      nodes,
      operations: operationsDone(world),
      events: world.events(),
      batches,
      eventsPerBatch: round(all.reduce((sum, segment) => sum + segment.events, 0) / Math.max(1, batches)),
      messagesPerBatch: round(messages / Math.max(1, batches)),
      eventsPerSec: Math.round(eventsPerSec),
      baselineEventsPerSec: Math.round(baselineEventsPerSec),
      ratio: round(eventsPerSec / baselineEventsPerSec),
      ceilingEventsPerSec: Math.round(ceiling),
      ceilingRatio: round(ceiling / baselineEventsPerSec),
      startMs: Math.round(startMs),
      segments: all,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The ceiling of figure 3 on this machine (design.md "Hosts"): the worker run's own batches, node
 * by node, replayed to threads that run no node code at all — each answers its message at once.
 * No node code can make a batch cheaper than its messages crossing to threads and back, so the
 * events per second of this replay bound any worker run with the same batches: one worker per
 * node, the standard run's 1 ms window. On a machine where that bound is under twice the bare
 * round trip, figure 3's target cannot be met whatever the node costs.
 */
import { Worker } from 'node:worker_threads';
import { median, timeMsAsync } from './bench-stats.ts';

/** One batch as the worker run sent it: the thread index of each node that got a message. */
export type BatchPattern = readonly number[];

/** What the replay measured: events of the replayed batches over their wall time. */
export interface CeilingSegment {
  batches: number;
  events: number;
  eventsPerSec: number;
}

const echoSource = `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (batch) => parentPort.postMessage({ type: 'ran', seq: batch.seq, effects: [[]] }));
`;

/** Threads that answer every message at once, as many as the run had nodes. */
export class EchoThreads {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, () => void>();
  private seq = 0;

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(echoSource, { eval: true, execArgv: [] });
      worker.on('message', (reply: { seq: number }) => {
        const done = this.waiting.get(reply.seq);
        this.waiting.delete(reply.seq);
        done?.();
      });
      return worker;
    });
  }

  /** One batch: a small message to each listed thread, then every answer. */
  private batch(pattern: BatchPattern): Promise<void[]> {
    return Promise.all(
      pattern.map((thread) => {
        const seq = ++this.seq;
        const answered = new Promise<void>((resolve) => this.waiting.set(seq, resolve));
        const worker = this.workers[thread];
        if (worker === undefined) throw new Error(`EchoThreads: no thread ${thread} of ${this.workers.length}`);
        worker.postMessage({
          type: 'run',
          seq,
          inputs: [{ kind: 'fire', node: `n${thread}`, atMs: seq, timerId: 1 }],
        });
        return answered;
      }),
    );
  }

  /** Replays the batches (each with its event count) and returns events per second over them. */
  async replay(batches: readonly BatchPattern[], events: readonly number[]): Promise<CeilingSegment> {
    // Wake every thread once first: the first message to a thread pays for its start.
    await this.batch(this.workers.map((_, i) => i));
    const seconds =
      (await timeMsAsync(async () => {
        for (const pattern of batches) await this.batch(pattern);
      })) / 1000;
    const total = events.reduce((sum, e) => sum + e, 0);
    return { batches: batches.length, events: total, eventsPerSec: Math.round(total / seconds) };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Median events per second over the replayed segments. */
export function ceilingEventsPerSec(segments: readonly CeilingSegment[]): number {
  return median(segments.map((s) => s.eventsPerSec));
}

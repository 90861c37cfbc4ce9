/**
 * A trial pool on Node's worker_threads (experiments/trial-pool.ts): one thread per core by
 * default, each running whole chunks of trials, so an experiment such as the staleness study
 * (Dynamo §4.5) uses every core while its report stays the one a single thread would give.
 *
 *   const pool = await createTrialThreadPool();        // availableParallelism() threads
 *   const report = await runStaleness(options, control, pool);
 *   await pool.close();
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ProbeChunk, ProbeOptions, ProbeResult } from '../../experiments/staleness-probe.ts';
import type { TrialPool } from '../../experiments/trial-pool.ts';
import { describeError } from '../node-worker-protocol.ts';
import { startTsThread } from './node-thread-host.ts';
import type { TrialThreadApi } from './trial-thread.ts';

export interface TrialThreadPool extends TrialPool {
  /** Ends every thread; chunks still running are abandoned. */
  close(): Promise<void>;
}

const CHUNKS_PER_THREAD = 2;

interface Lane {
  worker: Worker;
  api: Remote<TrialThreadApi>;
  /** Rejects when the thread fails or exits: a call in flight must not wait forever. */
  lost: Promise<never>;
}

/** Starts `threads` worker threads (default: one per core) and waits until each has loaded. */
export async function createTrialThreadPool(threads = availableParallelism()): Promise<TrialThreadPool> {
  if (!Number.isSafeInteger(threads) || threads < 1) throw new Error(`createTrialThreadPool: threads must be a whole number ≥ 1 (got ${threads})`);
  let closing = false;
  const lanes: Lane[] = Array.from({ length: threads }, (_, i) => {
    const worker = startTsThread(new URL('./trial-thread.ts', import.meta.url), `dynamo-trials-${i + 1}`);
    const lost = new Promise<never>((_, reject) => {
      worker.on('error', (error) => reject(new Error(`trial thread ${i + 1} failed: ${describeError(error)}`)));
      worker.on('exit', (code) => {
        if (!closing) reject(new Error(`trial thread ${i + 1} exited with code ${code}`));
      });
    });
    lost.catch(() => undefined);
    return { worker, api: wrap<TrialThreadApi>(nodeEndpoint(worker)), lost };
  });
  const call = <T>(lane: Lane, work: Promise<T>): Promise<T> => Promise.race([work, lane.lost]);
  const idle: Lane[] = [];
  const waiting: ((lane: Lane) => void)[] = [];
  const release = (lane: Lane): void => {
    const next = waiting.shift();
    if (next) next(lane);
    else idle.push(lane);
  };
  const acquire = (): Promise<Lane> => {
    const lane = idle.pop();
    return lane ? Promise.resolve(lane) : new Promise((resolve) => waiting.push(resolve));
  };
  const close = async (): Promise<void> => {
    closing = true;
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  };
  try {
    await Promise.all(lanes.map((lane) => call(lane, lane.api.ready())));
  } catch (error) {
    await close();
    throw error;
  }
  // Two calls per thread: the next chunk waits in the thread's port while it runs one, so it goes
  // on at once instead of idling through a round trip to this thread between chunks.
  for (let slot = 0; slot < CHUNKS_PER_THREAD; slot++) idle.push(...lanes);
  return {
    threads,
    queued: threads * CHUNKS_PER_THREAD,
    async probeChunk(options: ProbeOptions, chunk: ProbeChunk): Promise<ProbeResult> {
      const lane = await acquire();
      try {
        return await call(lane, lane.api.probeChunk(options, chunk));
      } finally {
        release(lane);
      }
    },
    close,
  };
}

/**
 * Where an experiment's independent chunks of trials can run besides the caller's thread: a pool
 * of threads (worker_threads in Node, src/runtime/node/trial-thread-pool.ts). Each chunk carries
 * everything that decides its result (options, chunk number, hence its seed), so a report is the
 * same whichever thread ran which chunk, and however many there were (Dynamo §4.5 staleness study).
 */
import type { ProbeChunk, ProbeOptions, ProbeResult } from './staleness-probe.ts';

export interface TrialPool {
  /** Threads that run chunks at the same time. */
  readonly threads: number;
  /** Chunks the pool takes at once (default `threads`): more lets a thread find its next chunk waiting. */
  readonly queued?: number;
  /** Runs one chunk of the staleness probe on a free thread. */
  probeChunk(options: ProbeOptions, chunk: ProbeChunk): Promise<ProbeResult>;
}

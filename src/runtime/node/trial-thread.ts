/**
 * A worker thread that runs chunks of an experiment's trials (the staleness probe, Dynamo §4.5)
 * for a trial pool (trial-thread-pool.ts): each chunk builds its own world from the seed it
 * carries, so the thread keeps nothing between chunks.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { probeChunk, type ProbeChunk, type ProbeOptions, type ProbeResult } from '../../experiments/staleness-probe.ts';

export interface TrialThreadApi {
  /** Answers once the thread has loaded the experiments. */
  ready(): boolean;
  probeChunk(options: ProbeOptions, chunk: ProbeChunk): Promise<ProbeResult>;
}

const api: TrialThreadApi = {
  ready: () => true,
  probeChunk: (options, chunk) => probeChunk(options, chunk),
};

if (!parentPort) throw new Error('trial-thread.ts runs only inside a worker thread');
expose(api, nodeEndpoint(parentPort));

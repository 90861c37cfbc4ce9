import { describe, expect, it } from 'vitest';
import { legSpecs } from '../../src/experiments/latency-legs.ts';
import {
  chunkSeed,
  probeChunk,
  probeChunks,
  probeStaleness,
  PROBE_CHUNK_TRIALS,
  type ProbeOptions,
  type ProbeResult,
} from '../../src/experiments/staleness-probe.ts';
import type { TrialPool } from '../../src/experiments/trial-pool.ts';

const options: ProbeOptions = {
  N: 3,
  R: 1,
  W: 1,
  legs: legSpecs('exp(0.5) + 1'),
  coordination: 'client',
  readRepair: false,
  antiEntropy: false,
  trials: 2 * PROBE_CHUNK_TRIALS + 37,
  tMs: [0, 2, 5],
  seed: 4,
};

/** A pool whose chunks finish in reverse order of asking, as threads of uneven speed would. */
function reversingPool(threads: number): TrialPool & { asked: number[] } {
  const asked: number[] = [];
  let delay = 40;
  return {
    threads,
    asked,
    async probeChunk(o, chunk): Promise<ProbeResult> {
      asked.push(chunk.index);
      const result = await probeChunk(o, chunk);
      await new Promise((resolve) => setTimeout(resolve, (delay = Math.max(0, delay - 10))));
      return result;
    },
  };
}

describe('staleness probe', () => {
  it('splits trials into full chunks and a last smaller one', () => {
    expect(probeChunks(options.trials)).toEqual([
      { index: 0, trials: PROBE_CHUNK_TRIALS },
      { index: 1, trials: PROBE_CHUNK_TRIALS },
      { index: 2, trials: 37 },
    ]);
    expect(probeChunks(PROBE_CHUNK_TRIALS)).toHaveLength(1);
  });

  it('gives each chunk its own world seed, fixed by the run seed', () => {
    const seeds = [0, 1, 2, 3].map((i) => chunkSeed(4, i));
    expect(new Set(seeds).size).toBe(4);
    expect(chunkSeed(4, 2)).toBe(seeds[2]);
    expect(chunkSeed(5, 2)).not.toBe(seeds[2]);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
  });

  it('measures every trial: one write and one read per offset each', async () => {
    const r = await probeStaleness(options);
    expect(r.failedWrites + r.failedReads).toBe(0);
    expect(r.writeLatencyMs).toHaveLength(options.trials);
    expect(r.readLatencyMs).toHaveLength(options.trials * options.tMs.length);
    expect([...r.answered]).toEqual(options.tMs.map(() => options.trials));
    // Later reads are at least as often consistent: the write only spreads further.
    expect(r.consistent[0]).toBeLessThanOrEqual(r.consistent[2] ?? 0);
  });

  it('gives the same result on a pool of threads, whatever order its chunks finish in', async () => {
    const here = await probeStaleness(options);
    const pool = reversingPool(3);
    const spread = await probeStaleness(options, {}, pool);
    expect(pool.asked.sort()).toEqual([0, 1, 2]);
    expect(spread).toEqual(here);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { runStaleness } from '../../src/experiments/staleness-experiment.ts';
import { PROBE_CHUNK_TRIALS } from '../../src/experiments/staleness-probe.ts';
import { createTrialThreadPool, type TrialThreadPool } from '../../src/runtime/node/trial-thread-pool.ts';

describe('trial thread pool', () => {
  let pool: TrialThreadPool | undefined;
  afterAll(async () => {
    await pool?.close();
  });

  it('runs the staleness experiment on two threads with the report of one', async () => {
    pool = await createTrialThreadPool(2);
    expect(pool.threads).toBe(2);
    const options = { trials: 3 * PROBE_CHUNK_TRIALS, tMs: [0, 1, 5], predictionTrials: 10_000, seed: 12 };
    const fractions: number[] = [];
    const threaded = await runStaleness(options, { onProgress: (f) => fractions.push(f) }, pool);
    const here = await runStaleness(options);
    expect(threaded).toEqual(here);
    expect(fractions.at(-1)).toBe(1);
  }, 60_000);

  it('refuses a thread count below one', async () => {
    await expect(createTrialThreadPool(0)).rejects.toThrow(/threads/);
  });
});

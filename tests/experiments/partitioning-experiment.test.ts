import { describe, expect, it } from 'vitest';
import { ExperimentOptionsError } from '../../src/experiments/experiment-control.ts';
import { parseKeyPopularity, runPartitioning, spread } from '../../src/experiments/partitioning-experiment.ts';

describe('partitioning experiment', () => {
  it('strategy 3 with Q divisible by S is perfectly balanced for uniform keys', async () => {
    const report = await runPartitioning({ strategy: 3, nodes: 10, partitions: 40, requests: 200_000, keyCount: 50_000 });
    expect(report.hashSpaceEfficiency).toBeCloseTo(1, 9);
    expect(report.efficiency).toBeGreaterThan(0.95);
    expect(report.outOfBalanceFraction).toBe(0);
    expect(report.metadataBytesPerNode).toBe(21 + 40);
  });

  it('one node per partition: each node holds N of the S partitions, so every node carries the same load', async () => {
    const report = await runPartitioning({ strategy: 3, nodes: 8, partitions: 8, requests: 100_000, keyCount: 20_000 });
    expect(report.hashSpaceEfficiency).toBeCloseTo(1, 9);
    expect(report.keysMovedOnJoinFraction).toBeNull();
  });

  it('with S = N every node serves every request, whatever the strategy', async () => {
    for (const strategy of [1, 2, 3] as const) {
      const report = await runPartitioning({ strategy, nodes: 3, N: 3, requests: 10_000, keyCount: 1000 });
      expect(report.efficiency).toBe(1);
      expect(Object.values(report.loadPerNode ?? {})).toEqual([10_000, 10_000, 10_000]);
      expect(report.keysMovedOnLeaveFraction).toBe(0);
    }
  });

  it('counts out-of-balance nodes as in §6.2: more than 15 % from the mean', () => {
    expect(spread([100, 100, 100, 100])).toEqual({ efficiency: 1, outOfBalanceFraction: 0 });
    const skewed = spread([80, 100, 120, 100]);
    expect(skewed.efficiency).toBeCloseTo(100 / 120, 5);
    expect(skewed.outOfBalanceFraction).toBe(0.5);
  });

  it('sweeps Figure 8: strategy 3 is best, and strategy 2 falls below strategy 1 at large metadata', async () => {
    const { points = [] } = await runPartitioning({ sweep: true, requests: 300_000, keyCount: 50_000 });
    const best = (strategy: number) => Math.max(...points.filter((p) => p.strategy === strategy).map((p) => p.efficiency));
    const at = (strategy: number, T: number) => points.find((p) => p.strategy === strategy && p.T === T)?.efficiency ?? 0;
    expect(best(3)).toBeGreaterThan(best(1));
    expect(at(2, 256)).toBeLessThan(at(1, 256));
    // Strategy 3 reaches 0.9 with far less metadata than strategy 1 needs for it.
    const metadataFor = (strategy: number) => Math.min(...points.filter((p) => p.strategy === strategy && p.efficiency >= 0.9).map((p) => p.metadataBytesPerNode));
    expect(metadataFor(3) * 10).toBeLessThan(metadataFor(1));
  });

  it('is deterministic for a seed and refuses bad options naming the flag', async () => {
    const run = () => runPartitioning({ strategy: 1, tokens: 4, nodes: 6, requests: 5000, keys: { kind: 'zipf', exponent: 1 }, seed: 4 });
    expect(await run()).toEqual(await run());
    await expect(runPartitioning({ strategy: 3, tokens: 4 })).rejects.toThrow(/--tokens/);
    await expect(runPartitioning({ nodes: 0 })).rejects.toThrow(ExperimentOptionsError);
    expect(() => parseKeyPopularity('zipf(-1)')).toThrow(/--keys/);
    expect(parseKeyPopularity('zipf(1.2)')).toEqual({ kind: 'zipf', exponent: 1.2 });
  });
});

import { describe, expect, it } from 'vitest';
import { runDivergence } from '../../src/experiments/divergence-experiment.ts';

describe('divergence experiment', () => {
  it('a single writer never makes siblings (§4.4: versions descend from the context it read)', async () => {
    const report = await runDivergence({ writers: 1, keyCount: 5, durationMs: 2000, seed: 2 });
    expect(report.maxVersions).toBeLessThanOrEqual(1);
    expect(report.gets.succeeded).toBeGreaterThan(0);
  });

  it('concurrent writers make siblings, and one client merge per key leaves none once healed', async () => {
    const report = await runDivergence({ writers: 8, keyCount: 5, durationMs: 2000, crashesPerMinute: 30, downtimeMs: 500, seed: 3 });
    expect(report.maxVersions).toBeGreaterThan(1);
    const fractions = report.versionsPerRead.reduce((sum, v) => sum + v.fraction, 0);
    expect(fractions).toBeCloseTo(1, 9);
    expect(report.afterMerge).toMatchObject({ keys: 5, keysWithSiblings: 0 });
  });

  it('writers that read each key just before writing it (§6.3 carts) leave far fewer siblings than blind writers', async () => {
    const options = { writers: 4, keyCount: 20, durationMs: 5000, seed: 4 };
    const blind = await runDivergence(options);
    const carts = await runDivergence({ ...options, readModifyWrite: true });
    const oneVersion = (r: typeof blind) => r.versionsPerRead.find((v) => v.versions === 1)?.reads ?? 0;
    const found = (r: typeof blind) => r.versionsPerRead.filter((v) => v.versions > 0).reduce((n, v) => n + v.reads, 0);
    expect(blind.meanVersions).toBeGreaterThan(1.5);
    expect(oneVersion(carts) / found(carts)).toBeGreaterThan(0.95);
    expect(oneVersion(blind) / found(blind)).toBeLessThan(0.5);
    // The report's own figure is that share: §6.3's 99.94 % counts the reads that found the key.
    expect(carts.oneVersionOfFound).toBeCloseTo(oneVersion(carts) / found(carts), 12);
    // Every put is its own read's follow-up: as many gets as puts at least.
    expect(carts.gets.attempted).toBeGreaterThanOrEqual(carts.puts.attempted);
  });

  it('is deterministic for a seed and names a bad option', async () => {
    const run = () => runDivergence({ writers: 3, keyCount: 4, durationMs: 1000, partitionsPerMinute: 60, partitionMs: 300, seed: 8 });
    expect(await run()).toEqual(await run());
    await expect(runDivergence({ writers: 0 })).rejects.toThrow(/--writers/);
    await expect(runDivergence({ crashesPerMinute: -1 })).rejects.toThrow(/--crashes-per-minute/);
    await expect(runDivergence({ readModifyWrite: 'yes' as unknown as boolean })).rejects.toThrow(/--read-modify-write: must be true or false/);
  });
});

import { describe, expect, it } from 'vitest';
import { runAvailability } from '../../src/experiments/availability-experiment.ts';
import { failureSchedule } from '../../src/experiments/failure-schedule.ts';
import { createPrng } from '../../src/sim/prng.ts';

describe('availability experiment', () => {
  it('without failures every get and put succeeds in both quorum modes', async () => {
    const report = await runAvailability({ durationMs: 2000, crashesPerMinute: 0, partitionsPerMinute: 0, ratePerSec: 100, seed: 1 });
    expect(report.rows.map((r) => r.quorum)).toEqual(['sloppy', 'strict']);
    for (const row of report.rows) {
      expect(row.gets.successRate).toBe(1);
      expect(row.puts.successRate).toBe(1);
    }
  });

  it('with a home replica down, a sloppy quorum keeps more writes available than a strict one (§4.6)', async () => {
    const report = await runAvailability({ nodes: 5, N: 3, R: 2, W: 3, durationMs: 4000, crashesPerMinute: 60, downtimeMs: 3000, partitionsPerMinute: 0, ratePerSec: 100, seed: 5 });
    const [sloppy, strict] = report.rows;
    expect(report.faults.crashes).toBeGreaterThan(0);
    expect(sloppy?.puts.successRate ?? 0).toBeGreaterThan(strict?.puts.successRate ?? 1);
  });

  it('draws the same failure schedule for the same seed, never crashing a node that is down', () => {
    const draw = () => failureSchedule(['n1', 'n2', 'n3'], 60_000, { crashesPerMinute: 20, downtimeMs: 5000, partitionsPerMinute: 5, partitionMs: 2000 }, createPrng(1, 'failures'));
    const schedule = draw();
    expect(schedule).toEqual(draw());
    const downUntil = new Map<string, number>();
    for (const { atMs, fault } of schedule) {
      if (fault.kind !== 'crash') continue;
      expect(downUntil.get(fault.node) ?? 0).toBeLessThanOrEqual(atMs);
      downUntil.set(fault.node, atMs + 5000);
    }
  });

  it('names a bad option', async () => {
    await expect(runAvailability({ quorum: 'loose' as never })).rejects.toThrow(/--quorum/);
    await expect(runAvailability({ ratePerSec: 0 })).rejects.toThrow(/--rate/);
  });
});

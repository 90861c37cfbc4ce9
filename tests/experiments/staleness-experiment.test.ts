import { describe, expect, it } from 'vitest';
import { ExperimentCancelledError, ExperimentOptionsError } from '../../src/experiments/experiment-control.ts';
import { legSpecs } from '../../src/experiments/latency-legs.ts';
import { fineGrid, runStaleness, visibilityOnGrid } from '../../src/experiments/staleness-experiment.ts';

/**
 * Closed form (WARS with exponential write legs, constant acks and read requests, any response
 * leg that is independent of the writes): the W fastest replicas have the write at commit; by
 * memorylessness each of the other N − W gets it an Exp(λ) time later. The read returns a uniformly
 * random R of the N replicas, so it is stale only when all R are among the N − W late ones and each
 * is still waiting when the read request arrives, t + ack + read ms after the W-th write landed:
 *   P(consistent at t) = 1 − C(N−W, R)/C(N, R) · exp(−R λ (ack + t + read)).
 */
function closedForm(N: number, R: number, W: number, rate: number, ackMs: number, readMs: number, tMs: number): number {
  const choose = (n: number, k: number): number => (k > n ? 0 : k === 0 ? 1 : (n / k) * choose(n - 1, k - 1));
  return 1 - (choose(N - W, R) / choose(N, R)) * Math.exp(-R * rate * (ackMs + tMs + readMs));
}

const memoryless = legSpecs('const(0.5)', { write: 'exp(1)', response: 'exp(1)' });

describe('staleness experiment', () => {
  it('matches the closed form for N=3, R=1, W=1, in the simulation and the prediction', async () => {
    // A low target keeps the simulation to the grid: no finer reads around a far-off crossing.
    const report = await runStaleness({ N: 3, R: 1, W: 1, latency: memoryless, trials: 2000, tMs: [0, 1, 2], target: 0.5, seed: 7 });
    report.rows[0]?.pConsistent.forEach(({ tMs, p }, i) => {
      const exact = closedForm(3, 1, 1, 1, 0.5, 0.5, tMs);
      expect(Math.abs(p - exact)).toBeLessThan(0.035);
      expect(Math.abs((report.rows[0]?.predicted.pConsistent[i]?.p ?? 0) - exact)).toBeLessThan(0.01);
    });
  });

  it('matches the closed form for N=5, R=2, W=2 in the prediction', async () => {
    const report = await runStaleness({ N: 5, R: 2, W: 2, latency: memoryless, trials: 50, predictionTrials: 200_000, tMs: [0, 1], seed: 3 });
    for (const { tMs, p } of report.rows[0]?.predicted.pConsistent ?? []) {
      expect(Math.abs(p - closedForm(5, 2, 2, 1, 0.5, 0.5, tMs))).toBeLessThan(0.005);
    }
  });

  it('with constant latencies is exact: never stale, and every latency is the sum of its legs', async () => {
    const latency = legSpecs('const(1)', { write: 'const(2)', response: 'const(3)' });
    const report = await runStaleness({ N: 3, latency, trials: 40, tMs: [0, 5], sweep: true, seed: 1 });
    expect(report.rows).toHaveLength(9);
    for (const row of report.rows) {
      expect(row.pConsistent.map((p) => p.p)).toEqual([1, 1]);
      expect(row.predicted.pConsistent.map((p) => p.p)).toEqual([1, 1]);
      expect(row.tVisibilityMs).toBe(0);
      expect(row.writeLatencyMs).toEqual({ p50: 3, p99: 3, p999: 3 });
      expect(row.readLatencyMs).toEqual({ p50: 4, p99: 4, p999: 4 });
    }
  });

  it('is never stale with R + W > N, even with heavy-tailed legs', async () => {
    const latency = legSpecs('mix(0.9:exp(1), 0.1:pareto(5, 1.5))');
    const report = await runStaleness({ N: 3, R: 2, W: 2, latency, trials: 400, tMs: [0], seed: 11 });
    expect(report.pConsistent).toEqual([{ tMs: 0, p: 1 }]);
    expect(report.predicted?.pConsistent).toEqual([{ tMs: 0, p: 1 }]);
  });

  it('is stale sometimes with R + W <= N, and the simulation agrees with the WARS prediction', async () => {
    const report = await runStaleness({ N: 3, R: 1, W: 1, trials: 2000, tMs: [0, 2, 5], target: 0.5, seed: 5 });
    expect(report.pConsistent?.[0]?.p).toBeLessThan(0.95);
    report.pConsistent?.forEach(({ p }, i) => {
      expect(Math.abs(p - (report.predicted?.pConsistent[i]?.p ?? 0))).toBeLessThan(0.03);
    });
    expect(Math.abs((report.writeLatencyMs?.p50 ?? 0) - (report.predicted?.writeLatencyMs.p50 ?? 0))).toBeLessThan(0.3);
  });

  it('gives the same report for the same seed', async () => {
    const run = () => runStaleness({ trials: 200, tMs: [0, 1], seed: 9 });
    expect(await run()).toEqual(await run());
  });

  it('refuses bad options naming the parameter', async () => {
    await expect(runStaleness({ R: 4 })).rejects.toThrow(/--R: .*between 1 and 3/);
    await expect(runStaleness({ tMs: [-1] })).rejects.toThrow(ExperimentOptionsError);
    await expect(runStaleness({ latency: legSpecs('exp(1)', { ack: 'exp(' }) })).rejects.toThrow(/--latency-ack/);
    await expect(runStaleness({ target: 1 })).rejects.toThrow(/--target/);
  });

  it('stops when cancelled', async () => {
    await expect(runStaleness({ trials: 5000 }, { shouldCancel: () => true })).rejects.toThrow(ExperimentCancelledError);
  });
});

describe('t-visibility on a grid', () => {
  it('is the first t from which P stays at the target', () => {
    const points = [0, 1, 2, 3].map((tMs, i) => ({ tMs, p: [0.9, 0.9995, 0.998, 1][i] ?? 0 }));
    expect(visibilityOnGrid(points, 0.999)).toEqual({ tMs: 3, resolutionMs: 1 });
    expect(visibilityOnGrid(points.slice(0, 3), 0.999)).toBeUndefined();
  });

  it('refines the grid interval that holds the predicted crossing', () => {
    expect(fineGrid([0, 10, 20], 12)).toEqual([11.25, 12.5, 13.75, 15, 16.25, 17.5, 18.75]);
    expect(fineGrid([0, 10], 0)).toEqual([]);
  });
});

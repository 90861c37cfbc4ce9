/**
 * What R + W > N buys (Dynamo §4.5, paper notes #19): with a strict quorum and no faults, a get
 * that starts after a put was acknowledged sees it; with R + W ≤ N and a spread of latencies it
 * sometimes does not, and the playground counts those stale reads against ground truth.
 */
import { describe, expect, it } from 'vitest';
import { cluster } from '../../src/runtime/cluster.ts';
import { defaultWorkload, type WorkloadSpec } from '../../src/sim/world-config.ts';

const workload: WorkloadSpec = {
  ...defaultWorkload,
  id: 'mix',
  clients: 8,
  ratePerSec: 400,
  readFraction: 0.6,
  keyCount: 40,
  popularity: { kind: 'uniform' },
  stopMs: 2000,
};
/** Mostly a few ms per hop, now and then tens of ms: replicas answer in very different orders. */
const spread = { latency: { default: 'mix(0.8:exp(0.5), 0.2:exp(0.05)) + 1' } };

function staleReads(seed: number, N: number, R: number, W: number) {
  const c = cluster({ nodes: 6, N, R, W, seed, node: { quorumMode: 'strict', readRepair: false }, network: spread, workloads: [workload] });
  c.runUntil(2500);
  const m = c.world.metrics;
  return { stale: m.staleReadCount, reads: m.ops.get.ok, writes: m.ops.put.ok, failed: m.ops.get.failed + m.ops.put.failed };
}

describe('strict quorum, no faults', () => {
  it.each([1, 2, 3, 4, 5])('R + W > N (3, 2, 2): no get that started after an acked put misses it (seed %i)', (seed) => {
    const r = staleReads(seed, 3, 2, 2);
    expect(r.reads).toBeGreaterThan(350);
    expect(r.writes).toBeGreaterThan(200);
    expect(r.failed).toBe(0);
    expect(r.stale).toBe(0);
  });

  it('R + W > N (3, 1, 3) and (3, 3, 1) hold too', () => {
    expect(staleReads(7, 3, 1, 3).stale).toBe(0);
    expect(staleReads(7, 3, 3, 1).stale).toBe(0);
  });

  it('R + W ≤ N (3, 1, 1): stale reads do occur, and are counted', () => {
    const counts = [1, 2, 3, 4, 5].map((seed) => staleReads(seed, 3, 1, 1).stale);
    expect(counts.some((n) => n > 0)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
  });
});

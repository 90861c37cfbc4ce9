/**
 * The snapshot lists the run's stale reads up to the time shown, beyond the trace window's reach,
 * so the metrics charts can mark and open every one (§6: reads that missed an acknowledged write).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulationSession } from '../../../src/runtime/browser/simulation-session.ts';
import { createNodeThreadHost } from '../../../src/runtime/node/node-thread-host.ts';
import { makeSetup } from '../../../src/sim/setup.ts';
import { defaultWorkload } from '../../../src/sim/world-config.ts';

const sessions: SimulationSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

// R = W = 1 on a slow write leg: reads right after a write often miss it. A small trace window.
const setup = makeSetup({
  seed: 3,
  traceWindow: 300,
  node: { N: 3, R: 1, W: 1 },
  network: { latency: { default: 'exp(0.5) + 1', write: 'exp(0.05) + 1' } },
  workloads: [{ ...defaultWorkload, ratePerSec: 400, readFraction: 0.6, keyCount: 5 }],
});

describe('a snapshot’s stale reads', () => {
  it('reach further back than the trace window, and stop at the time shown', async () => {
    const sim = new SimulationSession(createNodeThreadHost);
    sessions.push(sim);
    await sim.create({ setup, host: 'inprocess' });
    await sim.runUntil(4000);
    const snapshot = await sim.snapshot(0);
    expect(snapshot.metrics.staleReads).toBeGreaterThan(5);
    expect(snapshot.staleReads).toHaveLength(snapshot.metrics.staleReads);
    const oldestInWindow = snapshot.trace[0]?.timeMs ?? Infinity;
    expect(snapshot.staleReads.some((s) => s.atMs < oldestInWindow)).toBe(true);
    const middle = snapshot.staleReads[Math.floor(snapshot.staleReads.length / 2)]!.atMs;
    const earlier = await sim.snapshot(0, middle);
    expect(earlier.staleReads.length).toBeGreaterThan(0);
    expect(earlier.staleReads.length).toBeLessThan(snapshot.staleReads.length);
    expect(earlier.staleReads.every((s) => s.atMs <= middle)).toBe(true);
  });
});

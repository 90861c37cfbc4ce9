/**
 * The simulation worker's API, run in Node on worker threads: the same seed gives the same trace
 * hash on either host, interventions apply at once, a faulted node shows in the snapshot with its
 * error and the run's seed and event index, and recovering it resumes the run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulationSession } from '../../../src/runtime/browser/simulation-session.ts';
import { createNodeThreadHost } from '../../../src/runtime/node/node-thread-host.ts';
import { makeSetup } from '../../../src/sim/setup.ts';
import { defaultWorkload } from '../../../src/sim/world-config.ts';

function within<T>(promise: Promise<T>, ms = 30_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sessions: SimulationSession[] = [];
afterEach(async () => {
  await within(Promise.all(sessions.splice(0).map((s) => s.dispose())));
});

function session(): SimulationSession {
  const s = new SimulationSession(createNodeThreadHost);
  sessions.push(s);
  return s;
}

const setup = makeSetup({ seed: 11, workloads: [{ ...defaultWorkload, ratePerSec: 80 }] });

describe('the simulation API', () => {
  it('gives one trace hash for one seed, in-process or in workers, with a crash and recovery by hand', async () => {
    const hashes: string[] = [];
    for (const host of ['inprocess', 'worker'] as const) {
      const sim = session();
      await within(sim.create({ setup, host }));
      await within(sim.runUntil(400));
      const crashed = await within(sim.inject({ kind: 'crash', node: 'n4' }));
      // A batch may reach one minimum latency past the asked time (World.formBatch).
      expect(crashed.nowMs).toBeGreaterThanOrEqual(400);
      expect(crashed.events).toBeGreaterThan(0);
      expect((await within(sim.snapshot(0))).nodes.find((n) => n.id === 'n4')?.status).toBe('crashed');
      await within(sim.runUntil(700));
      await within(sim.inject({ kind: 'recover', node: 'n4' }));
      const status = await within(sim.runUntil(1200));
      expect(status).toMatchObject({ seed: 11, host, pause: undefined });
      expect(status.nowMs).toBeGreaterThanOrEqual(1200);
      hashes.push(status.traceHash);
    }
    expect(hashes[1]).toBe(hashes[0]);
  });

  it('shows a faulted node with its error, pauses with seed and event index, and resumes once it is recovered', async () => {
    const sim = session();
    await within(sim.create({ setup, host: 'worker', faultInjection: true }));
    await within(sim.runUntil(200));
    await within(sim.injectWorkerFault('n2', 'throw-in-next-input'));
    const paused = await within(sim.runUntil(1000));
    expect(paused.pause).toMatchObject({ node: 'n2', seed: 11, eventIndex: paused.events });
    const view = await within(sim.snapshot(paused.traceCount - 1));
    const n2 = view.nodes.find((n) => n.id === 'n2');
    expect(n2?.status).toBe('faulted');
    expect(n2?.error).toMatch(/injected fault/);
    expect(view.trace.at(-1)).toMatchObject({ kind: 'state', node: 'n2' });
    await expect(within(sim.inspectNode('n2'))).rejects.toThrow(/node n2 faulted/);

    await within(sim.inject({ kind: 'recover', node: 'n2' }));
    const resumed = await within(sim.runUntil(1000));
    expect(resumed.pause).toBeUndefined();
    expect(resumed.nowMs).toBeGreaterThanOrEqual(1000);
    await expect(within(sim.inspectNode('n2'))).resolves.toMatchObject({ id: 'n2' });
  });

  it('gives every running node’s own beliefs, the same in-process and in workers: a crash is noticed only by those it failed to answer (§4.8)', async () => {
    const seen: string[] = [];
    for (const host of ['inprocess', 'worker'] as const) {
      const sim = session();
      await within(sim.create({ setup, host }));
      await within(sim.runUntil(400));
      await within(sim.inject({ kind: 'crash', node: 'n4' }));
      await within(sim.runUntil(3000));
      const beliefs = await within(sim.beliefs());
      // n4 is down: it believes nothing. The others still list it: an outage is not a departure.
      expect(Object.keys(beliefs).sort()).toEqual(['n1', 'n2', 'n3', 'n5']);
      for (const b of Object.values(beliefs)) expect(b.members).toContain('n4');
      const noticed = Object.entries(beliefs).filter(([, b]) => b.unreachableSinceMs.n4 !== undefined);
      expect(noticed.length).toBeGreaterThan(0);
      for (const [, b] of noticed) expect(b.unreachableSinceMs.n4).toBeGreaterThan(400);
      seen.push(JSON.stringify(beliefs));
    }
    expect(seen[1]).toBe(seen[0]);
  });

  it('says what is wrong when used before create', async () => {
    await expect(session().runUntil(10)).rejects.toThrow('no simulation: call create first');
    await expect(session().runUntil(Number.NaN)).rejects.toThrow(/untilMs must be a finite number/);
  });
});

/**
 * Time travel through the simulation worker's API (design.md "Time control"): interventions made by
 * hand are recorded at their batch, seeking back replays them from the seed to the same trace hash
 * on either host, and hand-made gets and puts come back in the snapshot.
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

function session(): SimulationSession {
  const s = new SimulationSession(createNodeThreadHost);
  sessions.push(s);
  return s;
}

const setup = makeSetup({ seed: 7, workloads: [{ ...defaultWorkload, ratePerSec: 60 }] });

describe('seeking a run with interventions', () => {
  for (const host of ['inprocess', 'worker'] as const) {
    it(`replays a crash, a put and a recovery to the same trace hash (${host})`, async () => {
      const sim = session();
      await sim.create({ setup, host });
      await sim.runUntil(300);
      await sim.intervene({ kind: 'crash', node: 'n3' });
      await sim.runUntil(500);
      await sim.intervene({ kind: 'put', key: 'cart', value: ['book'] });
      await sim.runUntil(900);
      await sim.intervene({ kind: 'recover', node: 'n3' });
      const straight = await sim.runUntil(1500);

      const back = await sim.seek(600);
      expect(back.nowMs).toBe(600);
      const atSix = await sim.snapshot(0);
      expect(atSix.nodes.find((n) => n.id === 'n3')?.status).toBe('crashed');
      // The charts' marks follow the run back: the crash has happened, the recovery not yet.
      expect(atSix.faults.map((f) => f.fault.kind)).toEqual(['crash']);
      const again = await sim.seek(1500);
      expect(again.traceHash).toBe(straight.traceHash);
      expect((await sim.snapshot(0)).faults.map((f) => [f.fault.kind, f.atMs >= 300 && f.atMs < 1000])).toEqual([
        ['crash', true],
        ['recover', true],
      ]);
      expect((await sim.interventions()).map((i) => i.fault.kind)).toEqual([
        'crash',
        'put',
        'recover',
      ]);
    }, 60_000);
  }

  it('shows hand-made operations and hint counts in the snapshot', async () => {
    const sim = session();
    await sim.create({ setup: makeSetup({ seed: 3 }), host: 'inprocess' });
    await sim.runUntil(100);
    await sim.intervene({ kind: 'put', key: 'cart', value: ['pen'] });
    await sim.runUntil(400);
    const view = await sim.snapshot(0);
    expect(view.handOps).toHaveLength(1);
    expect(view.handOps[0]).toMatchObject({ kind: 'put', key: 'cart', ok: true });
    // The put's client now holds the put's clock as its context for the key: what its next put sends.
    const client = view.handOps[0]?.client;
    expect(view.handContexts).toEqual([{ client, key: 'cart', context: view.handOps[0]?.clock }]);
    expect(view.handContexts[0]?.context.length).toBe(1);
    expect(Object.keys(view.hintsByNode)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(view.interventions).toHaveLength(1);
  });

  it('refuses a seek to a time that is not a number', async () => {
    const sim = session();
    await sim.create({ setup, host: 'inprocess' });
    await expect(sim.seek(Number.NaN)).rejects.toThrow(/seek: targetMs must be a finite number/);
  });
});

import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { SimulationSession } from '../../src/runtime/simulation-session.ts';
import { stepBackTargetMs } from '../../src/runtime/step-back.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';

const setup = makeSetup({ seed: 11, workloads: [{ ...defaultWorkload, ratePerSec: 100 }] });
const session = () => SimulationSession.create(setup, () => new InProcessHost());

describe('time travel', () => {
  it('seeking back replays to exactly the state a straight run has', async () => {
    const straight = await session();
    await straight.runUntil(3000);
    const scrubbed = await session();
    await scrubbed.runUntil(5000);
    await scrubbed.seek(3000);
    expect(scrubbed.nowMs()).toBe(straight.nowMs());
    expect(scrubbed.current.trace.hash()).toBe(straight.current.trace.hash());
    expect(scrubbed.current.events()).toBe(straight.current.events());
  });

  it('interventions replay at the batch where they were made, and a new one forks the future', async () => {
    const live = await session();
    await live.runUntil(1000);
    await live.intervene({ kind: 'crash', node: 'n2' });
    await live.runUntil(2000);
    await live.intervene({ kind: 'recover', node: 'n2' });
    await live.runUntil(4000);
    const hashAt4000 = live.current.trace.hash();

    await live.seek(1500);
    expect(live.current.nodeStatus('n2')).toBe('crashed');
    await live.runUntil(4000);
    expect(live.current.trace.hash()).toBe(hashAt4000);

    await live.seek(1500);
    await live.intervene({ kind: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] });
    expect(live.recorded().map((i) => i.fault.kind)).toEqual(['crash', 'partition']);
    await live.runUntil(4000);
    expect(live.current.nodeStatus('n2')).toBe('crashed');
    expect(live.current.trace.hash()).not.toBe(hashAt4000);
  });

  it('a step back is the run as it was one batch earlier, across checkpoints and interventions', async () => {
    const s = await SimulationSession.create(setup, () => new InProcessHost(), { checkpointEvery: 40, checkpointTimeShare: 1 });
    await s.runUntil(900);
    await s.intervene({ kind: 'crash', node: 'n3' });
    const states: { events: number; hash: string; nowMs: number }[] = [];
    for (let i = 0; i < 60; i++) {
      states.push({ events: s.current.events(), hash: s.current.trace.hash(), nowMs: s.nowMs() });
      await s.step();
    }
    expect(s.checkpointTimes().length).toBeGreaterThan(2);
    // Back over every step, down past the crash, each time to the state before that step, its
    // clock where the step had found it.
    for (let i = states.length - 1; i >= 0; i--) {
      const start = s.current.lastBatchStartMs() as number;
      await s.stepBack();
      expect(s.nowMs()).toBeLessThan(start);
      expect({ events: s.current.events(), hash: s.current.trace.hash(), nowMs: s.nowMs() }).toEqual(states[i]);
    }
    expect(s.current.nodeStatus('n3')).toBe('crashed');
    await s.stepBack();
    expect(s.current.nodeStatus('n3')).toBe('up');
  });

  it('steps back from the time a view shows, though the world ran further, and several batches at once', async () => {
    const s = await SimulationSession.create(setup, () => new InProcessHost(), { checkpointEvery: 40, checkpointTimeShare: 1 });
    await s.runUntil(600);
    const states: { events: number; hash: string; nowMs: number }[] = [];
    for (let i = 0; i < 8; i++) {
      states.push({ events: s.current.events(), hash: s.current.trace.hash(), nowMs: s.nowMs() });
      await s.step();
    }
    const state = () => ({ events: s.current.events(), hash: s.current.trace.hash(), nowMs: s.nowMs() });
    // A view still shows the state after the fifth step (a pause that came before the last frames landed).
    const shownMs = states[5]!.nowMs;
    await s.stepBack(shownMs);
    expect(state()).toEqual(states[4]);
    // Three at once are three one by one.
    await s.stepBack(Infinity, 3);
    expect(state()).toEqual(states[1]);
  });

  it('has nowhere to step back to before the first batch', async () => {
    expect(stepBackTargetMs(undefined)).toBeUndefined();
    expect(stepBackTargetMs(0)).toBeUndefined();
    expect(stepBackTargetMs(250)).toBeLessThan(250);
    expect(stepBackTargetMs(250)).toBeGreaterThan(249.999);
    const s = await session();
    const events = s.current.events();
    await s.stepBack();
    expect(s.current.events()).toBe(events);
  });

  it('snapshots carry what the views draw', async () => {
    const s = await session();
    await s.runUntil(500);
    const snap = s.snapshot();
    expect(snap.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(snap.ring?.nodes).toHaveLength(5);
    expect(snap.trace.length).toBeGreaterThan(0);
    const again = s.snapshot({ ringVersion: snap.ringVersion, traceSince: snap.traceCount });
    expect(again.ring).toBeUndefined();
    expect(again.trace).toEqual([]);
  });
});

describe('interventions pinned between batch boundaries', () => {
  it('go in at the first boundary after their pin instead of being lost', async () => {
    const s = await session();
    await s.runUntil(800);
    const boundary = s.current.events();
    // No batch ends at boundary + 0.5 events: the pin falls between two boundaries.
    await s.load([{ afterEvents: boundary + 0.5, atMs: s.current.nowMs(), fault: { kind: 'crash', node: 'n3' } }], 2000);
    expect(s.current.nodeStatus('n3')).toBe('crashed');
  });
});

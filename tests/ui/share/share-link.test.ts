/**
 * A shared link carries the whole run: the scenario, the time and the hand-made interventions at
 * their batches, and replaying it gives the same trace hash; a damaged link says what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { fuzzCase } from '../../../src/check/fuzz-scenario.ts';
import { InProcessHost } from '../../../src/runtime/in-process-host.ts';
import { SimulationSession } from '../../../src/runtime/simulation-session.ts';
import { lessonById } from '../../../src/scenario/lessons/lessons.ts';
import { encodeScenarioForUrl } from '../../../src/scenario/scenario-url.ts';
import { setupToScenario } from '../../../src/scenario/scenario-setup.ts';
import { World } from '../../../src/sim/world.ts';
import type { Scenario } from '../../../src/scenario/scenario-schema.ts';
import { decodeShareParam, encodeShareParam, fitsInUrl } from '../../../src/ui/share/share-link.ts';
import {
  liveScenarioSetup,
  settingsFromScenario,
} from '../../../src/ui/share/scenario-settings.ts';

const scenario = lessonById('hinted-handoff')!.scenario;
const setupOf = (s: Scenario) => liveScenarioSetup(s, settingsFromScenario(s), 0);

describe('share links', () => {
  it('reopen a run with hand-made interventions at the same trace hash', async () => {
    const sender = await SimulationSession.create(setupOf(scenario), () => new InProcessHost());
    await sender.runUntil(1234);
    await sender.intervene({
      kind: 'put',
      client: 'c1',
      key: 'mug',
      value: 'blue',
      coordinator: 'n2',
    });
    await sender.step();
    await sender.intervene({ kind: 'crash', node: 'n3' });
    await sender.runUntil(3456.5);
    const param = encodeShareParam({
      scenario,
      atMs: sender.nowMs(),
      interventions: sender.recorded(),
    });
    expect(fitsInUrl(param)).toBe(true);

    const opened = decodeShareParam(param);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.run.interventions).toEqual(sender.recorded());
    const receiver = await SimulationSession.create(
      setupOf(opened.run.scenario),
      () => new InProcessHost(),
    );
    await receiver.load(opened.run.interventions, opened.run.atMs ?? 0);
    expect(receiver.nowMs()).toBe(sender.nowMs());
    expect(receiver.current.trace.hash()).toBe(sender.current.trace.hash());
    expect(receiver.current.nodeStatus('n3')).toBe('crashed');
  });

  it('read a link made without batches (the scenario-url format) as scheduled faults', () => {
    const param = encodeScenarioForUrl(scenario, {
      atMs: 10,
      interventions: [{ atMs: 5, fault: { kind: 'heal' } }],
    });
    const opened = decodeShareParam(param);
    expect(opened.ok && opened.run.scheduled).toEqual([{ atMs: 5, fault: { kind: 'heal' } }]);
    expect(opened.ok && opened.run.interventions).toEqual([]);
  });

  it('explain a damaged link instead of throwing', () => {
    const param = encodeShareParam({ scenario, interventions: [] });
    const cut = decodeShareParam(param.slice(0, param.length - 20));
    expect(cut).toEqual({
      ok: false,
      message: expect.stringContaining('This link could not be opened') as string,
    });
    expect(decodeShareParam('hello')).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not hold a scenario') as string,
    });
  });

  it('are refused as too long past the limit, so the run goes to a file instead', () => {
    const workloads = Array.from({ length: 400 }, (_, i) => ({
      id: `w${i}-${(i * 7919) % 10007}`,
      ratePerSec: (i * 31) % 97,
      keyCount: 1 + ((i * 13) % 1000),
    }));
    expect(
      fitsInUrl(encodeShareParam({ scenario: { ...scenario, workloads }, interventions: [] })),
    ).toBe(false);
  });
});

describe('fuzzer links', () => {
  it('rebuild the fuzz case through a scenario and the settings with the same trace as the fuzzer’s own setup', () => {
    for (const seed of [3, 17, 42]) {
      const c = fuzzCase(seed);
      const fromScenario = setupOf(setupToScenario(c.setup));
      const direct = new World({ ...c.setup, traceWindow: 0 }, new InProcessHost());
      const replayed = new World(fromScenario, new InProcessHost());
      void direct.init();
      void replayed.init();
      direct.runUntil(4000);
      replayed.runUntil(4000);
      expect(replayed.trace.hash(), `seed ${seed}`).toBe(direct.trace.hash());
    }
  });
});

/**
 * An exported run file keeps the hand-made interventions pinned to their batch and the time the
 * run was at, so Import (a session replaying it) and the CLI's headless `run` both give the trace
 * hash of the run it was exported from.
 */
import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../../src/runtime/in-process-host.ts';
import { SimulationSession } from '../../../src/runtime/simulation-session.ts';
import { lessonById } from '../../../src/scenario/lessons/lessons.ts';
import { runScenario } from '../../../src/scenario/scenario-run.ts';
import type { Scenario } from '../../../src/scenario/scenario-schema.ts';
import { pinnedFaults } from '../../../src/scenario/scenario-setup.ts';
import { parseScenarioText } from '../../../src/scenario/scenario.ts';
import { runAsScenarioFile } from '../../../src/ui/share/current-run.ts';
import { liveScenarioSetup, settingsFromScenario } from '../../../src/ui/share/scenario-settings.ts';

const scenario = lessonById('hinted-handoff')!.scenario;
const setupOf = (s: Scenario) => liveScenarioSetup(s, settingsFromScenario(s), 0);

async function exportedRun() {
  const sender = await SimulationSession.create(setupOf(scenario), () => new InProcessHost());
  await sender.runUntil(1234);
  await sender.intervene({ kind: 'put', client: 'c1', key: 'mug', value: 'blue', coordinator: 'n2' });
  await sender.step();
  await sender.intervene({ kind: 'crash', node: 'n3' });
  await sender.runUntil(3456.5);
  const file = runAsScenarioFile({ scenario, atMs: sender.nowMs(), interventions: sender.recorded() });
  // Through the file's text, as Export writes it and Import reads it.
  const parsed = parseScenarioText(JSON.stringify(file, null, 2));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return { sender, file: parsed.scenario };
}

describe('an exported run file', () => {
  it('keeps each hand-made fault with its event count, and the time reached', async () => {
    const { sender, file } = await exportedRun();
    expect(file.schedule).toEqual(scenario.schedule);
    expect(file.openAtMs).toBe(sender.nowMs());
    expect(file.interventions?.map((i) => i.fault.kind)).toEqual(['put', 'crash']);
    expect(pinnedFaults(file)).toEqual(sender.recorded());
  });

  it('imports as the same run at the same time, with the same trace hash', async () => {
    const { sender, file } = await exportedRun();
    const { interventions: _pinned, openAtMs, ...played } = file;
    const receiver = await SimulationSession.create(setupOf(played), () => new InProcessHost());
    await receiver.load(pinnedFaults(file), openAtMs ?? 0);
    expect(receiver.nowMs()).toBe(sender.nowMs());
    expect(receiver.current.trace.hash()).toBe(sender.current.trace.hash());
    expect(receiver.current.nodeStatus('n3')).toBe('crashed');
  });

  it('runs headless (the CLI) to the same trace hash', async () => {
    const { sender, file } = await exportedRun();
    const summary = await runScenario(file, { host: new InProcessHost(), untilMs: sender.nowMs() });
    expect(summary.traceHash).toBe(sender.current.trace.hash());
    expect(summary.events).toBe(sender.current.events());
    expect(summary.nodes.find((n) => n.id === 'n3')?.status).toBe('crashed');
  });

  it('as a plain schedule instead would not replay the run: the pinning matters', async () => {
    const { sender, file } = await exportedRun();
    const { interventions = [], openAtMs: _open, ...rest } = file;
    const asSchedule: Scenario = {
      ...rest,
      schedule: [...(rest.schedule ?? []), ...interventions.map(({ atMs, fault }) => ({ atMs, fault }))],
    };
    const summary = await runScenario(asSchedule, { host: new InProcessHost(), untilMs: sender.nowMs() });
    expect(summary.traceHash).not.toBe(sender.current.trace.hash());
  });

  it('names a bad intervention by its path', () => {
    const bad = { version: 1, interventions: [{ afterEvents: -1, atMs: 5, fault: { kind: 'heal' } }] };
    const parsed = parseScenarioText(JSON.stringify(bad));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.path).toBe('interventions[0].afterEvents');
    const unknown = { version: 1, interventions: [{ afterEvents: 3, atMs: 5, fault: { kind: 'crash', node: 'n99' } }] };
    const checked = parseScenarioText(JSON.stringify(unknown));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.path).toBe('interventions[0].fault.node');
  });
});

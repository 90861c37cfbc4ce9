/**
 * The live run as something to keep or pass on: the scenario being played (with the settings the
 * person changed since) or the settings alone as a scenario, the time reached, and the
 * interventions made by hand (design.md "share by URL; import/export JSON").
 */
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import { setupToScenario } from '../../scenario/scenario-setup.ts';
import { runSetup } from '../live/run-setup.ts';
import { useAppStore } from '../store/store.ts';
import { useActiveScenario } from './active-scenario.ts';
import { scenarioWithSettings } from './scenario-settings.ts';

export interface CurrentRun {
  scenario: Scenario;
  atMs?: number;
  interventions: Intervention[];
}

export function currentRun(): CurrentRun {
  const app = useAppStore.getState();
  const active = useActiveScenario.getState().scenario;
  const scenario = active
    ? scenarioWithSettings(active, app.settings)
    : setupToScenario(runSetup(app.settings), { name: 'My cluster' });
  const snapshot = app.snapshot;
  return {
    scenario,
    ...(snapshot ? { atMs: snapshot.status.nowMs } : {}),
    interventions: snapshot ? [...snapshot.interventions] : [],
  };
}

/** A scenario file of the run: hand-made interventions become scheduled faults at their times. */
export function runAsScenarioFile(run: CurrentRun): Scenario {
  const schedule = [
    ...(run.scenario.schedule ?? []),
    ...run.interventions.map((i) => ({
      atMs: i.atMs,
      fault: JSON.parse(JSON.stringify(i.fault)) as never,
    })),
  ];
  schedule.sort((a, b) => a.atMs - b.atMs);
  return { ...run.scenario, ...(schedule.length > 0 ? { schedule } : {}) };
}

export function fileNameOf(scenario: Scenario): string {
  const slug = (scenario.name ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'scenario'}.json`;
}

/**
 * The live run as something to keep or pass on: the scenario being played (with the settings the
 * person changed since) or the settings alone as a scenario, the time reached, and the
 * interventions made by hand (design.md "share by URL; import/export JSON").
 */
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import { interventionEntries, setupToScenario } from '../../scenario/scenario-setup.ts';
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

/**
 * A scenario file of the run: the hand-made interventions pinned to their batch (`interventions`)
 * and the time reached (`openAtMs`), so Import — or the CLI's `run` — replays exactly this run.
 */
export function runAsScenarioFile(run: CurrentRun): Scenario {
  // The scenario played never carries these itself: loadScenario makes a file's its replay.
  return {
    ...run.scenario,
    ...(run.interventions.length > 0 ? { interventions: interventionEntries(run.interventions) } : {}),
    ...(run.atMs === undefined || run.atMs === 0 ? {} : { openAtMs: run.atMs }),
  };
}

export function fileNameOf(scenario: Scenario): string {
  const slug = (scenario.name ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'scenario'}.json`;
}

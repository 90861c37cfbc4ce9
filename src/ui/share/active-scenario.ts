/**
 * The scenario the live run plays, when there is one (a lesson, a shared link, an imported or saved
 * file, a fuzzer seed), and the recorded run to replay on top of it. The live connection asks
 * `liveStart` what to build; without a scenario the run is the settings alone, as before.
 * Loading a scenario puts its cluster in the settings form; later edits of the form apply on top.
 */
import { create } from 'zustand';
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import type { WorldSetup } from '../../sim/world-config.ts';
import { LIVE_TRACE_WINDOW, runSetup } from '../live/run-setup.ts';
import { tryBuildRing } from '../model/cluster-ring.ts';
import type { ClusterSettings } from '../store/settings-validation.ts';
import { draftOf, validateSettings } from '../store/settings-validation.ts';
import { useAppStore } from '../store/store.ts';
import type { ViewId } from '../store/view-slice.ts';
import { liveScenarioSetup, settingsFromScenario } from './scenario-settings.ts';

export interface Notice {
  tone: 'error' | 'info';
  text: string;
}

export interface Replay {
  interventions: readonly Intervention[];
  atMs: number;
}

export interface ActiveScenarioState {
  scenario: Scenario | null;
  /** Where it came from, shown beside its name: "Lesson", "Shared link", "File cart.json"… */
  source: string | null;
  /** A recorded run to replay when the live run starts; dropped once the settings change. */
  replay: Replay | null;
  /** The last thing sharing, import or the library has to tell the person. */
  notice: Notice | null;
}

export const useActiveScenario = create<ActiveScenarioState>()(() => ({
  scenario: null,
  source: null,
  replay: null,
  notice: null,
}));

export function showNotice(tone: Notice['tone'], text: string): void {
  useActiveScenario.setState({ notice: { tone, text } });
}

export function dismissNotice(): void {
  useActiveScenario.setState({ notice: null });
}

/** What the live connection builds now: the scenario under the settings, or the settings alone. */
export function liveStart(settings: ClusterSettings): { setup: WorldSetup; replay: Replay | null } {
  const { scenario, replay } = useActiveScenario.getState();
  if (scenario === null) return { setup: runSetup(settings), replay: null };
  return { setup: liveScenarioSetup(scenario, settings, LIVE_TRACE_WINDOW), replay };
}

let loading = false;
// A person editing the settings makes a new run: a recorded one no longer applies to it.
useAppStore.subscribe((now, before) => {
  if (!loading && now.settings !== before.settings && useActiveScenario.getState().replay !== null)
    useActiveScenario.setState({ replay: null });
});

export interface LoadOptions {
  source: string;
  interventions?: readonly Intervention[];
  atMs?: number;
  /** The view to show once loaded. */
  view?: ViewId;
}

/**
 * Makes `scenario` the live run's (restarting it, paused). Returns why it cannot be shown — its
 * cluster does not fit the playground's form — and then changes nothing.
 */
export function loadScenario(scenario: Scenario, options: LoadOptions): string | null {
  const settings = settingsFromScenario(scenario);
  const checked = validateSettings(draftOf(settings));
  const valid = checked.settings === undefined ? undefined : tryBuildRing(checked.settings);
  const errors = { ...checked.errors, ...(valid?.errors ?? {}) };
  if (checked.settings === undefined || valid?.ring === undefined)
    return `This scenario cannot be shown here: ${Object.entries(errors)
      .map(([field, message]) => `${field}: ${message}`)
      .join('; ')}`;
  const app = useAppStore.getState();
  app.pause();
  const before = JSON.stringify(app.settings);
  const replay =
    options.interventions !== undefined || options.atMs !== undefined
      ? { interventions: options.interventions ?? [], atMs: options.atMs ?? 0 }
      : null;
  useActiveScenario.setState({ scenario, source: options.source, replay });
  loading = true;
  try {
    app.applySettings(checked.settings);
  } finally {
    loading = false;
  }
  // The same settings do not restart the run by themselves; a new scenario must.
  if (JSON.stringify(useAppStore.getState().settings) === before)
    useAppStore.getState().controller?.restart();
  if (options.view !== undefined) useAppStore.getState().showView(options.view);
  return null;
}

/** Back to the run of the settings alone. */
export function clearScenario(): void {
  useActiveScenario.setState({ scenario: null, source: null, replay: null });
  useAppStore.getState().controller?.restart();
}

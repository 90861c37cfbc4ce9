/**
 * The scenario the live run plays, when there is one (a lesson, a shared link, an imported or saved
 * file, a fuzzer seed), and the recorded run to replay on top of it. The live connection asks
 * `liveStart` what to build; without a scenario the run is the settings alone, as before.
 * Loading a scenario puts its cluster in the settings form; later edits of the form apply on top.
 */
import { create } from 'zustand';
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import { passedOverChanges } from '../../scenario/scenario-checks.ts';
import { formatScenarioError } from '../../scenario/scenario-error.ts';
import { pinnedFaults } from '../../scenario/scenario-setup.ts';
import type { WorldSetup } from '../../sim/world-config.ts';
import { LIVE_TRACE_WINDOW, liveRunKey, runSetup } from '../live/run-setup.ts';
import { tryBuildRing } from '../model/cluster-ring.ts';
import type { ClusterSettings } from '../store/settings-validation.ts';
import { draftOf, validateSettings } from '../store/settings-validation.ts';
import { useAppStore } from '../store/store.ts';
import type { ViewId } from '../store/view-slice.ts';
import { describeRun, isWorthKeeping, keptRunOf, type KeptRun } from './replaced-run.ts';
import { liveScenarioSetup, settingsFromScenario } from './scenario-settings.ts';

export interface Notice {
  tone: 'error' | 'info';
  text: string;
  /** A button beside the text, such as Undo. */
  action?: { label: string; run: () => void };
}

export interface Replay {
  interventions: readonly Intervention[];
  atMs: number;
  /** Once replayed to `atMs`, go back to this earlier time and show it (the time a person was looking at). */
  showMs?: number;
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

export function showNotice(tone: Notice['tone'], text: string, action?: Notice['action']): void {
  useActiveScenario.setState({ notice: action ? { tone, text, action } : { tone, text } });
}

export function dismissNotice(): void {
  useActiveScenario.setState({ notice: null });
}

/** What the live connection builds now: the scenario under the settings, or the settings alone. */
export function liveStart(settings: ClusterSettings): { setup: WorldSetup; replay: Replay | null } {
  const { scenario, replay } = useActiveScenario.getState();
  if (scenario === null) return { setup: runSetup(settings), replay };
  return { setup: liveScenarioSetup(scenario, settings, LIVE_TRACE_WINDOW), replay };
}

let loading = false;

/** The run a change of settings replaced, while its Undo is on offer. */
let undoable: { settings: ClusterSettings; replay: Replay } | null = null;
/** When the settings last changed the run (real time, ms): changes closer than EDITING_MS are one edit. */
let lastChangeMs = -Infinity;
/**
 * Changes this close together are one edit in progress (a number typed digit by digit, a value
 * stepped with the arrow keys): the run each replaced was only ever a moment old, even if it played.
 */
const EDITING_MS = 1500;

// A person editing the settings makes a new run: a recorded one no longer applies to it. The run
// they had is not thrown away silently: a notice says it started again and offers it back.
useAppStore.subscribe((now, before) => {
  if (loading || now.settings === before.settings) return;
  // A change the live run does not use (T under strategy 3) leaves it where it is.
  if (liveRunKey(now.settings) === liveRunKey(before.settings)) return;
  const pending = useActiveScenario.getState().replay;
  if (pending !== null) useActiveScenario.setState({ replay: null });
  const snapshot = before.snapshot;
  // An opened run still replaying to its time has no snapshot yet: the replay it was making is the run.
  const replay =
    snapshot !== null
      ? { interventions: [...snapshot.interventions], atMs: snapshot.status.nowMs }
      : pending;
  const moved = replay !== null && (replay.atMs > 0 || replay.interventions.length > 0);
  const nowMs = performance.now();
  const editing = nowMs - lastChangeMs < EDITING_MS;
  lastChangeMs = nowMs;
  // While the Undo is on offer, further changes keep the run it brings back, as long as the run
  // each replaces is part of the same edit or never moved; a run the person went on to use (it
  // played, it was changed by hand) is the one the next change takes away, so it is the one given back.
  const offered = useActiveScenario.getState().notice?.action?.run === undoSettingsChange;
  if (!offered || undoable === null || (moved && !editing)) {
    if (replay === null || !moved) return;
    undoable = { settings: before.settings, replay };
  }
  const changes = describeChanges(undoable.settings, now.settings);
  showNotice(
    'info',
    `The cluster changed${changes ? ` (${changes})` : ''}, so the run started again from 0 ms. Undo brings back the run you had, at ${formatSeconds(undoable.replay.atMs)}.`,
    { label: 'Undo', run: undoSettingsChange },
  );
});

/**
 * A change by hand made after going back in the run forks it there (simulation-session.ts): the
 * run it had reached, and the changes recorded past this point, are replaced. The notice says so
 * and offers that run back, as a change of settings does.
 */
export function offerLostFuture(lost: Replay, forkedAtMs: number): void {
  const later = lost.interventions.filter((i) => i.atMs > forkedAtMs).length;
  const changes = later === 0 ? '' : ` and ${later} later change${later === 1 ? '' : 's'} made by hand`;
  // A seek stops at the end of the batch under way at the time chosen (up to a batch window past
  // it: 200 ms on wide-area runs), and a change goes in there.
  const shown = lost.showMs;
  const where =
    shown !== undefined && forkedAtMs - shown >= 0.5
      ? ` (the events under way at ${formatSeconds(shown)} ran on to ${formatSeconds(forkedAtMs)} first, as a batch)`
      : '';
  showNotice(
    'info',
    `A change at ${formatSeconds(forkedAtMs)}${where}, after going back, starts a new run from there: the run you had, to ${formatSeconds(lost.atMs)}${changes}, is replaced. Undo brings it back${lost.showMs === undefined ? '' : `, at ${formatSeconds(lost.showMs)} as you left it`}.`,
    {
      label: 'Undo',
      run: () => {
        useActiveScenario.setState({ notice: null, replay: lost });
        useAppStore.getState().controller?.restart();
      },
    },
  );
}

/** Puts back the settings and the run a change replaced, at the time it had reached. */
function undoSettingsChange(): void {
  const from = undoable;
  if (from === null) return;
  undoable = null;
  useActiveScenario.setState({ notice: null, replay: from.replay });
  loading = true;
  try {
    useAppStore.getState().applySettings(from.settings);
  } finally {
    loading = false;
  }
}

/** How the settings form names each field and its values, for the notice of a change. */
const FIELD_NAMES: Record<Exclude<keyof ClusterSettings, 'nodes'>, string> = {
  strategy: 'strategy',
  tokensPerNode: 'T',
  partitionCount: 'Q',
  N: 'N',
  R: 'R',
  W: 'W',
  quorumMode: 'quorum',
  conflictResolution: 'conflicts',
  seed: 'seed',
};
const VALUE_NAMES: Record<string, string> = {
  sloppy: 'sloppy',
  strict: 'strict',
  siblings: 'keep siblings',
  lww: 'last writer wins',
};

/** "R 2 → 1, W 2 → 1", "quorum sloppy → strict": the fields that differ, by the form's names; the node list by its length, or "nodes renamed". */
export function describeChanges(from: ClusterSettings, to: ClusterSettings): string {
  const parts: string[] = [];
  for (const field of Object.keys(from) as (keyof ClusterSettings)[]) {
    const a = from[field];
    const b = to[field];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (Array.isArray(a) && Array.isArray(b))
      parts.push(a.length === b.length ? 'nodes renamed' : `${a.length} → ${b.length} nodes`);
    else if (field !== 'nodes') {
      const value = (v: unknown) => VALUE_NAMES[String(v)] ?? String(v);
      parts.push(`${FIELD_NAMES[field]} ${value(a)} → ${value(b)}`);
    }
  }
  return parts.join(', ');
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export interface LoadOptions {
  source: string;
  interventions?: readonly Intervention[];
  atMs?: number;
  /** The view to show once loaded. */
  view?: ViewId;
  /** The schedule was drawn at random (a fuzzer case): changes that will not happen are expected. */
  randomSchedule?: boolean;
  /** What the notice says first ("Loaded cart.json."), before what the load passes over or replaces. */
  says?: string;
  /**
   * What the notice says of the run this load replaces, when the caller keeps it (a lesson gives it
   * back when it closes); null says nothing. Without it, a run worth keeping is offered back with Undo.
   */
  replaced?: { text: string; action: NonNullable<Notice['action']> } | null;
}

/** The run the playground holds now, to give back after something replaces it. */
export function keepCurrentRun(): KeptRun {
  const app = useAppStore.getState();
  const { scenario, source, replay } = useActiveScenario.getState();
  const snapshot = app.snapshot;
  return keptRunOf({
    settings: app.settings,
    scenario,
    source,
    reached:
      snapshot === null
        ? null
        : { interventions: snapshot.interventions, atMs: snapshot.status.nowMs },
    pending: replay,
  });
}

/** Puts `run` back as the live run: its scenario and settings, replayed (paused) to the time it had reached. */
export function restoreRun(run: KeptRun): void {
  const app = useAppStore.getState();
  app.pause();
  switchTo(run.scenario, run.source, run.replay, run.settings);
}

/**
 * Makes the live run that of `scenario` under `settings`, replaying `replay` when there is one. A
 * change of settings restarts the run by itself (simulation-connection.ts); the same live run must
 * be restarted here, since a new scenario or replay is a new run.
 */
function switchTo(
  scenario: Scenario | null,
  source: string | null,
  replay: Replay | null,
  settings: ClusterSettings,
): void {
  const before = liveRunKey(useAppStore.getState().settings);
  useActiveScenario.setState({ scenario, source, replay, notice: null });
  loading = true;
  try {
    useAppStore.getState().applySettings(settings);
  } finally {
    loading = false;
  }
  if (liveRunKey(useAppStore.getState().settings) === before)
    useAppStore.getState().controller?.restart();
}

/**
 * Makes `scenario` the live run's (restarting it, paused). Returns why it cannot be shown — its
 * cluster does not fit the playground's form — and then changes nothing.
 */
export function loadScenario(file: Scenario, options: LoadOptions): string | null {
  // A run exported from the playground carries its hand-made faults and the time it was at; they
  // become the replay, and the scenario kept is the one they are played on.
  const { interventions: pinned, openAtMs, ...scenario } = file;
  const interventions = options.interventions ?? (pinned === undefined ? undefined : pinnedFaults(file));
  const atMs = options.atMs ?? openAtMs;
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
  const kept = options.replaced === undefined ? keepCurrentRun() : null;
  const replay =
    interventions !== undefined || atMs !== undefined
      ? { interventions: interventions ?? [], atMs: atMs ?? 0 }
      : null;
  switchTo(scenario, options.source, replay, checked.settings);
  if (options.view !== undefined) useAppStore.getState().showView(options.view);
  const note = options.randomSchedule === true ? null : passedOverNote(scenario);
  const replaced =
    options.replaced !== undefined
      ? options.replaced
      : kept !== null && isWorthKeeping(kept)
        ? offerUndo(kept, scenario.name)
        : null;
  const text = [options.says, note, replaced?.text].filter((t) => t != null).join(' ');
  if (text !== '') showNotice('info', text, replaced?.action);
  return null;
}

/** The notice's words for a run a load replaced, and its Undo. */
function offerUndo(kept: KeptRun, name: string | undefined): NonNullable<LoadOptions['replaced']> {
  return {
    text: `${name ? `“${name}”` : 'The scenario'} replaced your run (${describeRun(kept)}). Undo brings it back.`,
    action: { label: 'Undo', run: () => restoreRun(kept) },
  };
}

/**
 * What a scenario's schedule asks for that will not happen (a join of a node already in the ring,
 * a leave of a crashed node…), as one sentence, or null.
 */
export function passedOverNote(scenario: Scenario): string | null {
  const passedOver = passedOverChanges(scenario);
  const [first] = passedOver;
  if (first === undefined) return null;
  const count = passedOver.length === 1 ? 'One scheduled change' : `${passedOver.length} scheduled changes`;
  return `${count} will not happen: ${formatScenarioError(first)}${passedOver.length > 1 ? ' (and more)' : ''}.`;
}

/** Back to the run of the settings alone. */
export function clearScenario(): void {
  useActiveScenario.setState({ scenario: null, source: null, replay: null });
  useAppStore.getState().controller?.restart();
}

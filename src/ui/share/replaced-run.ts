/**
 * The run a person had made, kept when a lesson, an example, a saved or imported file or a link
 * replaces it: its settings, the scenario it played (if any), the changes made by hand and the time
 * reached, so it can be given back exactly (a replay from its seed reaches the same trace).
 */
import type { Scenario } from '../../scenario/scenario-schema.ts';
import type { ClusterSettings } from '../store/settings-validation.ts';
import { DEFAULT_SETTINGS } from '../store/settings-validation.ts';
import { formatVirtualTime } from '../virtual-time-format.ts';
import type { Replay } from './active-scenario.ts';

export interface KeptRun {
  settings: ClusterSettings;
  scenario: Scenario | null;
  /** Where the scenario came from ("Example", "File cart.json"…), shown beside its name again. */
  source: string | null;
  /** The changes made by hand and the time reached; null for a run still at 0 ms with none. */
  replay: Replay | null;
}

/** What the playground holds now, as the store and the snapshot see it. */
export interface RunNow {
  settings: ClusterSettings;
  scenario: Scenario | null;
  source: string | null;
  /** The latest snapshot's interventions and time, or null before one arrives. */
  reached: Replay | null;
  /** The replay the run is making while it starts (an opened run's time not reached yet). */
  pending: Replay | null;
}

export function keptRunOf(now: RunNow): KeptRun {
  // A run still replaying to its time has no snapshot of it yet: the replay it is making is the run.
  const replay = now.reached ?? now.pending;
  const moved = replay !== null && (replay.atMs > 0 || replay.interventions.length > 0);
  return {
    settings: now.settings,
    scenario: now.scenario,
    source: now.source,
    replay: moved ? { interventions: [...replay.interventions], atMs: replay.atMs } : null,
  };
}

/** Whether losing the run loses anything: a fresh run of the default settings at 0 ms does not. */
export function isWorthKeeping(run: KeptRun): boolean {
  return (
    run.replay !== null ||
    run.scenario !== null ||
    JSON.stringify(run.settings) !== JSON.stringify(DEFAULT_SETTINGS)
  );
}

/** "8 nodes, seed 99, at 256.8 ms", with the scenario's name first and the changes made by hand last. */
export function describeRun(run: KeptRun): string {
  const parts: string[] = [];
  if (run.scenario?.name) parts.push(`“${run.scenario.name}”`);
  parts.push(`${run.settings.nodes.length} node${run.settings.nodes.length === 1 ? '' : 's'}`);
  parts.push(`seed ${run.settings.seed}`);
  parts.push(`at ${formatVirtualTime(run.replay?.atMs ?? 0)}`);
  const changes = run.replay?.interventions.length ?? 0;
  if (changes > 0) parts.push(`${changes} change${changes === 1 ? '' : 's'} made by hand`);
  return parts.join(', ');
}

/**
 * Runs a whole simulated cluster with workloads and a fault schedule for the divergence and
 * availability experiments (Dynamo §4.6, §6.3, §6.6), reporting progress in virtual time and
 * handing every finished operation to the caller.
 */
import type { OpResult } from '../sim/clients.ts';
import { World } from '../sim/world.ts';
import type { WorldSetup } from '../sim/world-config.ts';
import { InProcessHost } from '../runtime/in-process-host.ts';
import { ProgressTracker, type ExperimentControl } from './experiment-control.ts';

const CHUNK_MS = 250;

/** Builds and starts a world on the in-process host, with no trace window kept. */
export function startWorld(setup: WorldSetup): World {
  const world = new World(setup, new InProcessHost());
  world.trackInFlight = false;
  const started = world.init();
  if (started instanceof Promise) throw new Error('the in-process host starts synchronously');
  return world;
}

/** Runs until `untilMs` of virtual time in chunks, passing each operation result to `onResult`. */
export async function runWorld(
  world: World,
  untilMs: number,
  onResult: (r: OpResult) => void,
  control: ExperimentControl,
  progressSpan: [number, number] = [0, 1],
): Promise<void> {
  const stop = world.clients.onResult(onResult);
  const progress = new ProgressTracker({ ...control, onProgress: (f) => control.onProgress?.(progressSpan[0] + f * (progressSpan[1] - progressSpan[0])) });
  const fromMs = world.nowMs();
  for (let t = fromMs; t < untilMs; t = Math.min(untilMs, t + CHUNK_MS)) {
    await progress.tick((t - fromMs) / Math.max(1, untilMs - fromMs));
    world.runUntil(Math.min(untilMs, t + CHUNK_MS));
  }
  world.runUntil(untilMs);
  stop();
}

/**
 * Where playback's next frame goes (design.md "Time control"): the shown time moves by dt × speed,
 * and the world is run to it only when its clock is behind. A run to a time carries the events of
 * its last batch up to one window past it (World.formBatch), so the world is often ahead; drawing
 * its clock instead of the asked time would play a wide-area run (a 200 ms window) many times
 * faster than the speed says.
 */

/** A frame that took longer (a busy worker, a hidden tab) moves virtual time by this much real time at most. */
export const MAX_FRAME_MS = 100;

export interface PlaybackClock {
  /** The virtual time the views show, ms. */
  shownMs: number;
  /** The world's clock, ms: at or after the shown time, by up to one batch window. */
  worldNowMs: number;
}

export interface FrameMove {
  /** The virtual time the next frame shows, ms. */
  showMs: number;
  /** Run the world to this time first; undefined when its clock is already there. */
  runToMs: number | undefined;
}

/**
 * The next frame, `realDtMs` of real time after the last one, at `speed` virtual ms per real ms.
 * It asks the world to run at most `maxRunMs` of virtual time past where it stands (see
 * `WorldPace`), so a run the nodes cannot keep up with moves in small steps, not in jumps.
 */
export function nextFrame(
  clock: PlaybackClock,
  realDtMs: number,
  speed: number,
  maxRunMs = Infinity,
): FrameMove {
  const dtMs = Math.min(MAX_FRAME_MS, Math.max(0, realDtMs));
  const furthestMs = Math.max(clock.worldNowMs, clock.shownMs) + maxRunMs;
  const showMs = Math.min(clock.shownMs + dtMs * speed, furthestMs);
  return { showMs, runToMs: showMs > clock.worldNowMs ? showMs : undefined };
}

/** Real time one frame may spend running the world, ms: the next frame comes about this soon even when the nodes lag. */
export const RUN_BUDGET_MS = 50;

/**
 * How much virtual time a frame may ask the world to run, kept from the world's recent runs. At
 * 100× a frame after a slow one asks for 10 s of virtual time (`MAX_FRAME_MS` × speed); with 64
 * busy nodes that run takes seconds, the clock stands still, then jumps, and a change of speed
 * waits for it. So a run that took longer than `RUN_BUDGET_MS` sets the limit to what the world
 * ran in that budget, and one that took less than half of it doubles the limit (back to none).
 * A run's time is what the world spent running (the status's `ranMs`), not the trip to its
 * worker and back: a slow trip with little to run must not shrink the limit round after round.
 */
export class WorldPace {
  private limitMs = Infinity;

  /** A run of the world moved its clock `virtualMs` in `ranMs` of real time spent running. */
  ran(virtualMs: number, ranMs: number): void {
    if (!(virtualMs > 0) || !(ranMs >= 0)) return;
    if (ranMs > RUN_BUDGET_MS) this.limitMs = (virtualMs / ranMs) * RUN_BUDGET_MS;
    else if (ranMs < RUN_BUDGET_MS / 2) this.limitMs *= 2;
  }

  /** The most virtual time, ms, the next frame should ask the world to run: unbounded until a run has been slow. */
  maxRunMs(): number {
    return this.limitMs;
  }
}

/** How much real time the achieved speed is measured over, ms. */
export const ACHIEVED_WINDOW_MS = 2000;

/** The achieved speed is shown only when it falls this far below the speed asked for. */
const LAGGING_SHARE = 0.8;

/**
 * Virtual time against real time over the last `ACHIEVED_WINDOW_MS` of playing: when the nodes
 * cannot keep up (a frame that took longer moves virtual time by `MAX_FRAME_MS` at most), the
 * speed a person asked for is not the speed they see, and the time controls say so.
 */
export class SpeedMeter {
  private readonly samples: { realMs: number; shownMs: number }[] = [];

  /** Records a frame; returns the speed achieved over the window, or undefined until it is a window long. */
  frame(realMs: number, shownMs: number): number | undefined {
    const samples = this.samples;
    samples.push({ realMs, shownMs });
    while (samples.length > 2 && realMs - (samples[1]?.realMs ?? realMs) >= ACHIEVED_WINDOW_MS) samples.shift();
    const first = samples[0];
    if (first === undefined || realMs - first.realMs < ACHIEVED_WINDOW_MS) return undefined;
    return (shownMs - first.shownMs) / (realMs - first.realMs);
  }
}

/** The achieved speed to show beside the asked one: undefined while playback keeps up. */
export function laggingSpeed(achieved: number | undefined, asked: number): number | undefined {
  return achieved !== undefined && achieved < asked * LAGGING_SHARE ? achieved : undefined;
}

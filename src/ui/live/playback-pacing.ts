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

/** The next frame, `realDtMs` of real time after the last one, at `speed` virtual ms per real ms. */
export function nextFrame(clock: PlaybackClock, realDtMs: number, speed: number): FrameMove {
  const dtMs = Math.min(MAX_FRAME_MS, Math.max(0, realDtMs));
  const showMs = clock.shownMs + dtMs * speed;
  return { showMs, runToMs: showMs > clock.worldNowMs ? showMs : undefined };
}

/**
 * Playback's pacing: the shown time moves by dt × speed whatever the world's clock, and the world
 * runs only when it is behind, so a run whose batches reach 200 ms past the asked time still plays
 * at the speed asked.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_MS, nextFrame } from '../../../src/ui/live/playback-pacing.ts';

describe('the next frame of playback', () => {
  it('shows dt × speed further on and runs the world there when its clock is behind', () => {
    expect(nextFrame({ shownMs: 1000, worldNowMs: 1000 }, 16, 0.1)).toEqual({ showMs: 1001.6, runToMs: 1001.6 });
  });

  it('only shows further on while the last batch carried the world ahead', () => {
    expect(nextFrame({ shownMs: 1000, worldNowMs: 1180 }, 16, 0.1)).toEqual({ showMs: 1001.6, runToMs: undefined });
  });

  it('plays a wide-area run at the speed asked: one run of the world per window, not per frame', () => {
    // A world whose every run lands 200 ms past the time asked (big-cluster's window).
    let clock = { shownMs: 0, worldNowMs: 0 };
    let runs = 0;
    for (let frame = 0; frame < 600; frame++) {
      const { showMs, runToMs } = nextFrame(clock, 1000 / 60, 0.1);
      let worldNowMs = clock.worldNowMs;
      if (runToMs !== undefined) {
        runs++;
        worldNowMs = runToMs + 200;
      }
      clock = { shownMs: showMs, worldNowMs };
    }
    // Ten real seconds at 0.1×: one virtual second shown, and the world run about five times.
    expect(clock.shownMs).toBeCloseTo(1000, 6);
    expect(runs).toBeLessThanOrEqual(6);
  });

  it('moves at most MAX_FRAME_MS of real time after a long frame, and never back', () => {
    expect(nextFrame({ shownMs: 0, worldNowMs: 0 }, 5000, 1).showMs).toBe(MAX_FRAME_MS);
    expect(nextFrame({ shownMs: 50, worldNowMs: 80 }, -3, 1)).toEqual({ showMs: 50, runToMs: undefined });
  });
});

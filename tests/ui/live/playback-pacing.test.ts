/**
 * Playback's pacing: the shown time moves by dt × speed whatever the world's clock, and the world
 * runs only when it is behind, so a run whose batches reach 200 ms past the asked time still plays
 * at the speed asked.
 */
import { describe, expect, it } from 'vitest';
import {
  ACHIEVED_WINDOW_MS,
  laggingSpeed,
  MAX_FRAME_MS,
  nextFrame,
  RUN_BUDGET_MS,
  SpeedMeter,
  WorldPace,
} from '../../../src/ui/live/playback-pacing.ts';

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

describe('the pace of a world that lags', () => {
  /**
   * Plays `frames` frames at `speed` on a world that runs v virtual ms in v / `virtualPerRealMs`
   * of real time (its `ranMs`), reached over a trip of `overheadMs`, a frame 16 ms besides. Returns the largest clock move
   * and the longest frame after the first few, and the speed reached.
   */
  function play(speed: number, virtualPerRealMs: number, overheadMs: number, frames = 300) {
    const pace = new WorldPace();
    let clock = { shownMs: 0, worldNowMs: 0 };
    let realMs = 0;
    let lastFrameMs = 16;
    const jumps: number[] = [];
    const waits: number[] = [];
    for (let frame = 0; frame < frames; frame++) {
      const { showMs, runToMs } = nextFrame(clock, lastFrameMs, speed, pace.maxRunMs());
      let runMs = 0;
      if (runToMs !== undefined) {
        const ranMs = (runToMs - clock.worldNowMs) / virtualPerRealMs;
        runMs = overheadMs + ranMs;
        pace.ran(runToMs - clock.worldNowMs, ranMs);
      }
      lastFrameMs = runMs + 16;
      jumps.push(showMs - clock.shownMs);
      waits.push(lastFrameMs);
      realMs += lastFrameMs;
      clock = { shownMs: showMs, worldNowMs: Math.max(clock.worldNowMs, runToMs ?? 0) };
    }
    return { jump: Math.max(...jumps.slice(5)), wait: Math.max(...waits.slice(5)), speed: clock.shownMs / realMs };
  }

  it('leaves frames unbounded until a run has been slow', () => {
    const pace = new WorldPace();
    expect(pace.maxRunMs()).toBe(Infinity);
    pace.ran(200, 2);
    expect(pace.maxRunMs()).toBe(Infinity);
    pace.ran(10_000, 1000);
    expect(pace.maxRunMs()).toBe(10 * RUN_BUDGET_MS);
    // And back to none once runs are quick again.
    for (let i = 0; i < 2000; i++) pace.ran(100, 1);
    expect(pace.maxRunMs()).toBe(Infinity);
  });

  it('asks the world for no more than the limit past where it stands', () => {
    expect(nextFrame({ shownMs: 0, worldNowMs: 0 }, 100, 100, 500)).toEqual({ showMs: 500, runToMs: 500 });
    // Where the world already stands is free to show.
    expect(nextFrame({ shownMs: 0, worldNowMs: 300 }, 100, 100, 500).showMs).toBe(800);
  });

  it('at 100× on a world that runs 10 virtual ms per real ms, moves in steps of about a frame, not 10 s jumps', () => {
    const run = play(100, 10, 2);
    expect(run.jump).toBeLessThanOrEqual(2 * 10 * RUN_BUDGET_MS);
    expect(run.wait).toBeLessThanOrEqual(2 + 2 * RUN_BUDGET_MS + 16);
    // And it still plays about as fast as the world can.
    expect(run.speed).toBeGreaterThan(6);
  });

  it('does not slow down a world that keeps up but whose every run pays a slow round trip', () => {
    // 60 ms a round trip (a loaded machine), and the world itself fast: the speed asked is kept.
    expect(play(0.1, 1000, 60).speed).toBeGreaterThan(0.09);
    expect(play(100, 1000, 60).speed).toBeGreaterThan(90);
    // A world that lags behind a slow round trip still moves in steps.
    const lagging = play(100, 10, 60);
    expect(lagging.jump).toBeLessThanOrEqual(2 * 10 * RUN_BUDGET_MS);
    expect(lagging.speed).toBeGreaterThan(3.5);
  });
});

describe('the speed achieved while playing', () => {
  /** Frames every `frameMs` of real time, each moving virtual time as `nextFrame` does at 10×. */
  function play(frameMs: number, seconds: number): (number | undefined)[] {
    const meter = new SpeedMeter();
    let clock = { shownMs: 0, worldNowMs: 0 };
    const out: (number | undefined)[] = [];
    for (let realMs = 0; realMs <= seconds * 1000; realMs += frameMs) {
      const { showMs } = nextFrame(clock, frameMs, 10);
      clock = { shownMs: showMs, worldNowMs: showMs };
      out.push(meter.frame(realMs, showMs));
    }
    return out;
  }

  it('is the speed asked for when frames come on time, and is known once a window has passed', () => {
    const rates = play(1000 / 60, 5);
    expect(rates[0]).toBeUndefined();
    expect(rates.at(-1)).toBeCloseTo(10, 6);
    expect(laggingSpeed(rates.at(-1), 10)).toBeUndefined();
  });

  it('falls below it when frames take longer than MAX_FRAME_MS, and is then shown', () => {
    // Frames of 350 ms: each moves virtual time by 100 ms × 10, so 1,000 ms per 350 ms ≈ 2.9×.
    const rates = play(350, 10);
    const last = rates.at(-1);
    expect(last).toBeCloseTo((MAX_FRAME_MS * 10) / 350, 6);
    expect(laggingSpeed(last, 10)).toBe(last);
  });

  it('measures over the last window only, so it recovers when the run catches up', () => {
    const meter = new SpeedMeter();
    let shownMs = 0;
    let realMs = 0;
    for (; realMs < 3000; realMs += 350) meter.frame(realMs, (shownMs += 1000));
    let rate: number | undefined;
    for (const end = realMs + ACHIEVED_WINDOW_MS + 500; realMs < end; realMs += 20) rate = meter.frame(realMs, (shownMs += 200));
    expect(rate).toBeCloseTo(10, 0);
  });
});

import { describe, expect, it } from 'vitest';
import { DisplayClock, MAX_LEAD_REAL_MS } from '../../../src/ui/live/display-clock.ts';

describe('the clock the canvases draw at', () => {
  it('stands at the snapshot while paused', () => {
    const clock = new DisplayClock();
    clock.mark(500, 0);
    expect(clock.advance(1000)).toBe(500);
  });

  it('runs on at the playback speed between snapshots, but not far past the last one', () => {
    const clock = new DisplayClock();
    clock.mark(100, 0);
    clock.setRate(0.5, 0);
    expect(clock.advance(16)).toBe(108);
    expect(clock.advance(10_000)).toBe(100 + MAX_LEAD_REAL_MS * 0.5);
  });

  it('never runs backwards while playing when a snapshot is slightly behind what was drawn', () => {
    const clock = new DisplayClock();
    clock.mark(100, 0);
    clock.setRate(1, 0);
    const drawn = clock.advance(30);
    clock.mark(110, 31);
    expect(clock.advance(31)).toBeGreaterThanOrEqual(drawn);
  });

  it('goes back with a seek backwards', () => {
    const clock = new DisplayClock();
    clock.mark(900, 0);
    clock.setRate(1, 0);
    clock.mark(200, 5);
    expect(clock.advance(5)).toBe(200);
  });
});

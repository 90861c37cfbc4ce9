/**
 * The virtual time the canvases draw at (style.md §4, §11): snapshots arrive at most once per
 * animation frame, so between them the clock runs on at the playback speed, a little ahead of the
 * last snapshot at most, never backwards while playing. Views interpolate messages at this time.
 */

/** How far the drawn time may run ahead of the last snapshot, in real ms at the playback speed. */
export const MAX_LEAD_REAL_MS = 120;

export class DisplayClock {
  private baseMs = 0;
  private shownMs = 0;
  private lastRealMs = 0;
  /** Virtual ms per real ms while playing; 0 while paused. */
  private rate = 0;

  /** A snapshot at virtual time `nowMs` arrived; a seek backwards moves the clock back. */
  mark(nowMs: number, realMs: number): void {
    if (nowMs < this.baseMs || this.rate === 0) this.shownMs = nowMs;
    this.baseMs = nowMs;
    this.lastRealMs = Math.max(this.lastRealMs, realMs);
  }

  setRate(rate: number, realMs: number): void {
    this.advance(realMs);
    this.rate = rate;
    if (rate === 0) this.shownMs = this.baseMs;
  }

  /** The time to draw at real time `realMs`. */
  advance(realMs: number): number {
    const dt = Math.max(0, realMs - this.lastRealMs);
    this.lastRealMs = Math.max(this.lastRealMs, realMs);
    if (this.rate === 0) return (this.shownMs = this.baseMs);
    const ahead = this.shownMs + dt * this.rate;
    this.shownMs = Math.min(
      Math.max(ahead, this.baseMs),
      this.baseMs + MAX_LEAD_REAL_MS * this.rate,
    );
    return this.shownMs;
  }
}

/** The one clock of the live run, shared by its views. */
export const displayClock = new DisplayClock();

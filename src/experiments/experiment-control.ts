/**
 * What every experiment shares: the progress and cancel hooks a caller (the CLI, the browser's
 * experiment worker) passes in, and the one error type for bad options, so the CLI can exit 2 with
 * one line and the UI can point at the field (design.md "experiments/": headless studies of §6).
 */

/** How a caller watches and stops a long experiment. Every field is optional. */
export interface ExperimentControl {
  /** Called with the fraction done, 0..1, a few hundred times at most over a run. */
  onProgress?: (fraction: number) => void;
  /** Polled between chunks of work; returning true stops the run with `ExperimentCancelledError`. */
  shouldCancel?: () => boolean;
  /**
   * Awaited between chunks of work. A browser worker passes one that yields to its event loop
   * (e.g. `() => new Promise((r) => setTimeout(r, 0))`) so a cancel message can arrive; results
   * never depend on it.
   */
  pause?: () => Promise<void>;
}

/** A bad experiment option; `parameter` names it as the CLI flag does (without dashes). */
export class ExperimentOptionsError extends Error {
  readonly parameter: string;
  constructor(parameter: string, problem: string) {
    super(`--${parameter}: ${problem}`);
    this.name = 'ExperimentOptionsError';
    this.parameter = parameter;
  }
}

/** The run was stopped by `shouldCancel`. */
export class ExperimentCancelledError extends Error {
  constructor() {
    super('experiment cancelled');
    this.name = 'ExperimentCancelledError';
  }
}

/**
 * Reports progress at most every `1/steps` of the way and checks for cancellation at the same
 * points, so callers can call `tick` as often as they like.
 */
export class ProgressTracker {
  private lastReported = -1;

  constructor(
    private readonly control: ExperimentControl,
    private readonly steps = 200,
  ) {}

  /** Whether `fraction` has moved far enough for a report, a cancel check and a pause. */
  due(fraction: number): boolean {
    return Math.floor(fraction * this.steps) > this.lastReported;
  }

  async tick(fraction: number): Promise<void> {
    if (!this.due(fraction)) return;
    this.lastReported = Math.floor(fraction * this.steps);
    this.control.onProgress?.(Math.min(1, fraction));
    if (this.control.shouldCancel?.()) throw new ExperimentCancelledError();
    if (this.control.pause) await this.control.pause();
  }

  done(): void {
    this.control.onProgress?.(1);
  }
}

// ── Shared option checks ───────────────────────────────────────────────────────────────────────

export function wholeNumber(parameter: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    // Past the largest exact whole number the bound is worth saying too.
    const range = max === Number.MAX_SAFE_INTEGER && Number.isSafeInteger(value) ? `at least ${min}` : `between ${min} and ${max}`;
    throw new ExperimentOptionsError(parameter, `must be a whole number ${range} (got ${value})`);
  }
  return value;
}

export function fraction(parameter: string, value: number, { open = false } = {}): number {
  const ok = open ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!ok) throw new ExperimentOptionsError(parameter, `must be a probability ${open ? 'strictly between 0 and 1' : 'in [0, 1]'} (got ${value})`);
  return value;
}

export function seedOption(value: number): number {
  return wholeNumber('seed', value, 0);
}

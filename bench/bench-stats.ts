/**
 * Shared measuring helpers for the bench (issue 12): medians of repeated runs, ratios against a
 * baseline measured in the same process, progress on stderr. These machines are noisy, so every
 * figure the bench reports is a median of several runs or a ratio of medians, never one timing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The p-quantile (0..1) by nearest rank. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Wall time of `run` in ms. */
export function timeMs(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

export async function timeMsAsync(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * Whether segment `index` (from 1) of `segments` is left out of a figure: the first of several is
 * mostly JIT warm-up and the cluster's start (gossip, first exchanges, each worker compiling).
 */
export function isWarmUp(index: number, segments: number): boolean {
  return index === 1 && segments > 1;
}

/** Rounds to `digits` significant digits, so the JSON and the table stay readable. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * scale) / scale;
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

let collector: (() => void) | undefined;

/** A full garbage collection, for heap measurements; works without starting node with --expose-gc. */
export function collectGarbage(): void {
  if (!collector) {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
  collector();
}

/** How the bench was sized: `quick` is a smoke run for CI and development. */
export interface BenchMode {
  quick: boolean;
}

/**
 * The machine's memory latency: ns per dependent load along a random cycle through 64 MB, far
 * beyond any cache (median of three walks). The engine's figures are ratios against loops that
 * stay in cache, so on a machine whose memory is slow that day (other jobs filling the shared
 * caches) they fall though the code did not change; this number says how slow it was.
 */
export function memoryLatencyNs(): number {
  const slots = 1 << 24;
  const next = new Int32Array(slots);
  // Sattolo's shuffle: one cycle through every slot, so the walk never settles into a short loop.
  for (let i = 0; i < slots; i++) next[i] = i;
  let state = 0x2545f491;
  for (let i = slots - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % i;
    const t = next[i] as number;
    next[i] = next[j] as number;
    next[j] = t;
  }
  const steps = 2_000_000;
  const times: number[] = [];
  let at = 0;
  for (let r = 0; r < 3; r++) {
    times.push(
      timeMs(() => {
        for (let s = 0; s < steps; s++) at = next[at] as number;
      }),
    );
  }
  if (at < 0) throw new Error('unreachable');
  return round((median(times) * 1e6) / steps);
}

/**
 * Exact latency percentiles of a finished run (Dynamo §6.1 states its SLAs at the 99.9th
 * percentile): the samples are kept and sorted once, so small runs are not rounded to buckets.
 */
import { nearestRank } from '../sim/histogram.ts';

export interface LatencyPercentiles {
  p50: number;
  p99: number;
  p999: number;
}

/** Nearest-rank p50/p99/p99.9 in ms, rounded to 1 µs; zeros when there are no samples. */
export function percentilesOf(samplesMs: ArrayLike<number>): LatencyPercentiles {
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (p: number): number => (sorted.length === 0 ? 0 : roundUs(sorted[nearestRank(p, sorted.length) - 1] ?? 0));
  return { p50: at(50), p99: at(99), p999: at(99.9) };
}

export function roundUs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * The latency slider's model (design.md "The world": latency from distributions): a typical
 * one-way latency in ms becomes the spec `exp(rate) + 1` — a 1 ms floor (the LAN's, and the
 * scheduler's batching window) plus an exponential tail with that mean — and back. The expert field
 * takes any spec of the grammar in sim/distribution.ts.
 */
import { DistributionSyntaxError, meanOf, parseDistribution } from '../../sim/distribution.ts';

export const MIN_MEAN_LATENCY_MS = 1.5;
export const MAX_MEAN_LATENCY_MS = 500;
const FLOOR_MS = 1;

/** The spec whose mean is `meanMs` (clamped to the slider's range). */
export function latencySpecFor(meanMs: number): string {
  const mean = Math.min(MAX_MEAN_LATENCY_MS, Math.max(MIN_MEAN_LATENCY_MS, meanMs));
  const rate = 1 / (mean - FLOOR_MS);
  return `exp(${Number(rate.toPrecision(3))}) + ${FLOOR_MS}`;
}

/** The mean of a spec, ms, for placing the slider; undefined when the spec has none (a heavy Pareto tail). */
export function meanLatencyOf(spec: string): number | undefined {
  try {
    return meanOf(parseDistribution(spec));
  } catch {
    return undefined;
  }
}

/** Why a typed spec is not valid, with the column; null when it is. */
export function latencySpecProblem(spec: string): string | null {
  if (spec.trim() === '') return 'Latency needs a distribution, e.g. exp(0.5) + 1 or normal(5, 1)';
  try {
    parseDistribution(spec);
    return null;
  } catch (error) {
    if (error instanceof DistributionSyntaxError) return `Latency ${error.message}`;
    return `Latency: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Slider positions 0…100 map to MIN…MAX mean latency on a log scale. */
export function sliderToMeanMs(position: number): number {
  const f = Math.min(100, Math.max(0, position)) / 100;
  return MIN_MEAN_LATENCY_MS * (MAX_MEAN_LATENCY_MS / MIN_MEAN_LATENCY_MS) ** f;
}

export function meanMsToSlider(meanMs: number): number {
  const clamped = Math.min(MAX_MEAN_LATENCY_MS, Math.max(MIN_MEAN_LATENCY_MS, meanMs));
  return (
    (100 * Math.log(clamped / MIN_MEAN_LATENCY_MS)) /
    Math.log(MAX_MEAN_LATENCY_MS / MIN_MEAN_LATENCY_MS)
  );
}

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

/**
 * What the slider and its label show for an applied spec: the spec's real mean, and the slider at
 * that mean — at its end, with `outside` saying which, when the mean is past the slider's range — so
 * neither says a latency the network does not have. `meanMs` is Infinity for a tail with no mean
 * (a Pareto with α ≤ 1).
 */
export interface LatencyReading {
  meanMs: number;
  position: number;
  outside: 'above' | 'below' | undefined;
}

export function latencyReading(spec: string): LatencyReading {
  const meanMs = meanLatencyOf(spec) ?? Infinity;
  const outside =
    meanMs > MAX_MEAN_LATENCY_MS ? 'above' : meanMs < MIN_MEAN_LATENCY_MS ? 'below' : undefined;
  const position = outside === 'above' ? 100 : outside === 'below' ? 0 : meanMsToSlider(meanMs);
  return { meanMs, position, outside };
}

/** The mean as the label writes it: one decimal, or "unbounded" for a tail with no mean. */
export function formatMeanMs(meanMs: number): string {
  return Number.isFinite(meanMs) ? meanMs.toFixed(1) : 'unbounded';
}

/** Why the slider sits at its end while the label says another mean; undefined inside its range. */
export function outsideNote(outside: LatencyReading['outside']): string | undefined {
  if (outside === 'above') return `past the slider's end (${MAX_MEAN_LATENCY_MS} ms)`;
  if (outside === 'below') return `below the slider's start (${MIN_MEAN_LATENCY_MS} ms)`;
  return undefined;
}

/**
 * The prediction beside the measurement: a Monte Carlo of the WARS model (Bailis et al.,
 * "Probabilistically Bounded Staleness", 2012) — the four latency legs of Dynamo's partial quorums
 * (§4.5) and no protocol at all.
 *
 * For each trial, each of the N replicas i draws W_i (write request), A_i (its ack), R_i (read
 * request) and S_i (read response). The write commits when the W-th fastest W_i + A_i arrives; the
 * read leaves t ms later and returns the R replicas with the smallest R_i + S_i. It is consistent
 * when one of them, j, had the write before the read request reached it: W_j ≤ commit + t + R_j.
 * So each trial has a threshold t* = max(0, min_j (W_j − commit − R_j)) and P(consistent at t) is
 * the fraction of trials with t* ≤ t — exact for every t at once, no grid needed.
 */
import { sampleDistribution } from '../sim/distribution.ts';
import { createPrng } from '../sim/prng.ts';
import { ProgressTracker, type ExperimentControl } from './experiment-control.ts';
import type { LegDistributions } from './latency-legs.ts';

export interface WarsOptions {
  N: number;
  R: number;
  W: number;
  legs: LegDistributions;
  trials: number;
  seed: number;
}

export interface WarsPrediction {
  /** Each trial's t* in ms, ascending: the read is consistent from t = t* on. */
  thresholdsMs: Float64Array;
  /** Commit time of each trial's write (W-th fastest write + ack), ms. */
  writeLatencyMs: Float64Array;
  /** Each trial's read latency (R-th fastest read + response), ms. */
  readLatencyMs: Float64Array;
}

const CHUNK = 5000;

export async function predictWars(options: WarsOptions, control: ExperimentControl = {}): Promise<WarsPrediction> {
  const { N, R, W, legs, trials } = options;
  const prng = createPrng(options.seed, 'wars');
  const progress = new ProgressTracker(control);
  const thresholds = new Float64Array(trials);
  const writes = new Float64Array(trials);
  const reads = new Float64Array(trials);
  const writeArrive = new Float64Array(N);
  const writeAcked = new Float64Array(N);
  const readArrive = new Float64Array(N);
  const readDone = new Float64Array(N);
  const order = Array.from({ length: N }, (_, i) => i);
  for (let trial = 0; trial < trials; trial++) {
    if (trial % CHUNK === 0) await progress.tick(trial / trials);
    for (let i = 0; i < N; i++) {
      writeArrive[i] = sampleDistribution(legs.write, prng);
      writeAcked[i] = (writeArrive[i] ?? 0) + sampleDistribution(legs.ack, prng);
      readArrive[i] = sampleDistribution(legs.read, prng);
      readDone[i] = (readArrive[i] ?? 0) + sampleDistribution(legs.response, prng);
    }
    const commitMs = kthSmallest(writeAcked, W);
    // Ties go to the lower replica index, as the simulator's queue breaks them by send order.
    order.sort((a, b) => (readDone[a] ?? 0) - (readDone[b] ?? 0) || a - b);
    let threshold = Infinity;
    for (let k = 0; k < R; k++) {
      const j = order[k] ?? 0;
      threshold = Math.min(threshold, (writeArrive[j] ?? 0) - commitMs - (readArrive[j] ?? 0));
    }
    thresholds[trial] = Math.max(0, threshold);
    writes[trial] = commitMs;
    reads[trial] = readDone[order[R - 1] ?? 0] ?? 0;
  }
  thresholds.sort();
  progress.done();
  return { thresholdsMs: thresholds, writeLatencyMs: writes, readLatencyMs: reads };
}

/** Fraction of trials whose read at `tMs` after commit is consistent. */
export function predictedConsistency(prediction: WarsPrediction, tMs: number): number {
  const sorted = prediction.thresholdsMs;
  if (sorted.length === 0) return 1;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

/** The smallest t at which the predicted P(consistent) reaches `target`: a quantile of t*. */
export function predictedVisibilityMs(prediction: WarsPrediction, target: number): number {
  const sorted = prediction.thresholdsMs;
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(target * sorted.length - 1e-9)));
  return sorted[rank - 1] ?? 0;
}

function kthSmallest(values: Float64Array, k: number): number {
  return Float64Array.from(values).sort()[k - 1] ?? 0;
}

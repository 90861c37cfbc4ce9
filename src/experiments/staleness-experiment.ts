/**
 * `experiment staleness`: how stale are Dynamo's partial quorums, and how slow (Dynamo §4.5, §6;
 * Bailis et al., "Probabilistically Bounded Staleness"). Each trial writes a fresh key and reads it
 * t ms after the write is acknowledged, on the real protocol (staleness-probe.ts); beside it the
 * WARS Monte Carlo of the same four latency legs with no protocol at all (wars-prediction.ts).
 *
 * JSON schema of the result (`StalenessReport`, printed by `experiment staleness --json`):
 *
 *   {
 *     experiment: 'staleness',
 *     options: StalenessOptions,               // as run, defaults filled in
 *     rows: StalenessRow[],                    // one per (R, W); all of 1..N each with --sweep
 *     ...StalenessRow                          // without --sweep: the one row, also at top level
 *   }
 *   StalenessRow = {
 *     N, R, W: number,
 *     trials: number,                          // writes attempted in the simulation
 *     pConsistent: { tMs: number, p: number }[],   // simulation, on the --t grid
 *     tVisibilityMs: number | null,            // smallest t from which P(consistent) ≥ target; null: not within the grid
 *     tVisibilityResolutionMs: number,         // gap to the grid point before it (0 when found at t = 0)
 *     readLatencyMs:  { p50, p99, p999 },      // simulation, ms
 *     writeLatencyMs: { p50, p99, p999 },
 *     failedWrites: number, failedReads: number,
 *     predicted: {                             // WARS Monte Carlo, same legs, no protocol
 *       trials: number,
 *       pConsistent: { tMs, p }[],             // same grid
 *       tVisibilityMs: number,                 // exact quantile of the per-trial thresholds
 *       readLatencyMs: { p50, p99, p999 }, writeLatencyMs: { p50, p99, p999 }
 *     }
 *   }
 */
import { ExperimentOptionsError, fraction, seedOption, wholeNumber, type ExperimentControl } from './experiment-control.ts';
import { defaultLatencySpec, legSpecs, parseLegs, type LegSpecs } from './latency-legs.ts';
import { percentilesOf, roundUs, type LatencyPercentiles } from './percentiles.ts';
import { probeStaleness } from './staleness-probe.ts';
import type { TrialPool } from './trial-pool.ts';
import { predictedConsistency, predictedVisibilityMs, predictWars } from './wars-prediction.ts';

export interface StalenessOptions {
  N: number;
  R: number;
  W: number;
  /** Distribution spec per WARS leg (distribution grammar of sim/distribution.ts). */
  latency: LegSpecs;
  /** §6.4: the client coordinates (talks to the replicas itself) or a node does. */
  coordination: 'client' | 'server';
  readRepair: boolean;
  antiEntropy: boolean;
  /** Writes in the simulation, each read once per grid point. */
  trials: number;
  /** Trials of the WARS Monte Carlo (cheap: about a microsecond each). */
  predictionTrials: number;
  /** Read offsets after the write's acknowledgement, ms. */
  tMs: readonly number[];
  /** P(consistent) that defines t-visibility, in (0, 1). */
  target: number;
  seed: number;
  /** Every (R, W) in 1..N instead of the one given. */
  sweep: boolean;
}

export interface TimedProbability {
  tMs: number;
  p: number;
}

export interface StalenessRow {
  N: number;
  R: number;
  W: number;
  trials: number;
  pConsistent: TimedProbability[];
  tVisibilityMs: number | null;
  tVisibilityResolutionMs: number;
  readLatencyMs: LatencyPercentiles;
  writeLatencyMs: LatencyPercentiles;
  failedWrites: number;
  failedReads: number;
  predicted: {
    trials: number;
    pConsistent: TimedProbability[];
    tVisibilityMs: number;
    readLatencyMs: LatencyPercentiles;
    writeLatencyMs: LatencyPercentiles;
  };
}

export interface StalenessReport extends Partial<StalenessRow> {
  experiment: 'staleness';
  options: StalenessOptions;
  rows: StalenessRow[];
}

export const defaultStalenessOptions: StalenessOptions = {
  N: 3,
  R: 1,
  W: 1,
  latency: legSpecs(defaultLatencySpec),
  coordination: 'client',
  readRepair: false,
  antiEntropy: false,
  trials: 2000,
  predictionTrials: 100_000,
  tMs: [0, 1, 2, 3, 5, 10, 20],
  target: 0.999,
  seed: 1,
  sweep: false,
};

/** Fills defaults and checks every option; throws `ExperimentOptionsError` naming the first bad one. */
export function validateStalenessOptions(input: Partial<StalenessOptions>): StalenessOptions {
  const o: StalenessOptions = { ...defaultStalenessOptions, ...input };
  wholeNumber('N', o.N, 1, 16);
  if (!o.sweep) {
    wholeNumber('R', o.R, 1, o.N);
    wholeNumber('W', o.W, 1, o.N);
  }
  parseLegs(o.latency);
  if (o.coordination !== 'client' && o.coordination !== 'server') {
    throw new ExperimentOptionsError('coordination', `must be client or server (got ${String(o.coordination)})`);
  }
  wholeNumber('trials', o.trials, 1, 10_000_000);
  wholeNumber('prediction-trials', o.predictionTrials, 1, 100_000_000);
  if (o.tMs.length === 0) throw new ExperimentOptionsError('t', 'needs at least one read offset');
  for (const t of o.tMs) {
    if (!Number.isFinite(t) || t < 0 || t > 3_600_000) throw new ExperimentOptionsError('t', `offsets must be ms in [0, 3600000] (got ${t})`);
  }
  fraction('target', o.target, { open: true });
  seedOption(o.seed);
  return { ...o, tMs: [...new Set(o.tMs)].sort((a, b) => a - b) };
}

/**
 * Runs the experiment: one row, or every (R, W) with `sweep`. Deterministic for `options.seed`;
 * `pool` spreads the simulated trials over threads without changing the report.
 */
export async function runStaleness(input: Partial<StalenessOptions>, control: ExperimentControl = {}, pool?: TrialPool): Promise<StalenessReport> {
  const options = validateStalenessOptions(input);
  const quorums: { R: number; W: number }[] = [];
  if (options.sweep) {
    for (let R = 1; R <= options.N; R++) for (let W = 1; W <= options.N; W++) quorums.push({ R, W });
  } else {
    quorums.push({ R: options.R, W: options.W });
  }
  const rows: StalenessRow[] = [];
  for (const [i, q] of quorums.entries()) {
    const part = (f: number): void => control.onProgress?.((i + f) / quorums.length);
    rows.push(await stalenessRow({ ...options, ...q }, { ...control, onProgress: part }, pool));
  }
  control.onProgress?.(1);
  return { experiment: 'staleness', options, rows, ...(options.sweep ? {} : rows[0]) };
}

async function stalenessRow(options: StalenessOptions, control: ExperimentControl, pool: TrialPool | undefined): Promise<StalenessRow> {
  const { N, R, W, tMs, target } = options;
  const legs = parseLegs(options.latency);
  const prediction = await predictWars(
    { N, R, W, legs, trials: options.predictionTrials, seed: options.seed },
    { ...control, onProgress: (f) => control.onProgress?.(0.05 * f) },
  );
  const predictedVisibility = predictedVisibilityMs(prediction, target);
  // The simulation reads on the grid and on a finer one where the model says P crosses the target.
  const probeGrid = [...new Set([...tMs, ...fineGrid(tMs, predictedVisibility)])].sort((a, b) => a - b);
  const probe = await probeStaleness(
    { N, R, W, legs: options.latency, coordination: options.coordination, readRepair: options.readRepair, antiEntropy: options.antiEntropy, trials: options.trials, tMs: probeGrid, seed: options.seed },
    { ...control, onProgress: (f) => control.onProgress?.(0.05 + 0.95 * f) },
    pool,
  );
  const measured = probeGrid.map((t, i) => ({ tMs: t, p: (probe.consistent[i] ?? 0) / Math.max(1, probe.answered[i] ?? 0) }));
  const visibility = visibilityOnGrid(measured, target);
  return {
    N,
    R,
    W,
    trials: options.trials,
    pConsistent: measured.filter((m) => tMs.includes(m.tMs)),
    tVisibilityMs: visibility?.tMs ?? null,
    tVisibilityResolutionMs: visibility?.resolutionMs ?? 0,
    readLatencyMs: percentilesOf(probe.readLatencyMs),
    writeLatencyMs: percentilesOf(probe.writeLatencyMs),
    failedWrites: probe.failedWrites,
    failedReads: probe.failedReads,
    predicted: {
      trials: options.predictionTrials,
      pConsistent: tMs.map((t) => ({ tMs: t, p: predictedConsistency(prediction, t) })),
      tVisibilityMs: roundUs(predictedVisibility),
      readLatencyMs: percentilesOf(prediction.readLatencyMs),
      writeLatencyMs: percentilesOf(prediction.writeLatencyMs),
    },
  };
}

const FINE_POINTS = 7;

/** Points strictly inside the grid interval that holds `aroundMs` (beyond the grid: up to 1.5×). */
export function fineGrid(tMs: readonly number[], aroundMs: number): number[] {
  if (aroundMs <= 0) return [];
  const hiIndex = tMs.findIndex((t) => t >= aroundMs);
  const hi = hiIndex < 0 ? aroundMs * 1.5 : (tMs[hiIndex] ?? aroundMs);
  const lo = hiIndex < 0 ? (tMs[tMs.length - 1] ?? 0) : hiIndex === 0 ? 0 : (tMs[hiIndex - 1] ?? 0);
  if (hi <= lo) return [];
  return Array.from({ length: FINE_POINTS }, (_, k) => roundUs(lo + ((hi - lo) * (k + 1)) / (FINE_POINTS + 1)));
}

/** The smallest grid t from which P stays at or above `target`, and the gap to the point before it. */
export function visibilityOnGrid(points: readonly TimedProbability[], target: number): { tMs: number; resolutionMs: number } | undefined {
  let found: number | undefined;
  for (let i = points.length - 1; i >= 0; i--) {
    if ((points[i]?.p ?? 0) < target) break;
    found = i;
  }
  if (found === undefined) return undefined;
  const t = points[found]?.tMs ?? 0;
  return { tMs: t, resolutionMs: found === 0 ? t : roundUs(t - (points[found - 1]?.tMs ?? 0)) };
}

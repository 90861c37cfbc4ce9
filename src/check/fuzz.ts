/**
 * The seeded fault fuzzer (TigerBeetle VOPR habits over Dynamo §4–§6): runs a range of seeds,
 * runs a share of them twice to prove the trace hash is reproducible, and sums what it found —
 * violations with their seed and checker, Dynamo's intended anomalies by cause, and a replay line
 * and playground URL for every failing seed.
 */
import { addAnomalies, emptyAnomalies, type AnomalyCounts, type Violation } from './check-types.ts';
import { playgroundUrl, replayCommand, runSeed, type SeedOutcome } from './fuzz-run.ts';
import { fuzzMixes, isFuzzMix, type FuzzMix } from './fuzz-scenario.ts';

export interface FuzzOptions {
  /** How many seeds, from `fromSeed` on. */
  seeds: number;
  fromSeed: number;
  /** How big a world each seed draws (fuzz-scenario.ts). */
  mix: FuzzMix;
  /** Every seed whose number is a multiple of this runs twice (0: none). */
  determinismEvery: number;
  /** Called after each seed, e.g. for progress on stderr. */
  onSeed?: (outcome: SeedOutcome, failing: FailingSeed | undefined) => void;
}

export interface FailingSeed {
  seed: number;
  summary: string;
  checkers: string[];
  violations: Violation[];
  replay: string;
  url: string;
}

export interface FuzzReport {
  seeds: { from: number; count: number };
  mix: FuzzMix;
  passed: number;
  failing: FailingSeed[];
  /** Every violation, each with its seed. */
  violations: (Violation & { seed: number })[];
  /** Seeds whose second run gave another trace hash. */
  nondeterministic: number[];
  determinismChecked: number;
  anomalies: AnomalyCounts;
  events: number;
}

export const defaultFuzzOptions: FuzzOptions = {
  seeds: 100,
  fromSeed: 1,
  mix: 'standard',
  determinismEvery: 8,
};

export function failingSeed(outcome: SeedOutcome): FailingSeed | undefined {
  if (outcome.violations.length === 0) return undefined;
  return {
    seed: outcome.seed,
    summary: outcome.summary,
    checkers: [...new Set(outcome.violations.map((v) => v.checker))].sort(),
    violations: outcome.violations,
    replay: replayCommand(outcome.seed, outcome.mix),
    url: playgroundUrl(outcome.seed, outcome.failAtMs ?? 0, outcome.mix),
  };
}

export function fuzz(options: Partial<FuzzOptions> = {}): FuzzReport {
  const o = { ...defaultFuzzOptions, ...options };
  if (!Number.isSafeInteger(o.seeds) || o.seeds < 0)
    throw new RangeError(`seeds must be a whole number ≥ 0 (got ${o.seeds})`);
  if (!Number.isSafeInteger(o.fromSeed) || o.fromSeed < 0)
    throw new RangeError(`fromSeed must be a whole number ≥ 0 (got ${o.fromSeed})`);
  if (!isFuzzMix(o.mix))
    throw new RangeError(`mix must be one of ${fuzzMixes.join(', ')} (got ${String(o.mix)})`);
  const report: FuzzReport = {
    seeds: { from: o.fromSeed, count: o.seeds },
    mix: o.mix,
    passed: 0,
    failing: [],
    violations: [],
    nondeterministic: [],
    determinismChecked: 0,
    anomalies: emptyAnomalies(),
    events: 0,
  };
  for (let seed = o.fromSeed; seed < o.fromSeed + o.seeds; seed++) {
    const outcome = runSeed(seed, o.mix);
    if (o.determinismEvery > 0 && seed % o.determinismEvery === 0) {
      report.determinismChecked++;
      const again = runSeed(seed, o.mix);
      if (again.traceHash !== outcome.traceHash) {
        report.nondeterministic.push(seed);
        outcome.violations.push({
          checker: 'determinism',
          message: `seed ${seed} gave trace hash ${outcome.traceHash}, then ${again.traceHash}`,
        });
      }
    }
    report.events += outcome.events;
    report.anomalies = addAnomalies(report.anomalies, outcome.anomalies);
    const failing = failingSeed(outcome);
    if (failing) {
      report.failing.push(failing);
      report.violations.push(...outcome.violations.map((v) => ({ ...v, seed })));
    } else {
      report.passed++;
    }
    o.onSeed?.(outcome, failing);
  }
  return report;
}

/**
 * Figure 4 of the bench (Dynamo §4.5, PBS): the staleness experiment's trials on the full protocol
 * (N=3, R=W=1, staleness-probe.ts) against the WARS Monte Carlo of the same latency legs with no
 * protocol (wars-prediction.ts), as the time per trial of each, both on one core. The protocol side
 * runs fewer trials than the Monte Carlo when the bench is short of time; per-trial cost is flat in
 * the trial count, and the report says how many trials each side ran.
 */
import { defaultLatencySpec, legSpecs, parseLegs } from '../src/experiments/latency-legs.ts';
import { probeStaleness } from '../src/experiments/staleness-probe.ts';
import { predictWars } from '../src/experiments/wars-prediction.ts';
import { median, progress, round, timeMsAsync } from './bench-stats.ts';

export interface StalenessFigures {
  protocolTrials: number;
  monteCarloTrials: number;
  protocolUsPerTrial: number;
  monteCarloUsPerTrial: number;
  slowdown: number;
  /** Cores the protocol side used (the experiment does not spread trials over threads yet). */
  protocolCores: number;
}

const tMs = [0, 1, 2, 3, 5, 10, 20];

export async function measureStaleness(
  protocolTrials: number,
  monteCarloTrials: number,
  repetitions: number,
): Promise<StalenessFigures> {
  const legs = legSpecs(defaultLatencySpec);
  const monteCarlo = async (): Promise<void> => {
    await predictWars({
      N: 3,
      R: 1,
      W: 1,
      legs: parseLegs(legs),
      trials: monteCarloTrials,
      seed: 1,
    });
  };
  const protocol = async (): Promise<void> => {
    await probeStaleness({
      N: 3,
      R: 1,
      W: 1,
      legs,
      coordination: 'client',
      readRepair: false,
      antiEntropy: false,
      trials: protocolTrials,
      tMs,
      seed: 1,
    });
  };
  await monteCarlo();
  const ratios: number[] = [];
  const protocolUs: number[] = [];
  const monteCarloUs: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const mc = ((await timeMsAsync(monteCarlo)) * 1000) / monteCarloTrials;
    const pr = ((await timeMsAsync(protocol)) * 1000) / protocolTrials;
    progress(
      `staleness: protocol ${round(pr)} µs/trial (${protocolTrials} trials), Monte Carlo ${round(mc)} µs/trial (${monteCarloTrials})`,
    );
    protocolUs.push(pr);
    monteCarloUs.push(mc);
    ratios.push(pr / mc);
  }
  return {
    protocolTrials,
    monteCarloTrials,
    protocolUsPerTrial: round(median(protocolUs)),
    monteCarloUsPerTrial: round(median(monteCarloUs)),
    slowdown: round(median(ratios)),
    protocolCores: 1,
  };
}

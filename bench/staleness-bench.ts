/**
 * Figure 4 of the bench (Dynamo §4.5, PBS): the staleness experiment's trials on the full protocol
 * (N=3, R=W=1, staleness-probe.ts) against the WARS Monte Carlo of the same latency legs with no
 * protocol (wars-prediction.ts), as the wall time per trial of each: the protocol spread over a
 * pool of worker threads, one per core (as `experiment staleness` runs it), the Monte Carlo on one
 * core. A protocol trial is a write and a read at each of the 7 grid offsets; the Monte Carlo
 * judges every offset from one draw. Chunks of trials are independent worlds, so the cost per trial
 * is flat in the trial count: the full bench runs the 100k trials on each side, `--quick`
 * fewer; the report says how many each side ran.
 */
import { availableParallelism } from 'node:os';
import { defaultLatencySpec, legSpecs, parseLegs } from '../src/experiments/latency-legs.ts';
import { probeStaleness } from '../src/experiments/staleness-probe.ts';
import { predictWars } from '../src/experiments/wars-prediction.ts';
import { createTrialThreadPool } from '../src/runtime/node/trial-thread-pool.ts';
import { median, progress, round, timeMsAsync } from './bench-stats.ts';

export interface StalenessFigures {
  protocolTrials: number;
  monteCarloTrials: number;
  /** Wall time per protocol trial, all `protocolCores` threads at work. */
  protocolUsPerTrial: number;
  /** CPU time per protocol trial, every thread of the process summed. */
  protocolCpuUsPerTrial: number;
  /** Wall time per Monte Carlo trial, on one core. */
  monteCarloUsPerTrial: number;
  /** protocolUsPerTrial / monteCarloUsPerTrial (medians of alternated runs). */
  slowdown: number;
  /** Worker threads the protocol side ran on (one per core of the machine). */
  protocolCores: number;
  /** Starting the threads (loading the engine in each), before any timing. */
  protocolStartupMs: number;
}

const tMs = [0, 1, 2, 3, 5, 10, 20];

export async function measureStaleness(
  protocolTrials: number,
  monteCarloTrials: number,
  repetitions: number,
): Promise<StalenessFigures> {
  const legs = legSpecs(defaultLatencySpec);
  const monteCarlo = async (): Promise<void> => {
    await predictWars({ N: 3, R: 1, W: 1, legs: parseLegs(legs), trials: monteCarloTrials, seed: 1 });
  };
  const cores = availableParallelism();
  const startedMs = performance.now();
  const pool = cores > 1 ? await createTrialThreadPool(cores) : undefined;
  const protocolStartupMs = performance.now() - startedMs;
  const options = { N: 3, R: 1, W: 1, legs, coordination: 'client', readRepair: false, antiEntropy: false, tMs, seed: 1 } as const;
  let cpuUs = 0;
  const protocol = async (trials: number): Promise<void> => {
    const before = process.cpuUsage();
    await probeStaleness({ ...options, trials }, {}, pool);
    const used = process.cpuUsage(before);
    cpuUs = used.user + used.system;
  };
  try {
    // Warm-up: the JIT of this thread and of every pool thread. A thread's CPU per trial settles
    // after some 2,000 trials (its first thousand cost several times the steady state).
    await monteCarlo();
    await protocol(Math.min(protocolTrials, 2000 * cores));
    const ratios: number[] = [];
    const protocolUs: number[] = [];
    const protocolCpuUs: number[] = [];
    const monteCarloUs: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      const mc = ((await timeMsAsync(monteCarlo)) * 1000) / monteCarloTrials;
      const pr = ((await timeMsAsync(() => protocol(protocolTrials))) * 1000) / protocolTrials;
      progress(
        `staleness: protocol ${round(pr)} µs/trial on ${cores} cores (${round(cpuUs / protocolTrials)} µs CPU; ${protocolTrials} trials), Monte Carlo ${round(mc)} µs/trial (${monteCarloTrials})`,
      );
      protocolUs.push(pr);
      protocolCpuUs.push(cpuUs / protocolTrials);
      monteCarloUs.push(mc);
      ratios.push(pr / mc);
    }
    return {
      protocolTrials,
      monteCarloTrials,
      protocolUsPerTrial: round(median(protocolUs)),
      protocolCpuUsPerTrial: round(median(protocolCpuUs)),
      monteCarloUsPerTrial: round(median(monteCarloUs)),
      slowdown: round(median(ratios)),
      protocolCores: pool?.threads ?? 1,
      protocolStartupMs: Math.round(protocolStartupMs),
    };
  } finally {
    await pool?.close();
  }
}

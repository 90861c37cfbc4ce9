/**
 * Runs one fuzz seed end to end and judges it (Dynamo §4–§6 through the notes' properties list):
 * the fault phase, the healing phase up to the convergence bound, every checker on the final
 * state and on the evidence gathered on the way, then a quiet window in which anti-entropy must
 * move nothing. The outcome says how to replay the seed in the CLI and where to open it in the
 * playground.
 */
import { InProcessHost } from '../runtime/in-process-host.ts';
import type { OpResult } from '../sim/clients.ts';
import { World } from '../sim/world.ts';
import type { WorldSetup } from '../sim/world-config.ts';
import { checkAckHonesty } from './ack-honesty-checker.ts';
import { countAnomalies } from './anomaly-counter.ts';
import type { AnomalyCounts, Violation } from './check-types.ts';
import { captureState } from './cluster-state.ts';
import { checkConvergence, checkQuiet } from './convergence-checker.ts';
import { fuzzCase, type FuzzCase, type FuzzMix } from './fuzz-scenario.ts';
import { checkGossipAgreement } from './gossip-agreement-checker.ts';
import { checkHintsDrained } from './hint-drain-checker.ts';
import { checkLostWrites } from './lost-write-checker.ts';
import { checkPlacement, checkPreferenceLists } from './placement-checker.ts';
import { RunEvidence } from './run-evidence.ts';

export interface SeedOutcome {
  seed: number;
  mix: FuzzMix;
  summary: string;
  violations: Violation[];
  anomalies: AnomalyCounts;
  traceHash: string;
  events: number;
  /** Where the playground should open: the earliest evidence of the first failure, ms. */
  failAtMs?: number;
}

export function replayCommand(seed: number, mix: FuzzMix = 'standard'): string {
  const mixFlag = mix === 'standard' ? '' : ` --mix ${mix}`;
  return `npm run cli -- fuzz --seeds 1 --from ${seed}${mixFlag} --json`;
}

/** The playground URL form for a fuzz seed, opened at a moment of the run. */
export function playgroundUrl(seed: number, atMs: number, mix: FuzzMix = 'standard'): string {
  const mixParam = mix === 'standard' ? '' : `&mix=${mix}`;
  return `/?fuzz=${seed}${mixParam}&t=${Math.round(atMs)}`;
}

/** A started world on the in-process host, with evidence recorded and every operation's result kept. */
export function recordedWorld(setup: WorldSetup): {
  world: World;
  evidence: RunEvidence;
  results: OpResult[];
} {
  const evidence = new RunEvidence(new InProcessHost());
  const world = new World(setup, evidence);
  evidence.useClock(() => world.nowMs());
  const results: OpResult[] = [];
  world.clients.onResult((r) => results.push(r));
  if (world.init() instanceof Promise) throw new Error('the in-process host starts synchronously');
  return { world, evidence, results };
}

/** Runs a seed on the in-process host; the world and evidence are returned for tests that want to look closer. */
export function runCase(c: FuzzCase): {
  outcome: SeedOutcome;
  world: World;
  evidence: RunEvidence;
} {
  const { world, evidence, results } = recordedWorld(c.setup);
  const violations: Violation[] = [];
  const config = c.setup.cluster.node;
  const keys = Array.from(
    { length: c.setup.workloads[0]?.keyCount ?? 0 },
    (_, i) => `${c.setup.workloads[0]?.keyPrefix ?? 'k'}${i}`,
  );
  let anomalies: AnomalyCounts | undefined;
  try {
    violations.push(...checkPreferenceLists(world.ring(), config.N, keys, 0));
    world.runUntil(c.healEndMs);
    const state = captureState(world);
    const lost = checkLostWrites(state, world.truth, evidence);
    const counted = countAnomalies(results, config, c.setup.schedule);
    anomalies = counted.anomalies;
    for (const loss of lost.losses) anomalies.lostWrites[loss.cause]++;
    violations.push(
      ...lost.violations,
      ...checkAckHonesty(evidence, config),
      ...checkPreferenceLists(state.ring, config.N, keys, state.atMs),
      ...checkPlacement(state),
      ...checkConvergence(state),
      ...checkHintsDrained(state),
      ...checkGossipAgreement(state),
      ...counted.violations,
    );
    // A message sent under a heavy-tailed latency (a pareto draw of a minute) may still be on the
    // wire: the quiet window starts once it has landed and what it set off (a put that reached its
    // coordinator at last) has had the healing phase's time to settle.
    const landing = Math.max(0, ...world.inFlightAt(world.nowMs()).map((f) => f.deliverAtMs));
    if (landing > world.nowMs()) world.runUntil(landing + (c.healEndMs - c.faultEndMs));
    evidence.markWindow();
    world.runUntil(world.nowMs() + (c.quietEndMs - c.healEndMs));
    violations.push(...checkQuiet({ ...evidence.window, untilMs: world.nowMs() }));
  } catch (error) {
    const message =
      error instanceof Error
        ? (error.stack ?? error.message).split('\n').slice(0, 3).join(' | ')
        : String(error);
    violations.push({
      checker: 'crash',
      atMs: world.nowMs(),
      message: `the run threw: ${message}`,
    });
  }
  const times = violations.map((v) => v.atMs).filter((t): t is number => t !== undefined);
  const outcome: SeedOutcome = {
    seed: c.seed,
    mix: c.mix,
    summary: c.summary,
    violations,
    anomalies: anomalies ?? countAnomalies(results, config, c.setup.schedule).anomalies,
    traceHash: world.trace.hash(),
    events: world.events(),
    ...(times.length > 0 ? { failAtMs: Math.min(...times) } : {}),
  };
  return { outcome, world, evidence };
}

export function runSeed(seed: number, mix: FuzzMix = 'standard'): SeedOutcome {
  return runCase(fuzzCase(seed, mix)).outcome;
}

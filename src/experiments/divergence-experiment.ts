/**
 * `experiment divergence`: how many versions a read returns (Dynamo §6.3: "1 version: 99.94 %"),
 * as concurrent writers and failures grow, and how many siblings remain once a client has merged
 * what it read (§4.4: the client reconciles and writes back with the merged context).
 *
 * Writers run closed-loop sessions over a few hot keys: gets, and puts carrying the context of what
 * they last read of the key, so two writers working from the same context make siblings (§4.4,
 * Figure 3). With `readModifyWrite` every put is preceded by its own read of the key, as a cart's
 * update is: siblings then come only from writers that overlap.
 * After the run every fault is healed, the cluster settles, and a merging client reads each key,
 * writes back the union of its siblings, and reads it again.
 *
 * JSON schema of the result (`DivergenceReport`):
 *   {
 *     experiment: 'divergence', options: DivergenceOptions,
 *     gets: { attempted, succeeded }, puts: { attempted, succeeded },
 *     versionsPerRead: { versions: number, reads: number, fraction: number }[],   // successful gets
 *     meanVersions: number, maxVersions: number,
 *     oneVersionOfFound: number,   // of the gets that found the key, the share with exactly one version (§6.3)
 *     afterMerge: { keys: number, keysWithSiblings: number, versionsPerKey: { versions, keys }[] }
 *   }
 */
import type { Key } from '../core/types.ts';
import type { OpResult } from '../sim/clients.ts';
import { createPrng } from '../sim/prng.ts';
import { makeSetup, nodeIds } from '../sim/setup.ts';
import { defaultWorkload } from '../sim/world-config.ts';
import type { World } from '../sim/world.ts';
import { runWorld, startWorld } from './cluster-run.ts';
import { ExperimentOptionsError, fraction, seedOption, wholeNumber, type ExperimentControl } from './experiment-control.ts';
import { failureSchedule, validateFailureRates, type FailureRates } from './failure-schedule.ts';

export interface DivergenceOptions extends FailureRates {
  nodes: number;
  N: number;
  R: number;
  W: number;
  /** Concurrent writer sessions. */
  writers: number;
  /** Hot keys the writers share. */
  keyCount: number;
  /** Pause between a writer's operations, ms. */
  thinkMs: number;
  /** Fraction of operations that are gets. */
  readFraction: number;
  /**
   * A writer reads a key just before it writes it and writes with the context that read returned
   * (the shopping cart's read-modify-write, §4.4, §6.3); otherwise its put carries the context of
   * its last read of the key, however old, or none (a blind write).
   */
  readModifyWrite: boolean;
  /** Virtual time the writers run, ms. */
  durationMs: number;
  seed: number;
}

export interface VersionCount {
  versions: number;
  reads: number;
  fraction: number;
}

export interface DivergenceReport {
  experiment: 'divergence';
  options: DivergenceOptions;
  gets: { attempted: number; succeeded: number };
  puts: { attempted: number; succeeded: number };
  versionsPerRead: VersionCount[];
  meanVersions: number;
  maxVersions: number;
  /** Of the successful gets that found the key, the share that saw exactly one version: §6.3's 99.94 %. */
  oneVersionOfFound: number;
  afterMerge: { keys: number; keysWithSiblings: number; versionsPerKey: { versions: number; keys: number }[] };
}

export const defaultDivergenceOptions: DivergenceOptions = {
  nodes: 5,
  N: 3,
  R: 2,
  W: 2,
  writers: 4,
  keyCount: 100,
  thinkMs: 20,
  readFraction: 0.5,
  readModifyWrite: false,
  durationMs: 30_000,
  crashesPerMinute: 0,
  downtimeMs: 5000,
  partitionsPerMinute: 0,
  partitionMs: 5000,
  seed: 1,
};

/** Time for hinted handoff and anti-entropy to converge after the last fault, ms. */
const SETTLE_MS = 15_000;
const WORKLOAD = 'writers';

export function validateDivergenceOptions(input: Partial<DivergenceOptions>): DivergenceOptions {
  const o = { ...defaultDivergenceOptions, ...input };
  wholeNumber('nodes', o.nodes, 1, 64);
  wholeNumber('N', o.N, 1, o.nodes);
  wholeNumber('R', o.R, 1, o.N);
  wholeNumber('W', o.W, 1, o.N);
  wholeNumber('writers', o.writers, 1, 1000);
  wholeNumber('key-count', o.keyCount, 1, 1_000_000);
  wholeNumber('think-ms', o.thinkMs, 0, 3_600_000);
  fraction('read-fraction', o.readFraction);
  if (typeof o.readModifyWrite !== 'boolean')
    throw new ExperimentOptionsError('read-modify-write', `must be true or false (got ${String(o.readModifyWrite)})`);
  wholeNumber('duration-ms', o.durationMs, 1, 24 * 3_600_000);
  validateFailureRates(o);
  seedOption(o.seed);
  return o;
}

export async function runDivergence(input: Partial<DivergenceOptions>, control: ExperimentControl = {}): Promise<DivergenceReport> {
  const o = validateDivergenceOptions(input);
  const ids = nodeIds(o.nodes);
  const world = startWorld(
    makeSetup({
      seed: o.seed,
      nodes: ids,
      node: { N: o.N, R: o.R, W: o.W, resolution: 'siblings' },
      workloads: [
        { ...defaultWorkload, id: WORKLOAD, clients: o.writers, loop: 'closed', thinkMs: o.thinkMs, readFraction: o.readFraction, readModifyWrite: o.readModifyWrite, keyCount: o.keyCount, popularity: { kind: 'uniform' }, stopMs: o.durationMs },
      ],
      schedule: failureSchedule(ids, o.durationMs, o, createPrng(o.seed, 'failures')),
      traceWindow: 0,
    }),
  );
  const counts = new Map<number, number>();
  const gets = { attempted: 0, succeeded: 0 };
  const puts = { attempted: 0, succeeded: 0 };
  await runWorld(
    world,
    o.durationMs + world.setup.clientTimeoutMs,
    (r) => {
      if (r.workload !== WORKLOAD) return;
      const tally = r.kind === 'get' ? gets : puts;
      tally.attempted++;
      if (!r.ok) return;
      tally.succeeded++;
      if (r.kind === 'get') counts.set(r.versions?.length ?? 0, (counts.get(r.versions?.length ?? 0) ?? 0) + 1);
    },
    control,
    [0, 0.8],
  );
  const afterMerge = await mergeEveryKey(world, o, control);
  const reads = [...counts.values()].reduce((a, b) => a + b, 0);
  const versionsPerRead = [...counts.entries()].sort(([a], [b]) => a - b).map(([versions, n]) => ({ versions, reads: n, fraction: n / Math.max(1, reads) }));
  control.onProgress?.(1);
  return {
    experiment: 'divergence',
    options: o,
    gets,
    puts,
    versionsPerRead,
    meanVersions: versionsPerRead.reduce((sum, v) => sum + v.versions * v.reads, 0) / Math.max(1, reads),
    maxVersions: Math.max(0, ...counts.keys()),
    oneVersionOfFound: (counts.get(1) ?? 0) / Math.max(1, reads - (counts.get(0) ?? 0)),
    afterMerge,
  };
}

/** Heals everything, lets replicas converge, then reads, merges and rereads every key. */
async function mergeEveryKey(world: World, o: DivergenceOptions, control: ExperimentControl): Promise<DivergenceReport['afterMerge']> {
  world.inject({ kind: 'heal' });
  for (const node of world.nodes()) world.inject({ kind: 'recover', node });
  const keys: Key[] = Array.from({ length: o.keyCount }, (_, i) => `${defaultWorkload.keyPrefix}${i}`);
  const phase = async (ms: number, span: [number, number], act?: () => void): Promise<OpResult[]> => {
    const results: OpResult[] = [];
    act?.();
    await runWorld(world, world.nowMs() + ms, (r) => r.client === 'merger' && results.push(r), control, span);
    return results;
  };
  await phase(SETTLE_MS, [0.8, 0.9]);
  const read = (): void => keys.forEach((key) => world.clients.get('merger', key, world.nowMs(), { keep: false }));
  const firstReads = await phase(world.setup.clientTimeoutMs, [0.9, 0.93], read);
  // The union of the siblings' values, written with the merged context: it supersedes them all.
  await phase(world.setup.clientTimeoutMs, [0.93, 0.96], () => {
    for (const r of firstReads) {
      if (!r.ok || (r.versions?.length ?? 0) === 0) continue;
      const union = [...new Set((r.versions ?? []).flatMap((v): string[] => (v.value === null ? [] : typeof v.value === 'string' ? [v.value] : [...v.value])))].sort();
      world.clients.put('merger', r.key, union, world.nowMs(), { keep: false });
    }
  });
  const finalReads = (await phase(world.setup.clientTimeoutMs, [0.96, 1], read)).filter((r) => r.kind === 'get' && r.ok);
  const perKey = new Map<number, number>();
  for (const r of finalReads) perKey.set(r.versions?.length ?? 0, (perKey.get(r.versions?.length ?? 0) ?? 0) + 1);
  return {
    keys: finalReads.length,
    keysWithSiblings: finalReads.filter((r) => (r.versions?.length ?? 0) > 1).length,
    versionsPerKey: [...perKey.entries()].sort(([a], [b]) => a - b).map(([versions, n]) => ({ versions, keys: n })),
  };
}

/**
 * `experiment partitioning`: the paper's three partitioning strategies under a request load
 * (Dynamo §4.2, §6.2, Figures 6–8). No protocol is needed: a request for a key is counted at each
 * of the key's N home replicas, straight from the ring (partitioning.ts, preference-list.ts).
 *
 * Keys are `key0 … key(K−1)` hashed with MD5 like every other key; requests pick them uniformly or
 * by Zipf popularity. The same keys and request counts serve every ring of a sweep, so the rings
 * are compared on identical load.
 *
 * JSON schema of the result (`PartitioningReport`, printed by `experiment partitioning --json`):
 *
 *   {
 *     experiment: 'partitioning',
 *     options: PartitioningOptions,
 *     // without --sweep, the ring asked for:
 *     strategy: 1 | 2 | 3, T?: number, Q?: number,
 *     efficiency: number,                 // mean requests per node / requests at the busiest node (§6.2)
 *     hashSpaceEfficiency: number,        // the same for infinitely many uniform keys: from each node's share of the hash space
 *     outOfBalanceFraction: number,       // nodes more than 15 % from the mean load (§6.2, Figure 6)
 *     metadataBytesPerNode: number,       // membership information each node keeps (ring-metrics.ts)
 *     keysMovedOnJoinFraction: number | null, // fraction of the hash space whose replica set changes when a node joins (null: Q = S, no room)
 *     keysMovedOnLeaveFraction: number,   // … when a node leaves
 *     loadPerNode: Record<NodeId, number>,// requests counted at each node
 *     // with --sweep, Figure 8: efficiency against metadata for all three strategies
 *     points?: { strategy, T?: number, Q?: number, metadataBytesPerNode, efficiency, outOfBalanceFraction, hashSpaceEfficiency }[]
 *     // (each sweep point averages 4 rings built from independent random streams)
 *   }
 */
import { createRing, joinNode, leaveNode, partitions, type RingParams, type RingState } from '../core/partitioning.ts';
import { ringPosition } from '../core/hash.ts';
import { homeReplicasAt } from '../core/preference-list.ts';
import { loadBalancingEfficiency, metadataBytesPerNode, movedRanges, replicaLoadShare } from '../core/ring-metrics.ts';
import type { NodeId, RingPosition, StrategyId } from '../core/types.ts';
import { KeyPicker } from '../sim/key-popularity.ts';
import { createPrng } from '../sim/prng.ts';
import { nodeIds } from '../sim/setup.ts';
import type { KeyPopularity } from '../sim/world-config.ts';
import { ExperimentOptionsError, ProgressTracker, seedOption, wholeNumber, type ExperimentControl } from './experiment-control.ts';

export interface PartitioningOptions {
  strategy: StrategyId;
  /** S, nodes on the ring. */
  nodes: number;
  N: number;
  /** T, tokens per node (strategies 1 and 2). */
  tokens?: number;
  /** Q, equal partitions (strategies 2 and 3). */
  partitions?: number;
  requests: number;
  /** Distinct keys requests are drawn from. */
  keyCount: number;
  keys: KeyPopularity;
  seed: number;
  sweep: boolean;
}

export interface RingLoad {
  strategy: StrategyId;
  T?: number;
  Q?: number;
  metadataBytesPerNode: number;
  efficiency: number;
  outOfBalanceFraction: number;
  /** Efficiency with infinitely many uniform keys: from each node's replica share of the hash space. */
  hashSpaceEfficiency: number;
}

export interface PartitioningReport extends Partial<RingLoad> {
  experiment: 'partitioning';
  options: PartitioningOptions;
  /** null when the ring cannot take another node (strategy 3 with Q = S). */
  keysMovedOnJoinFraction?: number | null;
  keysMovedOnLeaveFraction?: number;
  loadPerNode?: Record<NodeId, number>;
  points?: RingLoad[];
}

export const defaultPartitioningOptions: PartitioningOptions = {
  strategy: 3,
  nodes: 30,
  N: 3,
  requests: 1_000_000,
  keyCount: 100_000,
  keys: { kind: 'uniform' },
  seed: 1,
  sweep: false,
};

/** §6.2: a node is out of balance when its load deviates from the mean by more than this. */
export const IMBALANCE_THRESHOLD = 0.15;

/** Figure 8's axis: T for strategies 1 and 2, Q for strategy 3; at S = 30 metadata spans ~10^2 to ~10^5 bytes. */
export const sweepTokens: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];
export const sweepPartitions: readonly number[] = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
/**
 * Strategy 2's fixed Q in the sweep. While S·T ≪ Q its partitions are finer than its token ranges
 * and it behaves like strategy 1; once S·T passes Q each partition lands wherever the first token
 * after its end happens to be, and whole partitions make the load lumpy again (§6.2: "strategy 2
 * has the worst" efficiency).
 */
export const sweepStrategy2Partitions = 1024;
/** Rings averaged per sweep point. */
export const RINGS_PER_POINT = 4;

export function validatePartitioningOptions(input: Partial<PartitioningOptions>): PartitioningOptions {
  const o: PartitioningOptions = { ...defaultPartitioningOptions, ...input };
  if (o.strategy !== 1 && o.strategy !== 2 && o.strategy !== 3) throw new ExperimentOptionsError('strategy', `must be 1, 2 or 3 (got ${String(o.strategy)})`);
  wholeNumber('nodes', o.nodes, 1, 1000);
  wholeNumber('N', o.N, 1, o.nodes);
  if (o.tokens !== undefined) {
    if (o.strategy === 3 && !o.sweep) throw new ExperimentOptionsError('tokens', 'does not apply to strategy 3 (it holds Q/S tokens per node)');
    wholeNumber('tokens', o.tokens, 1, 4096);
  }
  if (o.partitions !== undefined) {
    if (o.strategy === 1 && !o.sweep) throw new ExperimentOptionsError('partitions', 'does not apply to strategy 1 (its partitions are the token ranges)');
    wholeNumber('partitions', o.partitions, o.strategy === 3 ? o.nodes : 1, 1 << 20);
  }
  wholeNumber('requests', o.requests, 1, 100_000_000);
  wholeNumber('key-count', o.keyCount, 1, 10_000_000);
  if (o.keys.kind === 'zipf' && !(o.keys.exponent >= 0 && Number.isFinite(o.keys.exponent))) {
    throw new ExperimentOptionsError('keys', `zipf exponent must be a number of at least 0 (got ${o.keys.exponent})`);
  }
  seedOption(o.seed);
  return o;
}

/** Parses `uniform` or `zipf(S)`. */
export function parseKeyPopularity(text: string): KeyPopularity {
  if (text.trim() === 'uniform') return { kind: 'uniform' };
  const zipf = /^\s*zipf\(\s*([0-9.eE+-]+)\s*\)\s*$/.exec(text);
  const exponent = zipf?.[1] === undefined ? Number.NaN : Number(zipf[1]);
  if (!Number.isFinite(exponent) || exponent < 0) throw new ExperimentOptionsError('keys', `must be uniform or zipf(S) with S >= 0 (got ${JSON.stringify(text)})`);
  return { kind: 'zipf', exponent };
}

export async function runPartitioning(input: Partial<PartitioningOptions>, control: ExperimentControl = {}): Promise<PartitioningReport> {
  const options = validatePartitioningOptions(input);
  const progress = new ProgressTracker(control);
  const workload = requestLoad(options);
  const nodes = nodeIds(options.nodes).map((id) => ({ id }));
  const build = (params: RingParams, copy = 0): RingState =>
    createRing({ params, nodes, N: options.N, prng: createPrng(options.seed, copy === 0 ? 'ring' : `ring:${copy}`) });
  if (options.sweep) {
    const rings: RingParams[] = [
      ...sweepTokens.map((T): RingParams => ({ strategy: 1, tokensPerNode: T })),
      ...sweepTokens.map((T): RingParams => ({ strategy: 2, tokensPerNode: T, partitionCount: sweepStrategy2Partitions })),
      ...sweepPartitions.filter((Q) => Q >= options.nodes).map((Q): RingParams => ({ strategy: 3, partitionCount: Q })),
    ];
    const points: RingLoad[] = [];
    for (const [i, params] of rings.entries()) {
      await progress.tick(i / rings.length);
      // Random tokens make one ring a lottery ticket: each point averages a few independent rings.
      const copies = Array.from({ length: RINGS_PER_POINT }, (_, copy) => ringLoad(build(params, copy), workload, options.N).summary);
      const first = copies[0] as RingLoad;
      const average = (f: (r: RingLoad) => number): number => round(copies.reduce((sum, r) => sum + f(r), 0) / copies.length);
      points.push({
        ...first,
        efficiency: average((r) => r.efficiency),
        outOfBalanceFraction: average((r) => r.outOfBalanceFraction),
        hashSpaceEfficiency: average((r) => r.hashSpaceEfficiency),
      });
    }
    progress.done();
    return { experiment: 'partitioning', options, points };
  }
  const ring = build({ strategy: options.strategy, tokensPerNode: options.tokens, partitionCount: options.partitions });
  await progress.tick(0.2);
  const { summary, loads } = ringLoad(ring, workload, options.N);
  await progress.tick(0.5);
  const prng = createPrng(options.seed, 'membership');
  // Strategy 3 cannot take a node beyond Q (each node needs a partition): then nothing is reported.
  const canJoin = options.strategy !== 3 || (ring.params.partitionCount ?? 0) > options.nodes;
  const keysMovedOnJoinFraction = canJoin
    ? movedRanges(ring, joinNode(ring, { id: `n${options.nodes + 1}` }, options.N, prng), options.N).movedFraction
    : null;
  await progress.tick(0.75);
  let keysMovedOnLeaveFraction = 0;
  if (options.nodes > options.N) {
    const leaving = prng.pick(ring.nodes).id;
    keysMovedOnLeaveFraction = movedRanges(ring, leaveNode(ring, leaving, options.N, prng), options.N).movedFraction;
  }
  progress.done();
  return { experiment: 'partitioning', options, ...summary, keysMovedOnJoinFraction, keysMovedOnLeaveFraction, loadPerNode: loads };
}

interface RequestLoad {
  /** Positions of the keys that got requests, ascending, and their request counts. */
  positions: readonly RingPosition[];
  counts: Uint32Array;
}

/** Which keys the requests hit, independent of any ring. */
function requestLoad(options: PartitioningOptions): RequestLoad {
  const picker = new KeyPicker(options.keyCount, options.keys);
  const prng = createPrng(options.seed, 'requests');
  const perKey = new Uint32Array(options.keyCount);
  for (let i = 0; i < options.requests; i++) {
    const k = picker.next(prng);
    perKey[k] = (perKey[k] ?? 0) + 1;
  }
  const hit: { position: RingPosition; count: number }[] = [];
  perKey.forEach((count, k) => {
    if (count > 0) hit.push({ position: ringPosition(`key${k}`), count });
  });
  hit.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  return { positions: hit.map((h) => h.position), counts: Uint32Array.from(hit, (h) => h.count) };
}

/**
 * Counts each key's requests at its N home replicas and measures the spread. A key belongs to the
 * range ending at the first boundary at or after it (tokens for strategy 1, partition ends
 * otherwise), so one merge of the sorted keys with the sorted boundaries places them all.
 */
export function ringLoad(ring: RingState, load: RequestLoad, N: number): { summary: RingLoad; loads: Record<NodeId, number> } {
  const ends = [...partitions(ring).map((p) => p.end)].sort();
  const perRange = new Float64Array(ends.length);
  let b = 0;
  load.positions.forEach((position, k) => {
    while (b < ends.length && (ends[b] ?? '') < position) b++;
    const range = b < ends.length ? b : 0;
    perRange[range] = (perRange[range] ?? 0) + (load.counts[k] ?? 0);
  });
  const loads = new Map<NodeId, number>(ring.nodes.map((n) => [n.id, 0]));
  perRange.forEach((count, range) => {
    if (count === 0) return;
    for (const node of homeReplicasAt(ring, ends[range] ?? '', N)) loads.set(node, (loads.get(node) ?? 0) + count);
  });
  const { strategy, tokensPerNode, partitionCount } = ring.params;
  return {
    summary: {
      strategy,
      ...(strategy === 3 || tokensPerNode === undefined ? {} : { T: tokensPerNode }),
      ...(strategy === 1 || partitionCount === undefined ? {} : { Q: partitionCount }),
      metadataBytesPerNode: metadataBytesPerNode(ring),
      ...spread([...loads.values()]),
      hashSpaceEfficiency: round(loadBalancingEfficiency(Object.values(replicaLoadShare(ring, N)))),
    },
    loads: Object.fromEntries(loads),
  };
}

/** Efficiency (§6.2) and the fraction of nodes more than 15 % from the mean. */
export function spread(loads: readonly number[]): { efficiency: number; outOfBalanceFraction: number } {
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  const outOfBalance = loads.filter((v) => mean > 0 && Math.abs(v - mean) / mean > IMBALANCE_THRESHOLD).length;
  return { efficiency: round(loadBalancingEfficiency(loads)), outOfBalanceFraction: round(outOfBalance / loads.length) };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

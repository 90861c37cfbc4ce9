/**
 * One seed decides everything (TigerBeetle VOPR's swarm testing, applied to Dynamo §4–§6): the
 * cluster, N/R/W, quorum and resolution modes, the workload, and which faults are in the mix —
 * crashes that keep the disk, lost disks, partitions of several shapes including one-way cuts,
 * message loss up to 30 %, latency spikes, slow nodes, joins, leaves, and returns after leaving. A
 * fault phase, then a healing phase where everything is undone and the workload stops. The result
 * is a plain WorldSetup, so the CLI and the playground (`/?fuzz=<seed>&t=<ms>`) replay the same
 * run. The heavy mix (`--mix heavy`, `&mix=heavy`) draws bigger clusters, larger N, longer fault
 * phases and more fault episodes from the same seed.
 */
import { defaultNodeConfig, type NodeConfig } from '../core/node-config.ts';
import type { RingParams } from '../core/partitioning.ts';
import type { NodeId } from '../core/types.ts';
import { createPrng, type SeededPrng } from '../sim/prng.ts';
import { makeSetup } from '../sim/setup.ts';
import type { Fault, ScheduledFault, WorkloadSpec, WorldSetup } from '../sim/world-config.ts';

export type FaultFamily =
  'crash' | 'disk-loss' | 'partition' | 'one-way' | 'loss' | 'latency' | 'slow' | 'join' | 'leave';

export const faultFamilies: readonly FaultFamily[] = [
  'crash',
  'disk-loss',
  'partition',
  'one-way',
  'loss',
  'latency',
  'slow',
  'join',
  'leave',
];

/** How big a world a seed draws: `standard`, or `heavy` for bigger clusters and more faults. */
export type FuzzMix = 'standard' | 'heavy';

interface MixBounds {
  /** Clusters start with 3 to 3 + extraNodes - 1 nodes. */
  extraNodes: number;
  /** N is drawn from these (at most the cluster's size). */
  replicas: readonly number[];
  /** The fault phase lasts 1,500 ms plus up to this many steps of `phaseStepMs`. */
  phaseSteps: number;
  phaseStepMs: number;
  /** Up to this many fault episodes. */
  episodes: number;
  /** Joins stop at this many nodes. */
  maxNodes: number;
}

const mixBounds: Record<FuzzMix, MixBounds> = {
  standard: {
    extraNodes: 6,
    replicas: [1, 2, 3, 3, 3, 4],
    phaseSteps: 21,
    phaseStepMs: 100,
    episodes: 5,
    maxNodes: 9,
  },
  heavy: {
    extraNodes: 10,
    replicas: [1, 2, 3, 3, 4, 5],
    phaseSteps: 25,
    phaseStepMs: 200,
    episodes: 12,
    maxNodes: 16,
  },
};

export const fuzzMixes = Object.keys(mixBounds) as readonly FuzzMix[];

export function isFuzzMix(text: string): text is FuzzMix {
  return Object.hasOwn(mixBounds, text);
}

export interface FuzzCase {
  seed: number;
  mix: FuzzMix;
  setup: WorldSetup;
  /** Faults and workload stop here; everything is healed at this instant, ms. */
  faultEndMs: number;
  /** The convergence bound: every checker must hold by this time, ms. */
  healEndMs: number;
  /** Anti-entropy must move nothing between healEndMs and this time, ms. */
  quietEndMs: number;
  /** The fault families drawn for this seed (empty: a fault-free run). */
  families: FaultFamily[];
  /** One line: what this seed runs. */
  summary: string;
}

const DEFAULT_LATENCY = 'exp(0.5) + 1';

export function fuzzCase(seed: number, mix: FuzzMix = 'standard'): FuzzCase {
  const bounds = mixBounds[mix];
  const prng = createPrng(seed, 'fuzz');
  const S = 3 + prng.int(bounds.extraNodes);
  const ids = Array.from({ length: S }, (_, i) => `n${i + 1}`);
  const N = Math.min(S, prng.pick(bounds.replicas));
  const R = 1 + prng.int(N);
  const W = 1 + prng.int(N);
  const ring = drawRing(prng, S);
  const node: NodeConfig = {
    ...defaultNodeConfig,
    N,
    R,
    W,
    quorumMode: prng.bernoulli(0.25) ? 'strict' : 'sloppy',
    resolution: prng.bernoulli(0.2) ? 'lww' : 'siblings',
    writeMode: prng.bernoulli(0.1) ? 'buffered' : 'durable',
    antiEntropyIntervalMs: prng.pick([200, 300, 400]),
    gossipIntervalMs: prng.pick([250, 500]),
    hintScanIntervalMs: prng.pick([250, 500]),
    probeIntervalMs: prng.pick([250, 500]),
    seeds: prng.bernoulli(0.5) ? ['n1'] : [],
  };
  const faultEndMs = 1500 + bounds.phaseStepMs * prng.int(bounds.phaseSteps);
  const workload: WorkloadSpec = {
    id: 'w',
    clients: 2 + prng.int(3),
    loop: 'open',
    ratePerSec: 20 + prng.int(41),
    thinkMs: 0,
    readFraction: 0.3 + 0.1 * prng.int(5),
    keyCount: 4 + prng.int(21),
    keyPrefix: 'k',
    popularity: prng.bernoulli(0.5) ? { kind: 'zipf', exponent: 1 } : { kind: 'uniform' },
    valueBytes: 6,
    coordination: prng.bernoulli(0.15) ? 'client' : 'server',
    coordinatorChoice: prng.bernoulli(0.3) ? 'partition-aware' : 'random',
    startMs: 0,
    stopMs: faultEndMs,
  };
  const families = prng.bernoulli(0.15) ? [] : faultFamilies.filter(() => prng.bernoulli(0.4));
  // Rejoins draw from a stream of their own, so the main stream's draws stay what they were for
  // every seed without a join or leave.
  const rejoins = createPrng(seed, 'fuzz-rejoin');
  const schedule = drawFaults(prng, rejoins, families, ids, N, ring, faultEndMs, bounds);
  const ranges = rangeCount(ring, S + 2);
  const roundMs = node.antiEntropyIntervalMs * ranges;
  const healEndMs =
    faultEndMs + 3 * roundMs + 8 * node.gossipIntervalMs + 4 * node.hintScanIntervalMs + 10_000;
  const setup = makeSetup({
    seed,
    nodes: ids,
    ring,
    node,
    workloads: [workload],
    schedule,
    clientTimeoutMs: 1000,
    traceWindow: 2000,
  });
  const summary =
    `${mix === 'heavy' ? 'heavy: ' : ''}S=${S} N=${N} R=${R} W=${W} ${node.quorumMode} ${node.resolution} ${node.writeMode} strategy ${ring.strategy}` +
    ` ${workload.coordination}-coordinated, ${schedule.length} faults [${families.join(',') || 'none'}] until ${faultEndMs} ms`;
  return {
    seed,
    mix,
    setup,
    faultEndMs,
    healEndMs,
    quietEndMs: healEndMs + roundMs,
    families,
    summary,
  };
}

function drawRing(prng: SeededPrng, S: number): RingParams {
  const strategy = prng.pick([1, 2, 3] as const);
  if (strategy === 1) return { strategy, tokensPerNode: 2 + prng.int(4) };
  const partitionCount = prng.pick([16, 32]);
  return strategy === 2
    ? { strategy, tokensPerNode: 2 + prng.int(4), partitionCount }
    : { strategy, partitionCount: Math.max(partitionCount, S) };
}

/** Key ranges in the ring at its largest: one anti-entropy round visits one range per node. */
function rangeCount(ring: RingParams, S: number): number {
  return ring.strategy === 1 ? (ring.tokensPerNode ?? 8) * S : (ring.partitionCount ?? 32);
}

/** Episodes of the drawn families at random times, each undone a while later (or at the heal). */
function drawFaults(
  prng: SeededPrng,
  rejoins: SeededPrng,
  families: readonly FaultFamily[],
  ids: readonly NodeId[],
  N: number,
  ring: RingParams,
  faultEndMs: number,
  bounds: MixBounds,
): ScheduledFault[] {
  const schedule: ScheduledFault[] = [];
  const members = new Set(ids);
  let nextId = ids.length + 1;
  const episodes = families.length === 0 ? 0 : 1 + prng.int(bounds.episodes);
  for (let i = 0; i < episodes; i++) {
    const family = prng.pick(families);
    const atMs = 100 + prng.int(Math.max(1, faultEndMs - 300));
    const undoMs = atMs + 100 + prng.int(1400);
    const at = (fault: Fault, when = atMs): void => {
      if (when < faultEndMs) schedule.push({ atMs: when, fault });
    };
    const someNode = (): NodeId => prng.pick(ids);
    switch (family) {
      case 'crash':
      case 'disk-loss': {
        const node = someNode();
        at({ kind: 'crash', node, ...(family === 'disk-loss' ? { loseDisk: true } : {}) });
        at({ kind: 'recover', node }, undoMs);
        break;
      }
      case 'partition': {
        const shuffled = prng.shuffle([...ids]);
        const shape = prng.int(3);
        const cut = shape === 0 ? 1 : 1 + prng.int(shuffled.length - 1);
        const groups =
          shape === 2 && shuffled.length >= 5
            ? [shuffled.slice(0, 2), shuffled.slice(2, 4), shuffled.slice(4)]
            : [shuffled.slice(0, cut), shuffled.slice(cut)];
        at({ kind: 'partition', groups });
        at({ kind: 'heal' }, undoMs);
        break;
      }
      case 'one-way': {
        const from = someNode();
        const to = prng.pick(ids.filter((n) => n !== from));
        at({ kind: 'cut', from, to });
        at({ kind: 'restore', from, to }, undoMs);
        break;
      }
      case 'loss':
        at({ kind: 'loss', probability: 0.05 + 0.05 * prng.int(6) });
        at({ kind: 'loss', probability: 0 }, undoMs);
        break;
      case 'latency': {
        const leg = prng.pick(['default', 'write', 'ack', 'read', 'response'] as const);
        at({
          kind: 'latency',
          leg,
          spec: prng.pick([
            'exp(0.05) + 20',
            'pareto(10, 1.5)',
            'const(150)',
            'mix(0.9:exp(0.5) + 1, 0.1:const(400))',
          ]),
        });
        at({ kind: 'latency', leg, spec: DEFAULT_LATENCY }, undoMs);
        break;
      }
      case 'slow': {
        const node = someNode();
        at({ kind: 'slow', node, factor: 2 + prng.int(19) });
        at({ kind: 'slow', node, factor: 1 }, undoMs);
        break;
      }
      case 'join': {
        if (
          members.size + 1 > bounds.maxNodes ||
          (ring.strategy === 3 && (ring.partitionCount ?? 0) < members.size + 1)
        )
          break;
        const node = `n${nextId++}`;
        members.add(node);
        at({ kind: 'join', node });
        // Some newcomers leave again before the fault phase ends.
        if (rejoins.bernoulli(0.3) && members.size - 1 >= Math.max(N, 2)) {
          members.delete(node);
          at({ kind: 'leave', node }, undoMs);
        }
        break;
      }
      case 'leave': {
        const candidates = ids.filter((n) => members.has(n) && n !== 'n1');
        if (members.size - 1 < Math.max(N, 2) || candidates.length === 0) break;
        const node = prng.pick(candidates);
        members.delete(node);
        at({ kind: 'leave', node });
        // Some leavers come back under their old name, with the disk they left with.
        if (rejoins.bernoulli(0.5)) at({ kind: 'join', node }, undoMs);
        break;
      }
    }
  }
  schedule.sort((a, b) => a.atMs - b.atMs);
  return [...schedule, ...healAll(ids, nextId, faultEndMs)];
}

/** Undo every fault at the end of the fault phase: the network heals and every node comes back. */
function healAll(ids: readonly NodeId[], nextId: number, atMs: number): ScheduledFault[] {
  const everyone = [
    ...ids,
    ...Array.from({ length: nextId - ids.length - 1 }, (_, i) => `n${ids.length + 1 + i}`),
  ];
  const faults: Fault[] = [
    { kind: 'heal' },
    { kind: 'loss', probability: 0 },
    ...(['default', 'write', 'ack', 'read', 'response'] as const).map((leg): Fault => ({
      kind: 'latency',
      leg,
      spec: DEFAULT_LATENCY,
    })),
    ...everyone.map((node): Fault => ({ kind: 'slow', node, factor: 1 })),
    ...everyone.map((node): Fault => ({ kind: 'recover', node })),
  ];
  return faults.map((fault) => ({ atMs, fault }));
}

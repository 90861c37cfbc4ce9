/**
 * A node's configuration: the paper's N, R, W (§4.5) and the timings of its background tasks.
 * Every field says its unit; the defaults follow the paper where it gives a number.
 */
import type { ConflictResolution, NodeId, QuorumMode, WriteMode } from './types.ts';

export interface NodeConfig {
  /** Replicas per key (§4.3). */
  N: number;
  /** Replies a get waits for (§4.5). */
  R: number;
  /** Nodes that must store a put, the coordinator included (§4.5). */
  W: number;
  /** Sloppy quorum walks past unreachable nodes to fallbacks (§4.6); strict uses only home replicas. */
  quorumMode: QuorumMode;
  /** Siblings returned to the client for an application merge, or last-writer-wins. */
  resolution: ConflictResolution;
  /** Durable writes, or an object buffer flushed by a writer (§6.1). */
  writeMode: WriteMode;
  /** Objects the write buffer holds before a forced flush (§6.1: "a thousand objects"). */
  bufferCapacity: number;
  /** How often the writer flushes the buffer to disk, ms. */
  flushIntervalMs: number;
  /** A get or put that has not reached R or W by then fails, ms. */
  requestTimeoutMs: number;
  /** After answering a get, how long the coordinator waits for late replies before read repair, ms. */
  readRepairWaitMs: number;
  /** Read repair on or off (§5). */
  readRepair: boolean;
  /** Vector-clock truncation threshold (§4.4: "say 10"). */
  clockMaxEntries: number;
  /** Gossip period: each node contacts one random peer this often (§4.8.1: every second), ms. */
  gossipIntervalMs: number;
  /** Gossip on or off. */
  gossip: boolean;
  /** Seed nodes every node gossips with now and then, so no logical partition lasts (§4.8.2). */
  seeds: readonly NodeId[];
  /** How often the hint store is scanned for hints whose owner is reachable again (§4.6), ms. */
  hintScanIntervalMs: number;
  /** How often a node starts a Merkle exchange for one of its ranges (§4.7), ms. */
  antiEntropyIntervalMs: number;
  /** Anti-entropy on or off. */
  antiEntropy: boolean;
  /** A peer that has not answered a request within this time is treated as unreachable (§4.8.3), ms. */
  failureTimeoutMs: number;
  /** How often a node retries peers it believes unreachable (§4.8.3), ms. */
  probeIntervalMs: number;
  /** Spread each key's N replicas over data centers where nodes carry a label (§4.6). */
  spreadDataCenters: boolean;
  /** Merkle tree shape per range (§4.7). */
  merkleDepth: number;
  merkleFanout: number;
}

export const defaultNodeConfig: NodeConfig = {
  N: 3,
  R: 2,
  W: 2,
  quorumMode: 'sloppy',
  resolution: 'siblings',
  writeMode: 'durable',
  bufferCapacity: 1000,
  flushIntervalMs: 100,
  requestTimeoutMs: 300,
  readRepairWaitMs: 50,
  readRepair: true,
  clockMaxEntries: 10,
  gossipIntervalMs: 1000,
  gossip: true,
  seeds: [],
  hintScanIntervalMs: 1000,
  antiEntropyIntervalMs: 5000,
  antiEntropy: true,
  failureTimeoutMs: 100,
  probeIntervalMs: 1000,
  spreadDataCenters: false,
  merkleDepth: 3,
  merkleFanout: 8,
};

/** Checks N/R/W against each other and the cluster; returns the first problem as a sentence. */
export function nodeConfigProblem(config: NodeConfig, clusterSize: number): string | undefined {
  const whole = (name: string, v: number, min: number): string | undefined =>
    Number.isInteger(v) && v >= min ? undefined : `${name} must be a whole number of at least ${min} (got ${v})`;
  return (
    whole('N', config.N, 1) ??
    whole('R', config.R, 1) ??
    whole('W', config.W, 1) ??
    (config.N > clusterSize ? `N (${config.N}) is larger than the cluster (${clusterSize} nodes)` : undefined) ??
    (config.R > config.N ? `R (${config.R}) must be at most N (${config.N})` : undefined) ??
    (config.W > config.N ? `W (${config.W}) must be at most N (${config.N})` : undefined) ??
    (config.requestTimeoutMs > 0 ? undefined : `requestTimeoutMs must be positive (got ${config.requestTimeoutMs})`)
  );
}

/**
 * The shortest delay of any timer a running node sets, ms: a timer set while handling an input is
 * due at least this long after it. The scheduler relies on it to let one node's several events
 * share a batch (sim/world.ts). Whoever adds a timer to the node adds its delay here. The start
 * jitter (≥ 1 ms) is left out: starts run outside batches.
 */
export function minTimerDelayMs(config: NodeConfig): number {
  return Math.min(
    config.requestTimeoutMs,
    config.failureTimeoutMs,
    // A request's timeout is set when its failure-detection point passes (coordinator.ts).
    config.failureTimeoutMs < config.requestTimeoutMs ? config.requestTimeoutMs - config.failureTimeoutMs : Infinity,
    config.readRepairWaitMs,
    config.hintScanIntervalMs,
    config.probeIntervalMs,
    config.gossipIntervalMs,
    config.antiEntropyIntervalMs,
    config.flushIntervalMs,
  );
}

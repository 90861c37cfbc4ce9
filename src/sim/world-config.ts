/**
 * What a run is made of: the cluster, the network, the workloads and the fault schedule, plus the
 * one root seed every random stream derives from. Plain data: scenario files, shared URLs and the
 * CLI all become one of these.
 */
import type { NodeConfig } from '../core/node-config.ts';
import type { RingParams } from '../core/partitioning.ts';
import type { ClientId, CoordinationMode, DataCenterId, Key, NodeId, RingPosition } from '../core/types.ts';
import type { NetworkOptions } from './network-options.ts';

export interface ClusterSetup {
  nodes: readonly { id: NodeId; dataCenter?: DataCenterId }[];
  ring: RingParams;
  /** Pinned token positions per node, for teaching rings such as the paper's Figure 2. */
  placement?: Readonly<Record<NodeId, readonly RingPosition[]>>;
  node: NodeConfig;
}

export type KeyPopularity = { kind: 'uniform' } | { kind: 'zipf'; exponent: number };

export interface WorkloadSpec {
  id: string;
  /** Client sessions this workload runs, named `<id>-c1`, `<id>-c2`, … */
  clients: number;
  /** Open loop: requests arrive as a Poisson process; closed loop: each client waits, then thinks. */
  loop: 'open' | 'closed';
  /** Open loop: requests per second of virtual time, over all clients. */
  ratePerSec: number;
  /** Closed loop: pause between a reply and the next request, ms. */
  thinkMs: number;
  /** Fraction of requests that are gets, 0..1. */
  readFraction: number;
  /**
   * Closed loop: a put first reads its key and writes with the context that read returned, as a
   * shopping cart does (§4.4, §6.3); the read is a get of the workload like any other. Otherwise
   * a put carries the context of the client's last read of the key, however old, or none.
   */
  readModifyWrite?: boolean;
  /** Keys `<prefix>0 … <prefix>(count-1)`. */
  keyCount: number;
  keyPrefix: string;
  popularity: KeyPopularity;
  /** Characters per written value. */
  valueBytes: number;
  /** §6.4: a coordinator node picked by a load balancer (server) or the client itself. */
  coordination: CoordinationMode;
  /** Server coordination: a random live node, or the key's first home replica (partition-aware). */
  coordinatorChoice: 'random' | 'partition-aware';
  startMs: number;
  /** Stop issuing requests at this virtual time (undefined: never). */
  stopMs?: number;
  /** Stop after this many requests (undefined: no limit). */
  maxOps?: number;
}

/** Interventions, scheduled in a scenario or made by hand while a run plays; each is traced. */
export type Fault =
  | { kind: 'crash'; node: NodeId; loseDisk?: boolean }
  | { kind: 'recover'; node: NodeId }
  | { kind: 'partition'; groups: readonly (readonly NodeId[])[] }
  | { kind: 'heal' }
  | { kind: 'cut'; from: NodeId; to: NodeId }
  | { kind: 'restore'; from: NodeId; to: NodeId }
  | { kind: 'loss'; probability: number }
  | { kind: 'latency'; leg: 'default' | 'write' | 'ack' | 'read' | 'response'; spec: string }
  | { kind: 'slow'; node: NodeId; factor: number }
  | { kind: 'join'; node: NodeId; dataCenter?: DataCenterId }
  | { kind: 'leave'; node: NodeId }
  | { kind: 'put'; client?: ClientId; key: Key; value: string | readonly string[]; coordinator?: NodeId; context?: 'session' | 'none' }
  | { kind: 'get'; client?: ClientId; key: Key; coordinator?: NodeId }
  | { kind: 'workload-start'; workload: WorkloadSpec }
  | { kind: 'workload-stop'; id: string };

export interface ScheduledFault {
  atMs: number;
  fault: Fault;
}

export interface WorldSetup {
  seed: number;
  cluster: ClusterSetup;
  network: NetworkOptions;
  workloads: readonly WorkloadSpec[];
  schedule: readonly ScheduledFault[];
  /** A client gives up on an operation after this long, ms. */
  clientTimeoutMs: number;
  /** Trace records kept for the views. */
  traceWindow: number;
}

export const defaultWorkload: WorkloadSpec = {
  id: 'w1',
  clients: 4,
  loop: 'open',
  ratePerSec: 50,
  thinkMs: 100,
  readFraction: 0.5,
  keyCount: 100,
  keyPrefix: 'k',
  popularity: { kind: 'zipf', exponent: 1 },
  valueBytes: 8,
  coordination: 'server',
  coordinatorChoice: 'random',
  startMs: 0,
};

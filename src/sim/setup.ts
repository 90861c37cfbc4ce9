/**
 * Builds a complete run description from a few choices, with the defaults a newcomer would
 * expect: five nodes n1…n5, strategy 3 with Q = 32, N = 3, R = W = 2 (§6: "(3,2,2)").
 */
import { defaultNodeConfig, type NodeConfig } from '../core/node-config.ts';
import type { RingParams } from '../core/partitioning.ts';
import type { NodeId, RingPosition } from '../core/types.ts';
import { defaultNetworkOptions, type NetworkOptions } from './network-options.ts';
import type { ScheduledFault, WorkloadSpec, WorldSetup } from './world-config.ts';

export interface SetupChoices {
  seed?: number;
  /** A count (n1…nK) or explicit ids. */
  nodes?: number | readonly NodeId[];
  dataCenters?: Readonly<Record<NodeId, string>>;
  ring?: RingParams;
  placement?: Readonly<Record<NodeId, readonly RingPosition[]>>;
  node?: Partial<NodeConfig>;
  network?: Partial<NetworkOptions>;
  workloads?: readonly WorkloadSpec[];
  schedule?: readonly ScheduledFault[];
  clientTimeoutMs?: number;
  traceWindow?: number;
}

export function nodeIds(nodes: number | readonly NodeId[]): NodeId[] {
  return typeof nodes === 'number' ? Array.from({ length: nodes }, (_, i) => `n${i + 1}`) : [...nodes];
}

export function makeSetup(choices: SetupChoices = {}): WorldSetup {
  const ids = nodeIds(choices.nodes ?? 5);
  const dcs = choices.dataCenters ?? {};
  const ring: RingParams = choices.ring ?? { strategy: 3, partitionCount: Math.max(32, ids.length * 4) };
  const node: NodeConfig = { ...defaultNodeConfig, ...choices.node };
  const network: NetworkOptions = {
    ...defaultNetworkOptions,
    ...choices.network,
    dataCenterOf: { ...dcs, ...(choices.network?.dataCenterOf ?? {}) },
  };
  return {
    seed: choices.seed ?? 1,
    cluster: {
      nodes: ids.map((id) => (dcs[id] === undefined ? { id } : { id, dataCenter: dcs[id] })),
      ring,
      ...(choices.placement ? { placement: choices.placement } : {}),
      node,
    },
    network,
    workloads: choices.workloads ?? [],
    schedule: choices.schedule ?? [],
    clientTimeoutMs: choices.clientTimeoutMs ?? 2000,
    traceWindow: choices.traceWindow ?? 10_000,
  };
}

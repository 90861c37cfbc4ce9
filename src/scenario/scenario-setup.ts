/**
 * Between a scenario file and the world's run description (world-config.ts): a scenario fills its
 * gaps from setup.ts's defaults (§6: five nodes, (N,R,W) = (3,2,2)), and a setup exports back to
 * the smallest scenario that rebuilds it — only what differs from a default is written.
 */
import { bigIntToPosition, RING_SIZE } from '../core/hash.ts';
import { defaultNodeConfig, type NodeConfig } from '../core/node-config.ts';
import type { NodeInfo, RingParams } from '../core/partitioning.ts';
import type { NodeId, RingPosition } from '../core/types.ts';
import { defaultNetworkOptions } from '../sim/network-options.ts';
import type { Intervention } from '../runtime/simulation-session.ts';
import { makeSetup, nodeIds } from '../sim/setup.ts';
import {
  defaultWorkload,
  type Fault,
  type ScheduledFault,
  type WorkloadSpec,
  type WorldSetup,
} from '../sim/world-config.ts';
import type { FaultEntry, InterventionEntry, ScheduledFaultEntry, WorkloadEntry } from './fault-schema.ts';
import {
  currentScenarioVersion,
  nodeConfigFieldNames,
  type ClusterSection,
  type NetworkSection,
  type Scenario,
} from './scenario-schema.ts';

const defaultNodeCount = 5;
const defaultClientTimeoutMs = makeSetup().clientTimeoutMs;
/** A headless run with no `untilMs` goes this far past the last scheduled fault. */
const runOnAfterLastFaultMs = 10_000;

/** The cluster's nodes with their data centers; a count becomes n1…nK. */
export function clusterNodes(c: ClusterSection | undefined): NodeInfo[] {
  const nodes = c?.nodes ?? defaultNodeCount;
  if (typeof nodes === 'number') return nodeIds(nodes).map((id) => ({ id }));
  return nodes.map((n) =>
    typeof n === 'string'
      ? { id: n }
      : n.dataCenter === undefined
        ? { id: n.id }
        : { id: n.id, dataCenter: n.dataCenter },
  );
}

/** Strategy 3 with Q = max(32, 4S) unless told otherwise, as makeSetup does. */
export function ringParams(c: ClusterSection | undefined, nodeCount: number): RingParams {
  const strategy = c?.strategy ?? 3;
  const params: RingParams = { strategy };
  if (c?.tokensPerNode !== undefined) params.tokensPerNode = c.tokensPerNode;
  if (c?.partitionCount !== undefined) params.partitionCount = c.partitionCount;
  else if (strategy === 3) params.partitionCount = Math.max(32, nodeCount * 4);
  return params;
}

/** Pinned positions as ring positions; a fraction f of the ring becomes ⌊f·2^128⌋ (exact for f = k/2^j). */
export function placementPositions(
  placement: ClusterSection['placement'],
): Record<NodeId, RingPosition[]> | undefined {
  if (placement === undefined) return undefined;
  const scale = 2 ** 53;
  return Object.fromEntries(
    Object.entries(placement).map(([node, positions]) => [
      node,
      positions.map((p) =>
        typeof p === 'string'
          ? p
          : bigIntToPosition((BigInt(Math.floor(p * scale)) * RING_SIZE) / BigInt(scale)),
      ),
    ]),
  );
}

export function workloadSpec(w: WorkloadEntry): WorkloadSpec {
  return { ...defaultWorkload, ...w };
}

function fault(f: FaultEntry): Fault {
  return f.kind === 'workload-start'
    ? { kind: 'workload-start', workload: workloadSpec(f.workload) }
    : f;
}

export function scheduledFaults(entries: readonly ScheduledFaultEntry[]): ScheduledFault[] {
  return entries.map(({ atMs, fault: f }) => ({ atMs, fault: fault(f) }));
}

/** The scenario's hand-made faults (`interventions`), for a runner to put in at their batch. */
export function pinnedFaults(s: Scenario): Intervention[] {
  return (s.interventions ?? []).map(({ afterEvents, atMs, fault: f }) => ({ afterEvents, atMs, fault: fault(f) }));
}

/** The file's form of hand-made faults: what `pinnedFaults` reads back. */
export function interventionEntries(pinned: readonly Intervention[]): InterventionEntry[] {
  return pinned.map((p) => ({ afterEvents: p.afterEvents, ...scheduledFaultEntry(p) }));
}

/** The world's run description for a valid scenario (see parseScenario). */
export function scenarioToSetup(s: Scenario, options: { traceWindow?: number } = {}): WorldSetup {
  const c = s.cluster ?? {};
  const nodes = clusterNodes(c);
  const node: Partial<NodeConfig> = {};
  for (const field of nodeConfigFieldNames)
    if (c[field] !== undefined) Object.assign(node, { [field]: c[field] });
  const { latency, ...rest } = s.network ?? {};
  const dataCenters = Object.fromEntries(
    nodes.flatMap((n) => (n.dataCenter === undefined ? [] : [[n.id, n.dataCenter]])),
  );
  const placement = placementPositions(c.placement);
  return makeSetup({
    seed: s.seed ?? 1,
    nodes: nodes.map((n) => n.id),
    dataCenters,
    ring: ringParams(c, nodes.length),
    ...(placement ? { placement } : {}),
    node,
    network: { ...rest, latency: { ...defaultNetworkOptions.latency, ...latency } },
    workloads: (s.workloads ?? []).map(workloadSpec),
    schedule: scheduledFaults(s.schedule ?? []),
    ...(s.clientTimeoutMs === undefined ? {} : { clientTimeoutMs: s.clientTimeoutMs }),
    ...(options.traceWindow === undefined ? {} : { traceWindow: options.traceWindow }),
  });
}

/** Where a headless run of the scenario stops: `untilMs`, or a while after the last fault (or where the playground opens it). */
export function scenarioUntilMs(s: Scenario): number {
  if (s.untilMs !== undefined) return s.untilMs;
  const last = Math.max(0, s.openAtMs ?? 0, ...[...(s.schedule ?? []), ...(s.interventions ?? [])].map((f) => f.atMs));
  return last + runOnAfterLastFaultMs;
}

/** The smallest scenario that rebuilds `setup` (its trace window aside), for export and sharing. */
export function setupToScenario(
  setup: WorldSetup,
  about: { name?: string; description?: string; untilMs?: number } = {},
): Scenario {
  const cluster = clusterSection(setup);
  const network = networkSection(setup);
  const scenario: Scenario = {
    version: currentScenarioVersion,
    ...(about.name === undefined ? {} : { name: about.name }),
    ...(about.description === undefined ? {} : { description: about.description }),
    seed: setup.seed,
    ...(about.untilMs === undefined ? {} : { untilMs: about.untilMs }),
    ...(setup.clientTimeoutMs === defaultClientTimeoutMs
      ? {}
      : { clientTimeoutMs: setup.clientTimeoutMs }),
    ...(Object.keys(cluster).length > 0 ? { cluster } : {}),
    ...(Object.keys(network).length > 0 ? { network } : {}),
    ...(setup.workloads.length > 0 ? { workloads: setup.workloads.map(workloadEntry) } : {}),
    ...(setup.schedule.length > 0 ? { schedule: setup.schedule.map(scheduledFaultEntry) } : {}),
  };
  return scenario;
}

function clusterSection(setup: WorldSetup): ClusterSection {
  const { nodes, ring, placement, node } = setup.cluster;
  const plain = nodes.every((n, i) => n.id === `n${i + 1}` && n.dataCenter === undefined);
  const out: ClusterSection = {};
  if (!plain || nodes.length !== defaultNodeCount) {
    out.nodes = plain
      ? nodes.length
      : nodes.map((n) =>
          n.dataCenter === undefined ? n.id : { id: n.id, dataCenter: n.dataCenter },
        );
  }
  const implied = ringParams(
    { ...(ring.strategy === 3 ? {} : { strategy: ring.strategy }) },
    nodes.length,
  );
  if (ring.strategy !== 3) out.strategy = ring.strategy;
  if (ring.tokensPerNode !== undefined) out.tokensPerNode = ring.tokensPerNode;
  if (ring.partitionCount !== undefined && ring.partitionCount !== implied.partitionCount)
    out.partitionCount = ring.partitionCount;
  if (placement)
    out.placement = Object.fromEntries(
      Object.entries(placement).map(([id, positions]) => [id, [...positions]]),
    );
  for (const field of nodeConfigFieldNames) {
    const value = node[field];
    if (JSON.stringify(value) !== JSON.stringify(defaultNodeConfig[field]))
      Object.assign(out, {
        [field]: Array.isArray(value) ? [...(value as readonly string[])] : value,
      });
  }
  return out;
}

function networkSection(setup: WorldSetup): NetworkSection {
  const n = setup.network;
  const out: NetworkSection = {};
  const latency = Object.fromEntries(
    Object.entries(n.latency).filter(
      ([leg, spec]) => leg !== 'default' || spec !== defaultNetworkOptions.latency.default,
    ),
  );
  if (Object.keys(latency).length > 0) out.latency = latency;
  if (n.interDataCenterLatency !== undefined) out.interDataCenterLatency = n.interDataCenterLatency;
  if (n.lossProbability !== 0) out.lossProbability = n.lossProbability;
  if (n.partitions.length > 0) out.partitions = n.partitions.map((g) => [...g]);
  if (n.cutLinks.length > 0) out.cutLinks = n.cutLinks.map((l) => ({ from: l.from, to: l.to }));
  if (Object.keys(n.slowNodes).length > 0) out.slowNodes = { ...n.slowNodes };
  const nodeDc = new Map(setup.cluster.nodes.map((node) => [node.id, node.dataCenter]));
  const others = Object.entries(n.dataCenterOf).filter(
    ([endpoint, dc]) => nodeDc.get(endpoint) !== dc,
  );
  if (others.length > 0) out.dataCenterOf = Object.fromEntries(others);
  return out;
}

function workloadEntry(w: WorkloadSpec): WorkloadEntry {
  const out: Record<string, unknown> = { id: w.id };
  for (const [field, value] of Object.entries(w)) {
    if (
      value !== undefined &&
      JSON.stringify(value) !==
        JSON.stringify((defaultWorkload as unknown as Record<string, unknown>)[field])
    )
      out[field] = value;
  }
  return out as WorkloadEntry;
}

function scheduledFaultEntry({ atMs, fault: f }: ScheduledFault): ScheduledFaultEntry {
  const copy =
    f.kind === 'workload-start'
      ? { kind: f.kind, workload: workloadEntry(f.workload) }
      : (JSON.parse(JSON.stringify(f)) as FaultEntry);
  return { atMs, fault: copy };
}

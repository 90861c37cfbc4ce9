/**
 * The checks a schema cannot make: fields that must agree with each other — N, R, W against the
 * cluster (§4.5), the ring's parameters and pinned tokens (§6.2), and every node or client a fault
 * names. Returns the first problem, in the order the fields appear in a file.
 */
import { defaultNodeConfig, nodeConfigProblem } from '../core/node-config.ts';
import { createRing, partitionEnds, RingConfigError } from '../core/partitioning.ts';
import type { NodeId } from '../core/types.ts';
import { createPrng } from '../sim/prng.ts';
import { defaultWorkload } from '../sim/world-config.ts';
import { scenarioError, show, type PathPart, type ScenarioError } from './scenario-error.ts';
import type { ClusterSection, Scenario } from './scenario-schema.ts';
import { clusterNodes, placementPositions, ringParams } from './scenario-setup.ts';
import type { FaultEntry, WorkloadEntry } from './fault-schema.ts';

type Problem = ScenarioError | undefined;

export function checkScenario(s: Scenario): Problem {
  const nodes = clusterNodes(s.cluster);
  const known = new Set(nodes.map((n) => n.id));
  for (const { fault } of allFaults(s)) if (fault.kind === 'join') known.add(fault.node);
  const clients = clientIds(s);
  const endpoints = new Set([...known, ...clients]);
  return (
    checkCluster(s.cluster ?? {}, s.seed ?? 1) ??
    checkNetwork(s, known, endpoints) ??
    checkWorkloads(s.workloads ?? [], ['workloads']) ??
    checkSchedule(s, known, endpoints)
  );
}

function checkCluster(c: ClusterSection, seed: number): Problem {
  const nodes = clusterNodes(c);
  const seen = new Map<NodeId, number>();
  for (const [i, n] of nodes.entries()) {
    const earlier = seen.get(n.id);
    if (earlier !== undefined)
      return scenarioError(
        ['cluster', 'nodes', i],
        `node ${show(n.id)} is already cluster.nodes[${earlier}]`,
      );
    seen.set(n.id, i);
  }
  const config = { ...defaultNodeConfig, ...definedOnly(c) };
  const nrw = nodeConfigProblem(config, nodes.length);
  if (nrw !== undefined) return scenarioError(['cluster', /^\w+/.exec(nrw)?.[0] ?? 'N'], nrw);
  const strategy = c.strategy ?? 3;
  if (strategy === 3 && c.tokensPerNode !== undefined) {
    return scenarioError(
      'cluster.tokensPerNode',
      'does not apply to strategy 3 (each node holds Q/S tokens; set partitionCount)',
    );
  }
  if (strategy === 1 && c.partitionCount !== undefined) {
    return scenarioError(
      'cluster.partitionCount',
      'does not apply to strategy 1 (its partitions are the token ranges; set tokensPerNode)',
    );
  }
  const params = ringParams(c, nodes.length);
  const ends =
    params.strategy === 3 ? new Set(partitionEnds(params.partitionCount ?? 0)) : undefined;
  const pinned = placementPositions(c.placement) ?? {};
  for (const [node, positions] of Object.entries(c.placement ?? {})) {
    if (!seen.has(node))
      return scenarioError(['cluster', 'placement', node], `unknown node ${show(node)}`);
    for (const [i, position] of (pinned[node] ?? []).entries()) {
      if (ends && !ends.has(position)) {
        return scenarioError(
          ['cluster', 'placement', node, i],
          `strategy 3 tokens sit at partition ends k/Q of the ring (Q = ${params.partitionCount}); ${show(positions[i])} is not one`,
        );
      }
    }
  }
  for (const [i, node] of (c.seeds ?? []).entries()) {
    if (!seen.has(node))
      return scenarioError(['cluster', 'seeds', i], `unknown node ${show(node)}`);
  }
  try {
    createRing({
      params,
      nodes,
      N: config.N,
      prng: createPrng(seed, 'ring'),
      ...(c.placement ? { placement: pinned } : {}),
    });
  } catch (error) {
    if (!(error instanceof RingConfigError)) throw error;
    return scenarioError(['cluster', ringFieldOf[error.parameter] ?? 'nodes'], error.message);
  }
  return undefined;
}

const ringFieldOf: Record<string, string> = {
  T: 'tokensPerNode',
  Q: 'partitionCount',
  N: 'N',
  nodes: 'nodes',
  placement: 'placement',
  strategy: 'strategy',
};

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkNetwork(s: Scenario, nodes: Set<NodeId>, endpoints: Set<string>): Problem {
  const network = s.network ?? {};
  const groups = groupsProblem(network.partitions ?? [], endpoints, ['network', 'partitions']);
  if (groups) return groups;
  for (const [i, link] of (network.cutLinks ?? []).entries()) {
    for (const end of ['from', 'to'] as const) {
      if (!endpoints.has(link[end]))
        return scenarioError(
          ['network', 'cutLinks', i, end],
          `unknown node or client ${show(link[end])}`,
        );
    }
  }
  for (const node of Object.keys(network.slowNodes ?? {})) {
    if (!nodes.has(node))
      return scenarioError(['network', 'slowNodes', node], `unknown node ${show(node)}`);
  }
  return undefined;
}

function groupsProblem(
  groups: readonly (readonly string[])[],
  endpoints: ReadonlySet<string>,
  path: PathPart[],
): Problem {
  const groupOf = new Map<string, number>();
  for (const [g, group] of groups.entries()) {
    for (const [i, member] of group.entries()) {
      if (!endpoints.has(member))
        return scenarioError([...path, g, i], `unknown node or client ${show(member)}`);
      const earlier = groupOf.get(member);
      if (earlier !== undefined)
        return scenarioError([...path, g, i], `${show(member)} is already in group ${earlier}`);
      groupOf.set(member, g);
    }
  }
  return undefined;
}

function checkWorkloads(workloads: readonly WorkloadEntry[], path: PathPart[]): Problem {
  const seen = new Set<string>();
  for (const [i, w] of workloads.entries()) {
    if (seen.has(w.id))
      return scenarioError([...path, i, 'id'], `workload ${show(w.id)} is defined twice`);
    seen.add(w.id);
    const problem = workloadProblem(w, [...path, i]);
    if (problem) return problem;
  }
  return undefined;
}

function workloadProblem(w: WorkloadEntry, path: PathPart[]): Problem {
  const startMs = w.startMs ?? 0;
  if (w.stopMs !== undefined && w.stopMs < startMs)
    return scenarioError(
      [...path, 'stopMs'],
      `must not be before startMs (${startMs}), got ${w.stopMs}`,
    );
  return undefined;
}

function checkSchedule(s: Scenario, nodes: Set<NodeId>, endpoints: Set<string>): Problem {
  const workloadIds = new Set((s.workloads ?? []).map((w) => w.id));
  for (const { fault } of allFaults(s))
    if (fault.kind === 'workload-start') workloadIds.add(fault.workload.id);
  const lists = [['schedule', s.schedule ?? []], ['interventions', s.interventions ?? []]] as const;
  for (const [field, entries] of lists)
    for (const [i, { fault }] of entries.entries()) {
      const problem = faultProblem(fault, [field, i, 'fault'], { nodes, endpoints, workloadIds });
      if (problem) return problem;
    }
  return undefined;
}

/** The faults of the schedule and then those made by hand (`interventions`). */
function allFaults(s: Scenario): { fault: FaultEntry }[] {
  return [...(s.schedule ?? []), ...(s.interventions ?? [])];
}

/**
 * The membership changes of a schedule that will not happen, in time order against the ring they
 * change (§4.8, §4.9): a join of a node already in the ring, a leave of one not in it or crashed
 * then (a node hands off only while up), a leave that would leave fewer than N nodes. The world
 * passes over them, as it does over the fuzzer's random schedules; a person who wrote the file is
 * told. Crashes and recoveries are followed as scheduled (a worker's own fault cannot be foreseen).
 */
export function passedOverChanges(s: Scenario): ScenarioError[] {
  const members = new Set(clusterNodes(s.cluster).map((n) => n.id));
  const N = s.cluster?.N ?? defaultNodeConfig.N;
  const crashed = new Set<NodeId>();
  const notes: ScenarioError[] = [];
  const entries = [...(s.schedule ?? []).entries()].sort(([i, a], [j, b]) => a.atMs - b.atMs || i - j);
  for (const [i, { atMs, fault }] of entries) {
    const note = (message: string) => notes.push(scenarioError(['schedule', i, 'fault'], message));
    switch (fault.kind) {
      case 'join':
        if (members.has(fault.node)) {
          note(`node ${show(fault.node)} is already in the ring at ${atMs} ms, so this join will not happen`);
          break;
        }
        members.add(fault.node);
        crashed.delete(fault.node);
        break;
      case 'leave':
        if (!members.has(fault.node))
          note(`node ${show(fault.node)} is not in the ring at ${atMs} ms (it left earlier or joins later), so this leave will not happen`);
        else if (crashed.has(fault.node))
          note(`node ${show(fault.node)} is crashed at ${atMs} ms, so this leave will not happen: a node leaves only while it is up`);
        else if (members.size - 1 < N)
          note(`node ${show(fault.node)} leaving at ${atMs} ms would leave ${members.size - 1} nodes, fewer than N = ${N}, so it will not happen`);
        else members.delete(fault.node);
        break;
      case 'crash':
        if (members.has(fault.node)) crashed.add(fault.node);
        break;
      case 'recover':
        crashed.delete(fault.node);
        break;
      default:
        break;
    }
  }
  return notes;
}

export interface KnownNames {
  nodes: ReadonlySet<NodeId>;
  endpoints: ReadonlySet<string>;
  workloadIds: ReadonlySet<string>;
}

/** Checks the names one fault uses; shared with interventions decoded from a URL. */
export function faultProblem(fault: FaultEntry, path: PathPart[], known: KnownNames): Problem {
  const node = (field: string, value: string | undefined): Problem =>
    value === undefined || known.nodes.has(value)
      ? undefined
      : scenarioError([...path, field], `unknown node ${show(value)}`);
  const endpoint = (field: string, value: string): Problem =>
    known.endpoints.has(value)
      ? undefined
      : scenarioError([...path, field], `unknown node or client ${show(value)}`);
  switch (fault.kind) {
    case 'crash':
    case 'recover':
    case 'slow':
    case 'leave':
      return node('node', fault.node);
    case 'cut':
    case 'restore':
      return endpoint('from', fault.from) ?? endpoint('to', fault.to);
    case 'partition':
      return groupsProblem(fault.groups, known.endpoints, [...path, 'groups']);
    case 'put':
    case 'get':
      return node('coordinator', fault.coordinator);
    case 'workload-start':
      return workloadProblem(fault.workload, [...path, 'workload']);
    case 'workload-stop':
      return known.workloadIds.has(fault.id)
        ? undefined
        : scenarioError([...path, 'id'], `unknown workload ${show(fault.id)}`);
    case 'heal':
    case 'loss':
    case 'latency':
    case 'join':
      return undefined;
  }
}

/** Every client a scenario can have: each workload's sessions and those named by gets and puts. */
export function clientIds(s: Scenario): Set<string> {
  const ids = new Set<string>();
  const addWorkload = (w: WorkloadEntry): void => {
    for (let k = 1; k <= (w.clients ?? defaultWorkload.clients); k++) ids.add(`${w.id}-c${k}`);
  };
  for (const w of s.workloads ?? []) addWorkload(w);
  for (const { fault } of allFaults(s)) {
    if (fault.kind === 'put' || fault.kind === 'get') ids.add(fault.client ?? 'c1');
    if (fault.kind === 'workload-start') addWorkload(fault.workload);
  }
  return ids;
}

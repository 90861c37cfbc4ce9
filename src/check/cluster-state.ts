/**
 * A snapshot of what every node holds at one moment — store, hint store, membership view — taken
 * from any NodeHost, so the checkers (Dynamo §4.3–§4.9) read plain data and run the same in tests,
 * the fuzzer and the playground (where nodes live in workers and answer asynchronously).
 */
import type { Hint } from '../core/effects.ts';
import type { NodeConfig } from '../core/node-config.ts';
import type { RingState } from '../core/partitioning.ts';
import type { Key, NodeId, Version } from '../core/types.ts';
import type { NodeStatus, World } from '../sim/world.ts';

export interface NodeState {
  id: NodeId;
  status: NodeStatus;
  /** The node's objects: its live store when running, its disk image when down. */
  data: ReadonlyMap<Key, readonly Version[]>;
  hints: readonly Hint[];
  /** Running nodes only: their membership view's digest and the members it names. */
  membershipDigest?: string;
  members?: readonly NodeId[];
}

export interface ClusterState {
  atMs: number;
  /** The administrator's ring: the membership every node should converge to (§4.8.1). */
  ring: RingState;
  config: NodeConfig;
  nodes: readonly NodeState[];
}

function running(status: NodeStatus | undefined): boolean {
  return status === 'up' || status === 'left';
}

/** What the host knows of a node without asking it: all of its state when it is not running. */
function fromDisk(world: World, id: NodeId): { state: NodeState; running: boolean } {
  const status = world.nodeStatus(id) ?? 'crashed';
  const hints = [...(world.host.disk(id)?.hints.values() ?? [])];
  if (!running(status))
    return { state: { id, status, data: new Map(world.host.disk(id)?.data ?? []), hints }, running: false };
  return { state: { id, status, data: new Map(), hints }, running: true };
}

/** A running node's state: what the host knew of it with what the node answered. */
function withAnswers(
  state: NodeState,
  data: ReadonlyMap<Key, readonly Version[]>,
  snapshot: Pick<NodeState, 'membershipDigest' | 'members'>,
): NodeState {
  return { ...state, data, membershipDigest: snapshot.membershipDigest, members: snapshot.members };
}

function asked(world: World, state: NodeState): NodeState {
  const keys = world.host.keys(state.id);
  const snapshot = world.host.inspect(state.id);
  if (keys instanceof Promise || snapshot instanceof Promise)
    throw new Error('this host is asynchronous: use captureStateAsync');
  const data = new Map<Key, readonly Version[]>();
  for (const key of keys) {
    const versions = world.host.read(state.id, key);
    if (versions instanceof Promise)
      throw new Error('this host is asynchronous: use captureStateAsync');
    data.set(key, versions);
  }
  return withAnswers(state, data, snapshot);
}

async function askedAsync(world: World, state: NodeState): Promise<NodeState> {
  const snapshot = await world.host.inspect(state.id);
  const data = new Map<Key, readonly Version[]>();
  for (const key of await world.host.keys(state.id)) data.set(key, await world.host.read(state.id, key));
  return withAnswers(state, data, snapshot);
}

function clusterState(world: World, nodes: readonly NodeState[]): ClusterState {
  return { atMs: world.nowMs(), ring: world.ring(), config: world.setup.cluster.node, nodes };
}

/** The snapshot from a host that answers at once (the in-process host). */
export function captureState(world: World): ClusterState {
  const nodes: NodeState[] = [];
  for (const id of world.nodes()) {
    const disk = fromDisk(world, id);
    nodes.push(disk.running ? asked(world, disk.state) : disk.state);
  }
  return clusterState(world, nodes);
}

/** The snapshot from any host, workers included. */
export async function captureStateAsync(world: World): Promise<ClusterState> {
  const nodes: NodeState[] = [];
  for (const id of world.nodes()) {
    const disk = fromDisk(world, id);
    nodes.push(disk.running ? await askedAsync(world, disk.state) : disk.state);
  }
  return clusterState(world, nodes);
}

/** Nodes that are members of the administrator's ring and running. */
export function memberStates(state: ClusterState): NodeState[] {
  const members = new Set(state.ring.nodes.map((n) => n.id));
  return state.nodes.filter((n) => members.has(n.id) && n.status === 'up');
}

export function nodeState(state: ClusterState, id: NodeId): NodeState | undefined {
  return state.nodes.find((n) => n.id === id);
}

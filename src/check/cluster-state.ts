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

/** The snapshot from a host that answers at once (the in-process host). */
export function captureState(world: World): ClusterState {
  const nodes: NodeState[] = [];
  for (const id of world.nodes()) {
    const status = world.nodeStatus(id) ?? 'crashed';
    const hints = [...(world.host.disk(id)?.hints.values() ?? [])];
    if (!running(status)) {
      nodes.push({ id, status, data: new Map(world.host.disk(id)?.data ?? []), hints });
      continue;
    }
    const keys = world.host.keys(id);
    const snapshot = world.host.inspect(id);
    if (keys instanceof Promise || snapshot instanceof Promise)
      throw new Error('this host is asynchronous: use captureStateAsync');
    const data = new Map<Key, readonly Version[]>();
    for (const key of keys) {
      const versions = world.host.read(id, key);
      if (versions instanceof Promise)
        throw new Error('this host is asynchronous: use captureStateAsync');
      data.set(key, versions);
    }
    nodes.push({
      id,
      status,
      data,
      hints,
      membershipDigest: snapshot.membershipDigest,
      members: snapshot.members,
    });
  }
  return { atMs: world.nowMs(), ring: world.ring(), config: world.setup.cluster.node, nodes };
}

/** The snapshot from any host, workers included. */
export async function captureStateAsync(world: World): Promise<ClusterState> {
  const nodes: NodeState[] = [];
  for (const id of world.nodes()) {
    const status = world.nodeStatus(id) ?? 'crashed';
    const hints = [...(world.host.disk(id)?.hints.values() ?? [])];
    if (!running(status)) {
      nodes.push({ id, status, data: new Map(world.host.disk(id)?.data ?? []), hints });
      continue;
    }
    const snapshot = await world.host.inspect(id);
    const data = new Map<Key, readonly Version[]>();
    for (const key of await world.host.keys(id)) data.set(key, await world.host.read(id, key));
    nodes.push({
      id,
      status,
      data,
      hints,
      membershipDigest: snapshot.membershipDigest,
      members: snapshot.members,
    });
  }
  return { atMs: world.nowMs(), ring: world.ring(), config: world.setup.cluster.node, nodes };
}

/** Nodes that are members of the administrator's ring and running. */
export function memberStates(state: ClusterState): NodeState[] {
  const members = new Set(state.ring.nodes.map((n) => n.id));
  return state.nodes.filter((n) => members.has(n.id) && n.status === 'up');
}

export function nodeState(state: ClusterState, id: NodeId): NodeState | undefined {
  return state.nodes.find((n) => n.id === id);
}

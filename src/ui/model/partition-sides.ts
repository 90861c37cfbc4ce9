/**
 * The sides of a partition as the simulated network judges them (Dynamo §4.6's failures; the
 * partition-heal story of §4.4), for the views: a node named in group i is on side i; a node named in
 * no group is on one side of its own, cut off from every group (sim/network.ts); a client named in no
 * group stands with the first group (sim/world.ts), as the hand clients do unless placed.
 *
 *     groups [n1 n2 alice] [n3 bob]      members n1…n5
 *     sides  0: n1 n2 · alice   1: n3 · bob   2: n4 n5 (not drawn in)
 */
import type { ClientId, EndpointId, NodeId } from '../../core/types.ts';
import type { AppliedFault } from '../../sim/metrics.ts';

export type PartitionGroups = readonly (readonly EndpointId[])[];

export interface PartitionSide {
  nodes: NodeId[];
  clients: ClientId[];
  /** False for the side of the members named in no group. */
  drawn: boolean;
}

/** The side index of a node: its group's, or `groups.length` for a member named in no group. */
export function sideOfNode(groups: PartitionGroups, node: NodeId): number {
  const i = groups.findIndex((g) => g.includes(node));
  return i === -1 ? groups.length : i;
}

/** The side index of a client: its group's, or the first group's when it is named in none. */
export function sideOfClient(groups: PartitionGroups, client: ClientId): number {
  const i = groups.findIndex((g) => g.includes(client));
  return i === -1 ? 0 : i;
}

/** Whether a client and a node can exchange messages under these groups (no partition: always). */
export function clientReaches(groups: PartitionGroups, client: ClientId, node: NodeId): boolean {
  return groups.length === 0 || sideOfClient(groups, client) === sideOfNode(groups, node);
}

/**
 * Every side with the members and the given clients on it, in group order, then the side of the
 * members named in no group when there are any. Names that are neither (a node that left, a
 * traffic client) are not shown. No partition: no sides.
 */
export function partitionSides(
  groups: PartitionGroups,
  members: readonly NodeId[],
  clients: readonly ClientId[],
): PartitionSide[] {
  if (groups.length === 0) return [];
  const sides: PartitionSide[] = groups.map(() => ({ nodes: [], clients: [], drawn: true }));
  const undrawn: PartitionSide = { nodes: [], clients: [], drawn: false };
  for (const n of members) (sides[sideOfNode(groups, n)] ?? undrawn).nodes.push(n);
  for (const c of clients) sides[sideOfClient(groups, c)]?.clients.push(c);
  return undrawn.nodes.length > 0 ? [...sides, undrawn] : sides;
}

/** One side as the status line writes it: "n1 n2 · alice", "n4 n5 (not drawn in)". */
export function sideText(side: PartitionSide): string {
  const nodes = side.nodes.length > 0 ? side.nodes.join(' ') : 'no node';
  const clients = side.clients.length > 0 ? ` · ${side.clients.join(' ')}` : '';
  return `${nodes}${clients}${side.drawn ? '' : ' (not drawn in)'}`;
}

/** The partition groups in force at `atMs`: the latest partition or heal at or before it. */
export function partitionAt(faults: readonly AppliedFault[], atMs: number): PartitionGroups {
  let groups: PartitionGroups = [];
  for (const { atMs: t, fault } of faults) {
    if (t > atMs) break;
    if (fault.kind === 'partition') groups = fault.groups;
    else if (fault.kind === 'heal') groups = [];
  }
  return groups;
}

/**
 * Why a request got no answer, when the reason is the partition: the client could not reach the
 * node it sent the request to. Undefined when the partition does not explain the failure.
 */
export function acrossPartition(
  groups: PartitionGroups,
  client: ClientId,
  sentTo: NodeId | undefined,
): string | undefined {
  if (sentTo === undefined || clientReaches(groups, client, sentTo)) return undefined;
  return `${client} cannot reach ${sentTo} across the partition`;
}

/**
 * A partition being drawn by hand (design.md "Faults by hand"; the partition-heal story of Dynamo
 * §4.4): each node clicked into group A, B or left out, each hand client placed in A or B. Applied,
 * it is a `partition` fault whose groups name the nodes and the clients, as a scenario file writes it.
 * Nodes left out are named in no group, so the network puts them on a side of their own, cut off
 * from both groups (sim/network.ts): the draft says so instead of pretending they stay connected.
 */
import type { ClientId, NodeId } from '../../core/types.ts';
import type { Fault } from '../../sim/world-config.ts';

export type DraftGroup = 'A' | 'B';

/** The group of each node clicked in and of each hand client, by name (nodes and clients do not share names). */
export type PartitionDraft = ReadonlyMap<string, DraftGroup>;

export interface DraftSides {
  A: { nodes: NodeId[]; clients: ClientId[] };
  B: { nodes: NodeId[]; clients: ClientId[] };
  /** Members clicked into neither group: a side of their own once applied. */
  leftOut: NodeId[];
}

/** A new draft: no node drawn in, the first client in A and the second in B, so each side has a writer. */
export function newDraft(clients: readonly ClientId[]): PartitionDraft {
  return new Map(clients.map((c, i) => [c, i % 2 === 0 ? 'A' : 'B'] as const));
}

/** A click on a node: out → A → B → out. */
export function cycleNode(draft: PartitionDraft, node: NodeId): PartitionDraft {
  const next = new Map(draft);
  const group = draft.get(node);
  if (group === undefined) next.set(node, 'A');
  else if (group === 'A') next.set(node, 'B');
  else next.delete(node);
  return next;
}

/** A click on a client: A ↔ B (a client stands with a group, never on a side of its own). */
export function toggleClient(draft: PartitionDraft, client: ClientId): PartitionDraft {
  return new Map(draft).set(client, draft.get(client) === 'B' ? 'A' : 'B');
}

export function draftSides(
  draft: PartitionDraft,
  members: readonly NodeId[],
  clients: readonly ClientId[],
): DraftSides {
  const sides: DraftSides = {
    A: { nodes: [], clients: [] },
    B: { nodes: [], clients: [] },
    leftOut: [],
  };
  for (const n of members) {
    const group = draft.get(n);
    if (group === undefined) sides.leftOut.push(n);
    else sides[group].nodes.push(n);
  }
  for (const c of clients) sides[draft.get(c) ?? 'A'].clients.push(c);
  return sides;
}

/** Why the draft cannot be applied yet, or null when it can. */
export function draftProblem(sides: DraftSides): string | null {
  const empty = (['A', 'B'] as const).filter((g) => sides[g].nodes.length === 0);
  if (empty.length === 0) return null;
  return `Put at least one node in group ${empty.join(' and group ')}.`;
}

/** The partition the draft describes: A and B with their nodes and clients; left-out nodes are named in no group. */
export function draftFault(sides: DraftSides): Extract<Fault, { kind: 'partition' }> {
  return {
    kind: 'partition',
    groups: [
      [...sides.A.nodes, ...sides.A.clients],
      [...sides.B.nodes, ...sides.B.clients],
    ],
  };
}

/**
 * Strategy 3's partition claim: which node holds each of the Q equal partitions (Dynamo §6.2).
 *
 * Every node holds ⌊Q/S⌋ or ⌈Q/S⌉ partitions. "When a node leaves the system, its tokens are
 * randomly distributed to the remaining nodes such that these properties are preserved. Similarly,
 * when a node joins the system it 'steals' tokens from nodes in the system". Like Riak's claim, we
 * also try to keep any N consecutive partitions on distinct nodes, so a partition's N replicas are
 * simply the owners of it and the next N-1 partitions; that is best effort, evenness comes first.
 *
 * `owners[i]` is the node holding partition i.
 */
import type { NodeId, Prng } from './types.ts';

/** The initial claim: a random order of the nodes dealt round-robin, then wrap-around conflicts repaired. */
export function claimPartitions(
  nodeIds: readonly NodeId[],
  Q: number,
  N: number,
  prng: Prng,
  pinned: ReadonlyMap<number, NodeId> = new Map(),
): NodeId[] {
  const pinnedNodes = new Set(pinned.values());
  const free = nodeIds.filter((id) => !pinnedNodes.has(id));
  const dealer = shuffle(free.length > 0 ? free : [...nodeIds], prng);
  const owners: NodeId[] = new Array<NodeId>(Q);
  let dealt = 0;
  for (let i = 0; i < Q; i++) {
    owners[i] = pinned.get(i) ?? dealer[dealt++ % dealer.length] ?? '';
  }
  repairWindows(owners, N, (i) => !pinned.has(i));
  return owners;
}

/** A joining node steals one partition at a time from a node holding the most, until it has ⌊Q/(S+1)⌋. */
export function claimJoin(
  owners: readonly NodeId[],
  joining: NodeId,
  N: number,
  prng: Prng,
  pins: readonly number[] = [],
): NodeId[] {
  const next = [...owners];
  const held = holdings(next);
  const mine: number[] = [];
  held.set(joining, mine);
  for (const i of pins) {
    const list = held.get(next[i] ?? '') ?? [];
    removeAt(list, list.indexOf(i));
    next[i] = joining;
    mine.push(i);
  }
  const target = Math.floor(next.length / held.size);
  while (mine.length < target) {
    const donor = held.get(pickExtreme(held, joining, prng, (a, b) => a > b)) ?? [];
    const at = pickFitting(next, donor, joining, N, prng);
    const i = donor[at] ?? 0;
    removeAt(donor, at);
    next[i] = joining;
    mine.push(i);
  }
  return next;
}

/** A leaving node's partitions go one at a time to a random node among those holding the fewest. */
export function claimLeave(
  owners: readonly NodeId[],
  leaving: NodeId,
  remaining: readonly NodeId[],
  N: number,
  prng: Prng,
): NodeId[] {
  const next = [...owners];
  const held = new Map<NodeId, number[]>(remaining.map((id) => [id, []]));
  const orphans: number[] = [];
  next.forEach((node, i) => (node === leaving ? orphans.push(i) : held.get(node)?.push(i)));
  for (const i of shuffle(orphans, prng)) {
    const fewest = Math.min(...[...held.values()].map((list) => list.length));
    const receivers = [...held.keys()].filter((id) => held.get(id)?.length === fewest);
    const fitting = receivers.filter((id) => fitsAt(next, i, id, N));
    const receiver = pick(fitting.length > 0 ? fitting : receivers, prng);
    next[i] = receiver;
    held.get(receiver)?.push(i);
  }
  return next;
}

/** True when `node` at partition i would not repeat within N-1 partitions either side (ignoring i itself). */
export function fitsAt(owners: readonly NodeId[], i: number, node: NodeId, N: number): boolean {
  const Q = owners.length;
  const reach = Math.min(N - 1, Math.floor((Q - 1) / 2));
  for (let d = 1; d <= reach; d++) {
    if (owners[(i + d) % Q] === node || owners[(i - d + Q) % Q] === node) return false;
  }
  return true;
}

/**
 * Swaps partitions to remove repeats within a window of N. Round-robin only conflicts at the wrap,
 * so this does little work; the scan is capped so a hopeless case (e.g. S = N, Q not a multiple
 * of S) stays linear.
 */
function repairWindows(owners: NodeId[], N: number, movable: (i: number) => boolean): void {
  const Q = owners.length;
  let budget = 64 * Q;
  for (let i = 0; i < Q && budget > 0; i++) {
    if (!movable(i) || fitsAt(owners, i, owners[i] ?? '', N)) continue;
    for (let step = 1; step < Q && budget > 0; step++, budget--) {
      const j = (i + step) % Q;
      if (!movable(j) || owners[j] === owners[i]) continue;
      swap(owners, i, j);
      if (fitsAt(owners, i, owners[i] ?? '', N) && fitsAt(owners, j, owners[j] ?? '', N)) break;
      swap(owners, i, j);
    }
  }
}

/** Where in `candidates` to take from: a random partition that keeps `node` out of its neighbours' windows if possible. */
function pickFitting(
  owners: readonly NodeId[],
  candidates: readonly number[],
  node: NodeId,
  N: number,
  prng: Prng,
): number {
  for (let attempt = 0; attempt < 8; attempt++) {
    const at = Math.floor(prng.next() * candidates.length);
    if (fitsAt(owners, candidates[at] ?? 0, node, N)) return at;
  }
  const fitting = candidates.flatMap((i, at) => (fitsAt(owners, i, node, N) ? [at] : []));
  return fitting.length > 0 ? pick(fitting, prng) : Math.floor(prng.next() * candidates.length);
}

/** A random node among those with the most (or fewest) partitions, never `excluded`. */
function pickExtreme(
  held: ReadonlyMap<NodeId, number[]>,
  excluded: NodeId,
  prng: Prng,
  better: (a: number, b: number) => boolean,
): NodeId {
  let best: NodeId[] = [];
  let bestCount = -1;
  for (const [id, list] of held) {
    if (id === excluded) continue;
    if (best.length === 0 || better(list.length, bestCount)) {
      best = [id];
      bestCount = list.length;
    } else if (list.length === bestCount) best.push(id);
  }
  return pick(best, prng);
}

function holdings(owners: readonly NodeId[]): Map<NodeId, number[]> {
  const held = new Map<NodeId, number[]>();
  owners.forEach((node, i) => {
    const list = held.get(node);
    if (list) list.push(i);
    else held.set(node, [i]);
  });
  return held;
}

/** O(1) removal; the order of a node's partition list does not matter. */
function removeAt(list: number[], at: number): void {
  if (at < 0 || at >= list.length) return;
  list[at] = list[list.length - 1] ?? 0;
  list.pop();
}

function swap(owners: NodeId[], i: number, j: number): void {
  const a = owners[i] ?? '';
  owners[i] = owners[j] ?? '';
  owners[j] = a;
}

function pick<T>(items: readonly T[], prng: Prng): T {
  const item = items[Math.floor(prng.next() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function shuffle<T>(items: readonly T[], prng: Prng): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(prng.next() * (i + 1));
    const a = result[i] as T;
    result[i] = result[j] as T;
    result[j] = a;
  }
  return result;
}

/**
 * A key's preference list: the distinct physical nodes met walking the ring clockwise (Dynamo §4.3),
 * extended past the N home replicas so a sloppy quorum can walk on to stand-ins (§4.6).
 *
 *        K
 *   A ---*--- B ----- C ----- D ----- E ...     key K in (A, B]
 *             primary primary primary fallback  (N = 3)
 *
 * Strategy 1 walks from the key's own position; strategies 2 and 3 walk from the end of the key's
 * partition, so every key of a partition shares one list (§6.2). Positions of nodes already listed
 * are skipped, so virtual nodes never put one machine on the list twice.
 */
import { ringPosition } from './hash.ts';
import {
  ownerTokenIndex,
  partitionEnds,
  partitionIndexOf,
  RingConfigError,
} from './partitioning.ts';
import type { RingState } from './partitioning.ts';
import type {
  DataCenterId,
  Key,
  NodeId,
  PreferenceEntry,
  PreferenceList,
  ReplicaRole,
  RingPosition,
} from './types.ts';

export interface PreferenceListOptions {
  /**
   * §4.6: replicas "spread across multiple data centers". Rule: walk the list in ring order and
   * take, as a primary, each node whose data center is not yet among the primaries, until N are
   * chosen or every data center is covered; then fill the remaining primaries in ring order. The
   * primaries keep ring order (the first node walked is always first), the rest are fallbacks.
   * Nodes without a data center count as one shared, unnamed data center.
   */
  spreadDataCenters?: boolean;
}

const positionCache = new Map<Key, RingPosition>();
const POSITION_CACHE_LIMIT = 200_000;

/** MD5 ring position of a key, memoised: keys repeat across requests, replicas and nodes. */
export function keyPosition(key: Key): RingPosition {
  let p = positionCache.get(key);
  if (p === undefined) {
    if (positionCache.size >= POSITION_CACHE_LIMIT) positionCache.clear();
    p = ringPosition(key);
    positionCache.set(key, p);
  }
  return p;
}

// Rings are immutable values, so a walk computed once stays right for the life of the ring object.
const walkCache = new WeakMap<RingState, Map<number, readonly NodeId[]>>();
/** Keyed by `listCacheKey`: a number, so a hit builds no string. */
const listCache = new WeakMap<RingState, Map<number, PreferenceList>>();
const partitionStartCache = new WeakMap<RingState, Map<number, number>>();
/**
 * A ring's entries, one per node and role, shared by all its lists: a list on a big ring names
 * every node (sloppy quorum's fallbacks), so 512 nodes and 2,048 partitions would otherwise hold a
 * million entry objects.
 */
const entryCache = new WeakMap<RingState, Map<NodeId, { primary: PreferenceEntry; fallback: PreferenceEntry }>>();

function entryOf(ring: RingState, node: NodeId, role: ReplicaRole): PreferenceEntry {
  const entries = cacheFor(entryCache, ring);
  let pair = entries.get(node);
  if (pair === undefined) {
    pair = { primary: { node, role: 'primary' }, fallback: { node, role: 'fallback' } };
    entries.set(node, pair);
  }
  return role === 'primary' ? pair.primary : pair.fallback;
}

/**
 * Ring → variant (N, spread) → key → answer: every request asks for its key's list and home
 * replicas, so a hit is three lookups instead of hashing and walking.
 */
interface KeyCache<V> {
  readonly byRing: WeakMap<RingState, Map<number, Map<Key, V>>>;
  /** The ring asked about last, and its maps: nodes of one run share one ring. */
  ring?: RingState;
  variants?: Map<number, Map<Key, V>>;
}
const keyListCache: KeyCache<PreferenceList> = { byRing: new WeakMap() };
const keyHomesCache: KeyCache<readonly NodeId[]> = { byRing: new WeakMap() };
const KEY_CACHE_LIMIT = 200_000;

function keyCacheFor<V>(cache: KeyCache<V>, ring: RingState, variant: number): Map<Key, V> {
  let variants = cache.variants;
  if (cache.ring !== ring || variants === undefined) {
    variants = cacheFor(cache.byRing, ring);
    cache.ring = ring;
    cache.variants = variants;
  }
  let byKey = variants.get(variant);
  if (!byKey) {
    byKey = new Map<Key, V>();
    variants.set(variant, byKey);
  } else if (byKey.size >= KEY_CACHE_LIMIT) byKey.clear();
  return byKey;
}

export function preferenceList(
  ring: RingState,
  key: Key,
  N: number,
  options?: PreferenceListOptions,
): PreferenceList {
  // Only a valid N is ever cached (preferenceListAt throws first), so a hit needs no validation.
  if (!Number.isInteger(N)) return preferenceListAt(ring, keyPosition(key), N, options);
  const byKey = keyCacheFor(keyListCache, ring, N * 2 + (options?.spreadDataCenters === true ? 1 : 0));
  let list = byKey.get(key);
  if (list === undefined) {
    list = preferenceListAt(ring, keyPosition(key), N, options);
    byKey.set(key, list);
  }
  return list;
}

export function preferenceListAt(
  ring: RingState,
  position: RingPosition,
  N: number,
  options?: PreferenceListOptions,
): PreferenceList {
  validateN(ring, N);
  const start = walkStartIndex(ring, position);
  const spread = options?.spreadDataCenters === true;
  // N never exceeds the node count (validateN), far below 2^20; start is a token index.
  const cacheKey = (start * 0x100000 + N) * 2 + (spread ? 1 : 0);
  const lists = cacheFor(listCache, ring);
  const cached = lists.get(cacheKey);
  if (cached) return cached;
  const order = fullWalk(ring, start);
  const primaries = spread ? spreadPrimaries(ring, order, N) : new Set(order.slice(0, N));
  const list: PreferenceList = order.map((node) =>
    entryOf(ring, node, primaries.has(node) ? 'primary' : 'fallback'),
  );
  const primaryFirst = spread
    ? [...list.filter((e) => e.role === 'primary'), ...list.filter((e) => e.role === 'fallback')]
    : list;
  lists.set(cacheKey, primaryFirst);
  return primaryFirst;
}

/** The key's N home replicas (the primaries of its preference list). */
export function homeReplicas(ring: RingState, key: Key, N: number): readonly NodeId[] {
  if (!Number.isInteger(N)) return homeReplicasAt(ring, keyPosition(key), N);
  const byKey = keyCacheFor(keyHomesCache, ring, N);
  let homes = byKey.get(key);
  if (homes === undefined) {
    homes = homeReplicasAt(ring, keyPosition(key), N);
    byKey.set(key, homes);
  }
  return homes;
}

/** The N home replicas of a position; cheaper than the full list because it stops after N nodes. */
export function homeReplicasAt(
  ring: RingState,
  position: RingPosition,
  N: number,
): readonly NodeId[] {
  validateN(ring, N);
  return distinctNodesFrom(ring, walkStartIndex(ring, position), N);
}

/** Index of the token the walk for `position` starts at. */
export function walkStartIndex(ring: RingState, position: RingPosition): number {
  if (ring.params.strategy === 1) return ownerTokenIndex(ring, position);
  return partitionWalkStart(ring, partitionIndexOf(ring, position));
}

/** Strategies 2 and 3: the walk for partition i starts at the first token at or after its end. */
export function partitionWalkStart(ring: RingState, partitionIndex: number): number {
  const starts = cacheFor(partitionStartCache, ring);
  let start = starts.get(partitionIndex);
  if (start === undefined) {
    const end = partitionEnds(ring.params.partitionCount ?? 0)[partitionIndex] ?? '';
    start = ownerTokenIndex(ring, end);
    starts.set(partitionIndex, start);
  }
  return start;
}

/** The first `limit` distinct nodes walking clockwise from token `start`. */
export function distinctNodesFrom(ring: RingState, start: number, limit: number): NodeId[] {
  const cached = walkCache.get(ring)?.get(start);
  if (cached) return cached.slice(0, limit);
  const { ids, tokenNode } = tokenNodeIndex(ring);
  const seen = new Uint8Array(ids.length);
  const order: NodeId[] = [];
  const count = tokenNode.length;
  for (
    let step = 0, i = start;
    step < count && order.length < limit;
    step++, i = i + 1 === count ? 0 : i + 1
  ) {
    const node = tokenNode[i] ?? 0;
    if (seen[node] === 0) {
      seen[node] = 1;
      order.push(ids[node] ?? '');
    }
  }
  return order;
}

// Walks touch thousands of tokens on big rings; small integers beat string sets there.
const tokenNodeCache = new WeakMap<RingState, { ids: readonly NodeId[]; tokenNode: Int32Array }>();

function tokenNodeIndex(ring: RingState): { ids: readonly NodeId[]; tokenNode: Int32Array } {
  let index = tokenNodeCache.get(ring);
  if (!index) {
    const ids = ring.nodes.map((n) => n.id);
    const position = new Map(ids.map((id, i) => [id, i]));
    index = { ids, tokenNode: Int32Array.from(ring.tokens, (t) => position.get(t.node) ?? 0) };
    tokenNodeCache.set(ring, index);
  }
  return index;
}

function fullWalk(ring: RingState, start: number): readonly NodeId[] {
  const walks = cacheFor(walkCache, ring);
  let order = walks.get(start);
  if (!order) {
    order = distinctNodesFrom(ring, start, ring.nodes.length);
    walks.set(start, order);
  }
  return order;
}

function spreadPrimaries(ring: RingState, order: readonly NodeId[], N: number): Set<NodeId> {
  const dataCenterOf = new Map<NodeId, DataCenterId | undefined>(
    ring.nodes.map((n) => [n.id, n.dataCenter]),
  );
  const chosen = new Set<NodeId>();
  const covered = new Set<DataCenterId | undefined>();
  for (const node of order) {
    if (chosen.size === N) break;
    const dataCenter = dataCenterOf.get(node);
    if (!covered.has(dataCenter)) {
      covered.add(dataCenter);
      chosen.add(node);
    }
  }
  for (const node of order) {
    if (chosen.size === N) break;
    chosen.add(node);
  }
  return chosen;
}

function validateN(ring: RingState, N: number): void {
  if (!Number.isInteger(N) || N < 1)
    throw new RingConfigError('N', `N must be an integer of at least 1 (got ${N})`);
  if (N > ring.nodes.length)
    throw new RingConfigError(
      'N',
      `N must not exceed the number of nodes ${ring.nodes.length} (got ${N})`,
    );
}

function cacheFor<K, V>(cache: WeakMap<RingState, Map<K, V>>, ring: RingState): Map<K, V> {
  let map = cache.get(ring);
  if (!map) {
    map = new Map<K, V>();
    cache.set(ring, map);
  }
  return map;
}

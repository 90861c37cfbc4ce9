/**
 * A node's view of ring membership (Dynamo §4.8.1): who is a member and which tokens it holds,
 * one versioned entry per node so that views gossiped between peers merge entry by entry.
 * Joins and leaves are explicit administrator actions; a crash never changes a view (§4.8.1).
 */
import type { NodeInfo, RingParams, RingState } from './partitioning.ts';
import type { Interning } from './memory-image.ts';
import { Hash64 } from './object-hash.ts';
import type { NodeId, RingPosition, Token } from './types.ts';

export type MemberStatus = 'up' | 'left';

export interface MemberEntry {
  readonly node: NodeId;
  readonly dataCenter?: string;
  readonly status: MemberStatus;
  /** Sorted token positions this node holds. */
  readonly tokens: readonly RingPosition[];
  /** Bumped by every administrative change to this entry; the higher version wins a merge. */
  readonly version: number;
}

export interface MembershipView {
  readonly params: RingParams;
  readonly members: Readonly<Record<NodeId, MemberEntry>>;
}

export function viewFromRing(ring: RingState, version = 1): MembershipView {
  const members: Record<NodeId, MemberEntry> = {};
  for (const info of ring.nodes) {
    members[info.id] = entryFor(info, ring.tokens, version);
  }
  return { params: ring.params, members };
}

function entryFor(info: NodeInfo, tokens: readonly Token[], version: number): MemberEntry {
  const own = tokens.filter((t) => t.node === info.id).map((t) => t.position);
  return {
    node: info.id,
    ...(info.dataCenter === undefined ? {} : { dataCenter: info.dataCenter }),
    status: 'up',
    tokens: own,
    version,
  };
}

const ringCache = new WeakMap<MembershipView, RingState>();
const viewOfRing = new WeakMap<RingState, MembershipView>();

/** The view a ring was computed from by `ringOfView`, if it was: a checkpoint images the view only. */
export function viewBehindRing(ring: object): MembershipView | undefined {
  return viewOfRing.get(ring as RingState);
}

/** The ring this view describes: members that are up, their tokens sorted by position. */
export function ringOfView(view: MembershipView): RingState {
  const cached = ringCache.get(view);
  if (cached) return cached;
  const nodes: NodeInfo[] = [];
  const tokens: Token[] = [];
  for (const id of Object.keys(view.members).sort()) {
    const entry = view.members[id];
    if (!entry || entry.status !== 'up') continue;
    nodes.push(entry.dataCenter === undefined ? { id } : { id, dataCenter: entry.dataCenter });
    for (const position of entry.tokens) tokens.push({ node: id, position });
  }
  tokens.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const ring: RingState = { params: view.params, nodes, tokens };
  ringCache.set(view, ring);
  viewOfRing.set(ring, view);
  return ring;
}

/**
 * Reconciles two views entry by entry (the higher version wins; equal versions with different
 * content are ordered by a canonical string so every node picks the same one). Commutative,
 * associative and idempotent, so gossip converges whatever the order of exchanges.
 */
export function mergeViews(
  mine: MembershipView,
  theirs: MembershipView,
): { view: MembershipView; changed: boolean } {
  if (mine === theirs) return { view: mine, changed: false };
  // Most exchanges change nothing: copy the members only once an entry wins.
  let members: Record<NodeId, MemberEntry> | undefined;
  for (const id in theirs.members) {
    const entry = theirs.members[id];
    const current = mine.members[id];
    if (entry === undefined || current === entry) continue;
    if (!current || wins(entry, current)) {
      members ??= { ...mine.members };
      members[id] = entry;
    }
  }
  return members ? { view: { params: mine.params, members }, changed: true } : { view: mine, changed: false };
}

function wins(a: MemberEntry, b: MemberEntry): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (sameContent(a, b)) return false;
  return entryKey(a) > entryKey(b);
}

/** Equal entries arrive as copies (from workers, from disk); comparing fields avoids building keys. */
function sameContent(a: MemberEntry, b: MemberEntry): boolean {
  if (a.status !== b.status || a.dataCenter !== b.dataCenter || a.tokens.length !== b.tokens.length) return false;
  for (let i = 0; i < a.tokens.length; i++) if (a.tokens[i] !== b.tokens[i]) return false;
  return true;
}

function entryKey(e: MemberEntry): string {
  return `${e.status}|${e.dataCenter ?? ''}|${e.tokens.join(',')}`;
}

/** Applies an administrator's new ring: changed entries get a higher version; removed nodes are marked left. */
export function applyRingChange(view: MembershipView, next: RingState): MembershipView {
  const members: Record<NodeId, MemberEntry> = { ...view.members };
  const present = new Set(next.nodes.map((n) => n.id));
  for (const info of next.nodes) {
    const before = view.members[info.id];
    const entry = entryFor(info, next.tokens, (before?.version ?? 0) + 1);
    if (!before || entryKey(before) !== entryKey(entry)) members[info.id] = entry;
  }
  for (const [id, before] of Object.entries(view.members)) {
    if (!present.has(id) && before.status !== 'left') {
      members[id] = { node: id, status: 'left', tokens: [], version: before.version + 1 };
    }
  }
  return { params: next.params, members };
}

const contentKeyCache = new WeakMap<MembershipView, string>();

/**
 * A 64-bit hash of everything in the view (parameters, every entry with its tokens): equal views
 * have equal keys, so checkpoints keep one copy of a view many nodes and checkpoints share.
 */
export function viewContentKey(view: MembershipView): string {
  let key = contentKeyCache.get(view);
  if (key === undefined) {
    const h = new Hash64();
    h.string(JSON.stringify(view.params));
    for (const id of Object.keys(view.members).sort()) {
      const e = view.members[id];
      if (!e) continue;
      h.string(id);
      h.string(e.status);
      h.number(e.version);
      h.string(e.dataCenter ?? '');
      h.number(e.tokens.length);
      for (const t of e.tokens) h.string(t);
    }
    key = `view:${h.finish().hex()}`;
    contentKeyCache.set(view, key);
  }
  return key;
}

/** Records `key` as `view`'s content key: a view that arrived by key already has it. */
export function rememberViewContentKey(view: MembershipView, key: string): void {
  contentKeyCache.set(view, key);
}

function looksLikeView(value: object): value is MembershipView {
  return 'members' in value && 'params' in value && !Array.isArray(value);
}

/**
 * Interning for memory images: membership views by content key, so a checkpoint holds one copy of
 * a view that every node, gossip message and checkpoint shares.
 */
export function viewInterning(sent: Set<string>): Interning {
  return { keyOf: (value) => (looksLikeView(value) ? viewContentKey(value) : undefined), sent };
}

/** A short digest of the view; two nodes agree on membership when their digests are equal. */
const digestCache = new WeakMap<MembershipView, string>();

export function viewDigest(view: MembershipView): string {
  let digest = digestCache.get(view);
  if (digest === undefined) digestCache.set(view, (digest = computeDigest(view)));
  return digest;
}

function computeDigest(view: MembershipView): string {
  let h = 0x811c9dc5;
  for (const id of Object.keys(view.members).sort()) {
    const e = view.members[id];
    if (!e) continue;
    const s = `${id}@${e.version}:${entryKey(e)};`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function isMember(view: MembershipView, node: NodeId): boolean {
  return view.members[node]?.status === 'up';
}

const upCache = new WeakMap<MembershipView, readonly NodeId[]>();

/** Members that are up, sorted; views are immutable, so computed once per view. */
export function upMembers(view: MembershipView): readonly NodeId[] {
  let up = upCache.get(view);
  if (up === undefined) {
    up = Object.values(view.members)
      .filter((e) => e.status === 'up')
      .map((e) => e.node)
      .sort();
    upCache.set(view, up);
  }
  return up;
}

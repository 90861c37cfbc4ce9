/**
 * The anti-entropy exchange between two replicas of one key range: compare Merkle roots, descend
 * only into children whose hashes differ, and swap keys only under differing leaves (Dynamo §4.7).
 *
 * The paper gives the idea, not the protocol; this follows Riak's AAE exchange (riak_kv_exchange_fsm
 * over riak_core's hashtree): the two sides alternate, each message carrying one side's hashes of
 * the nodes still in doubt, and at the leaves ("segments") each side sends its (key, hash) pairs so
 * both can tell exactly which keys differ. Every step is plain data a node can put in a message:
 *
 *   A: startExchange          --root-->          B: answerCompare -> descend (B's level-1 hashes)
 *   A: answerCompare -> descend (A's level-2 hashes under the differing level-1 nodes) --> B ...
 *   whoever compares the leaves gets exchange-keys: it sends offerLeafKeys, the peer answers with its own.
 *
 * Repairing the differing keys (pushing/pulling versions, reconciling siblings) is the node's job.
 */
import type { Key } from './types.ts';
import type { MerkleTree } from './merkle-tree.ts';
import { assertHash } from './object-hash.ts';

/** One side's hashes of the tree nodes `indices` at `level`, for the peer to compare with its own. */
export interface CompareRequest {
  readonly rangeId: number;
  readonly level: number;
  readonly indices: readonly number[];
  readonly hashes: readonly string[];
}

export type CompareStep =
  | { readonly kind: 'in-sync' }
  | { readonly kind: 'descend'; readonly request: CompareRequest }
  | { readonly kind: 'exchange-keys'; readonly rangeId: number; readonly leaves: readonly number[] };

/** A key and its `hashVersions` hash: what travels for the keys under a differing leaf. */
export interface KeyHash {
  readonly key: Key;
  readonly hash: string;
}

/** One side's keys under the differing leaves of a range. */
export interface LeafKeys {
  readonly rangeId: number;
  readonly leaves: readonly number[];
  readonly entries: readonly KeyHash[];
}

export interface ExchangeStats {
  /** Tree-node hashes compared, over both sides (per-key hashes under leaves are counted in keysSent). */
  hashesCompared: number;
  /** One-way messages, including the final in-sync reply and both key lists. */
  messages: number;
  /** (key, hash) pairs sent, both directions together. */
  keysSent: number;
  /** Levels below the root the exchange reached (0 when the roots agree). */
  levelsDescended: number;
  /** Keys whose versions differ or that only one side holds: the objects repair will move. */
  differingKeys: number;
}

/** The initiator's first message: its root hash for the range. */
export function startExchange(tree: MerkleTree, rangeId: number): CompareRequest {
  checkRangeId(rangeId, 'startExchange');
  return { rangeId, level: 0, indices: [0], hashes: [tree.root()] };
}

/**
 * Compares the peer's hashes with this tree's. Nothing differs → in-sync; differing inner nodes →
 * descend with this side's hashes of their children; differing leaves → exchange-keys.
 */
export function answerCompare(tree: MerkleTree, request: CompareRequest): CompareStep & { hashesCompared: number } {
  checkRequest(tree, request);
  const { rangeId, level, indices, hashes } = request;
  const differing = indices.filter((index, i) => tree.hashAt(level, index) !== hashes[i]);
  const hashesCompared = indices.length;
  if (differing.length === 0) return { kind: 'in-sync', hashesCompared };
  if (level === tree.depth) return { kind: 'exchange-keys', rangeId, leaves: differing, hashesCompared };
  const childIndices: number[] = [];
  const childHashes: string[] = [];
  for (const index of differing) {
    tree.childHashes(level, index).forEach((hash, c) => {
      childIndices.push(index * tree.fanout + c);
      childHashes.push(hash);
    });
  }
  return { kind: 'descend', request: { rangeId, level: level + 1, indices: childIndices, hashes: childHashes }, hashesCompared };
}

/** The keys under the given leaves, leaf by leaf, each leaf's keys sorted. */
export function keysToExchange(tree: MerkleTree, leaves: readonly number[]): Key[] {
  return leaves.flatMap((leaf) => tree.keysInLeaf(leaf));
}

/** The (key, hash) pairs under the given leaves, in `keysToExchange` order. */
export function keyHashesToExchange(tree: MerkleTree, leaves: readonly number[]): KeyHash[] {
  return keysToExchange(tree, leaves).map((key) => ({ key, hash: tree.keyHash(key) as string }));
}

/** This side's half of the key swap, ready to send. */
export function offerLeafKeys(tree: MerkleTree, rangeId: number, leaves: readonly number[]): LeafKeys {
  checkRangeId(rangeId, 'offerLeafKeys');
  return { rangeId, leaves, entries: keyHashesToExchange(tree, leaves) };
}

/** Keys whose hashes differ between the two lists or that only one list holds, sorted. */
export function differingKeys(local: readonly KeyHash[], remote: readonly KeyHash[]): Key[] {
  const remoteHashes = new Map(remote.map(({ key, hash }) => [key, hash]));
  const differing = new Set<Key>();
  for (const { key, hash } of local) {
    if (remoteHashes.get(key) !== hash) differing.add(key);
    remoteHashes.delete(key);
  }
  for (const key of remoteHashes.keys()) differing.add(key);
  return [...differing].sort();
}

/**
 * The naive alternative the UI shows beside the real cost: both replicas send every (key, hash)
 * pair of the range to each other, and each key's two hashes are compared once.
 */
export function fullComparisonCost(keyCount: number): { hashesCompared: number; keysSent: number } {
  if (!Number.isInteger(keyCount) || keyCount < 0) {
    throw new Error(`fullComparisonCost: keyCount must be a non-negative integer, got ${keyCount}`);
  }
  return { hashesCompared: keyCount, keysSent: 2 * keyCount };
}

/**
 * Runs a whole exchange between two in-memory trees of the same range, alternating sides exactly as
 * the messages would (`a` initiates). For tests, experiments and benchmarks.
 */
export function diffTrees(a: MerkleTree, b: MerkleTree): { differingLeaves: number[]; differingKeys: Key[]; stats: ExchangeStats } {
  if (a.depth !== b.depth || a.fanout !== b.fanout) {
    throw new Error(`diffTrees: trees must have the same shape, got depth ${a.depth}/fanout ${a.fanout} and depth ${b.depth}/fanout ${b.fanout}`);
  }
  const stats: ExchangeStats = { hashesCompared: 0, messages: 1, keysSent: 0, levelsDescended: 0, differingKeys: 0 };
  let request = startExchange(a, 0);
  let responder = b;
  for (;;) {
    const step = answerCompare(responder, request);
    stats.hashesCompared += step.hashesCompared;
    stats.messages++;
    if (step.kind === 'in-sync') return { differingLeaves: [], differingKeys: [], stats };
    if (step.kind === 'exchange-keys') {
      // The comparing side's offer was the message just counted; the peer's answer is one more.
      stats.messages++;
      const fromA = keyHashesToExchange(a, step.leaves);
      const fromB = keyHashesToExchange(b, step.leaves);
      const keys = differingKeys(fromA, fromB);
      stats.keysSent = fromA.length + fromB.length;
      stats.differingKeys = keys.length;
      return { differingLeaves: [...step.leaves], differingKeys: keys, stats };
    }
    stats.levelsDescended++;
    request = step.request;
    responder = responder === a ? b : a;
  }
}

function checkRangeId(rangeId: number, caller: string): void {
  if (!Number.isInteger(rangeId) || rangeId < 0) {
    throw new Error(`${caller}: rangeId must be a non-negative integer, got ${rangeId}`);
  }
}

function checkRequest(tree: MerkleTree, request: CompareRequest): void {
  const { rangeId, level, indices, hashes } = request;
  checkRangeId(rangeId, 'answerCompare');
  if (!Number.isInteger(level) || level < 0 || level > tree.depth) {
    throw new Error(`answerCompare: request.level must be an integer from 0 to ${tree.depth} (this tree's depth), got ${level}`);
  }
  if (indices.length !== hashes.length) {
    throw new Error(`answerCompare: request.indices (${indices.length}) and request.hashes (${hashes.length}) must have the same length`);
  }
  const width = tree.fanout ** level;
  indices.forEach((index, i) => {
    if (!Number.isInteger(index) || index < 0 || index >= width) {
      throw new Error(`answerCompare: request.indices[${i}] must be an integer from 0 to ${width - 1} at level ${level}, got ${index}`);
    }
    assertHash(hashes[i] as string, `answerCompare: request.hashes[${i}]`);
  });
}

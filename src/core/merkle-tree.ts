/**
 * The Merkle tree a node keeps for one key range it hosts, so replicas can find what differs by
 * comparing a few hashes instead of every key (Dynamo §4.7).
 *
 * Shape, with fanout 4 and depth 2 (leaves = fanout^depth = 16):
 *
 *   level 0                       [root]
 *   level 1        [0]          [1]          [2]          [3]
 *   level 2   [0 1 2 3]    [4 5 6 7]    [8 ..11]    [12..15]   <- leaves (Riak's "segments")
 *
 * A key falls in a fixed leaf by a hash of the key alone (`leafOf`), like riak_core's hashtree
 * segments; the paper says only that "leaves are hashes of the values of individual keys".
 *
 * Leaf hash: the XOR of each key's `hashVersions(key, versions)`, which already covers the key.
 * Riak hashes a segment's sorted (key, hash) list instead and rehashes dirty segments in bulk; XOR
 * makes a key update O(1) at its leaf and is order-free by construction. Because each term is a
 * 64-bit avalanche hash of (key, versions), two different sets give the same leaf hash only by a
 * ~2^-64 accident (XOR is linear, so this assumes non-adversarial keys, which replicas are).
 *
 * Inner hashes are recomputed lazily: an update marks only its path to the root dirty, and a read
 * (root, hashAt, childHashes) recomputes just the dirty nodes it needs, so bulk loads are cheap.
 */
import type { Key, Version } from './types.ts';
import { Hash64, combineWordsInto, hashHi, hashLo, hashVersionsInto, keyHash32, toHex } from './object-hash.ts';

export interface MerkleOptions {
  /** Levels below the root; leaves sit at level `depth`. */
  depth: number;
  /** Children per inner node. */
  fanout: number;
}

/** 16^4 = 65,536 leaves: ~15 keys a leaf at a million keys. Smaller trees suit small playground ranges. */
export const DEFAULT_MERKLE_OPTIONS: MerkleOptions = { depth: 4, fanout: 16 };
const MAX_LEAVES = 2 ** 20;
const TWO_TO_32 = 4294967296;

function validateOptions(options: Partial<MerkleOptions> | undefined): MerkleOptions {
  const { depth, fanout } = { ...DEFAULT_MERKLE_OPTIONS, ...options };
  if (!Number.isInteger(depth) || depth < 1 || depth > 8) {
    throw new Error(`MerkleOptions.depth must be an integer from 1 to 8, got ${depth}`);
  }
  if (!Number.isInteger(fanout) || fanout < 2 || fanout > 64) {
    throw new Error(`MerkleOptions.fanout must be an integer from 2 to 64, got ${fanout}`);
  }
  if (fanout ** depth > MAX_LEAVES) {
    throw new Error(`MerkleOptions: fanout^depth = ${fanout}^${depth} = ${fanout ** depth} leaves exceeds 2^20`);
  }
  return { depth, fanout };
}

export class MerkleTree {
  readonly depth: number;
  readonly fanout: number;
  readonly leafCount: number;
  /** Per level, (hi, lo) uint32 pairs of every node; the last level holds the leaves' XORs. */
  private readonly levels: Uint32Array[] = [];
  /** Per inner level, 1 where the node's hash is stale. Invariant: a dirty node's ancestors are dirty. */
  private readonly dirty: Uint8Array[] = [];
  /** Per leaf, its keys and their hashes; created on the first key, so sparse trees stay small. */
  private readonly leaves: (Map<Key, string> | undefined)[];
  private keyCount = 0;
  private readonly state = new Hash64();

  constructor(options?: Partial<MerkleOptions>) {
    const { depth, fanout } = validateOptions(options);
    this.depth = depth;
    this.fanout = fanout;
    this.leafCount = fanout ** depth;
    for (let level = 0, width = 1; level <= depth; level++, width *= fanout) {
      this.levels.push(new Uint32Array(2 * width));
      // Every inner node starts dirty: an empty tree's hashes are computed on first read like any other.
      if (level < depth) this.dirty.push(new Uint8Array(width).fill(1));
    }
    this.leaves = new Array<Map<Key, string> | undefined>(this.leafCount);
  }

  static build(entries: Iterable<readonly [Key, readonly Version[]]>, options?: Partial<MerkleOptions>): MerkleTree {
    const tree = new MerkleTree(options);
    for (const [key, versions] of entries) tree.update(key, versions);
    return tree;
  }

  /** Sets a key's contribution to its leaf (replacing any earlier one); no versions removes the key. */
  update(key: Key, versions: readonly Version[]): void {
    if (versions.length === 0) {
      this.remove(key);
      return;
    }
    const leaf = this.leafOf(key);
    const { hi, lo } = hashVersionsInto(this.state, key, versions);
    let keys = this.leaves[leaf];
    if (keys === undefined) {
      keys = new Map();
      this.leaves[leaf] = keys;
    }
    const hash = toHex(hi, lo);
    const old = keys.get(key);
    if (old === hash) return;
    if (old === undefined) this.keyCount++;
    else this.xorIntoLeaf(leaf, hashHi(old), hashLo(old));
    this.xorIntoLeaf(leaf, hi, lo);
    keys.set(key, hash);
  }

  remove(key: Key): void {
    const leaf = this.leafOf(key);
    const keys = this.leaves[leaf];
    const old = keys?.get(key);
    if (keys === undefined || old === undefined) return;
    keys.delete(key);
    this.keyCount--;
    this.xorIntoLeaf(leaf, hashHi(old), hashLo(old));
  }

  root(): string {
    return this.hashAt(0, 0);
  }

  /** The hash of node `index` at `level` (0 = root, `depth` = leaves), as 16 hex chars. */
  hashAt(level: number, index: number): string {
    this.checkNode(level, index, 'hashAt');
    this.clean(level, index);
    const words = this.levels[level] as Uint32Array;
    return toHex(words[2 * index] as number, words[2 * index + 1] as number);
  }

  /** The hashes of an inner node's `fanout` children, in order; `combineHashes` of them is `hashAt(level, index)`. */
  childHashes(level: number, index: number): readonly string[] {
    this.checkNode(level, index, 'childHashes');
    if (level >= this.depth) throw new Error(`childHashes: level ${level} is the leaf level; leaves have no children`);
    const first = index * this.fanout;
    const hashes: string[] = [];
    for (let child = first; child < first + this.fanout; child++) hashes.push(this.hashAt(level + 1, child));
    return hashes;
  }

  /** The leaf a key falls in: a stable hash of the key alone, scaled to [0, leafCount). */
  leafOf(key: Key): number {
    return Math.floor((keyHash32(key) * this.leafCount) / TWO_TO_32);
  }

  /** The keys under a leaf, sorted (UTF-16 code-unit order, the same on every replica). */
  keysInLeaf(leaf: number): readonly Key[] {
    this.checkNode(this.depth, leaf, 'keysInLeaf');
    return [...(this.leaves[leaf]?.keys() ?? [])].sort();
  }

  /** A key's own hash (`hashVersions`), or undefined when the tree does not hold the key. */
  keyHash(key: Key): string | undefined {
    return this.leaves[this.leafOf(key)]?.get(key);
  }

  size(): number {
    return this.keyCount;
  }

  private xorIntoLeaf(leaf: number, hi: number, lo: number): void {
    const words = this.levels[this.depth] as Uint32Array;
    words[2 * leaf] = ((words[2 * leaf] as number) ^ hi) >>> 0;
    words[2 * leaf + 1] = ((words[2 * leaf + 1] as number) ^ lo) >>> 0;
    this.markPathDirty(leaf);
  }

  /** Climbs from a leaf, stopping at the first dirty ancestor: the ones above it are already dirty. */
  private markPathDirty(leaf: number): void {
    let index = leaf;
    for (let level = this.depth - 1; level >= 0; level--) {
      index = Math.floor(index / this.fanout);
      const flags = this.dirty[level] as Uint8Array;
      if (flags[index] === 1) return;
      flags[index] = 1;
    }
  }

  /** Recomputes a stale inner node after its stale children; leaves are never stale. */
  private clean(level: number, index: number): void {
    if (level >= this.depth) return;
    const flags = this.dirty[level] as Uint8Array;
    if (flags[index] === 0) return;
    const first = index * this.fanout;
    for (let child = first; child < first + this.fanout; child++) this.clean(level + 1, child);
    const children = this.levels[level + 1] as Uint32Array;
    const { hi, lo } = combineWordsInto(this.state, children, 2 * first, 2 * (first + this.fanout));
    const words = this.levels[level] as Uint32Array;
    words[2 * index] = hi;
    words[2 * index + 1] = lo;
    flags[index] = 0;
  }

  private checkNode(level: number, index: number, caller: string): void {
    if (!Number.isInteger(level) || level < 0 || level > this.depth) {
      throw new Error(`${caller}: level must be an integer from 0 to ${this.depth}, got ${level}`);
    }
    const width = this.fanout ** level;
    if (!Number.isInteger(index) || index < 0 || index >= width) {
      throw new Error(`${caller}: index at level ${level} must be an integer from 0 to ${width - 1}, got ${index}`);
    }
  }
}

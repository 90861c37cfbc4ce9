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
 *
 * Each key's own hash lives in a slot of flat typed arrays (hash words, links of its leaf's list),
 * found through one map of key to slot: a node keeps a tree per range it hosts and millions of keys
 * across them, so a key costs one map entry and ~24 bytes rather than a map per leaf and a string.
 */
import type { Key, Version } from './types.ts';
import { Hash64, combineWordsInto, hashVersionsInto, keyHash32, toHex } from './object-hash.ts';

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
    throw new Error(
      `MerkleOptions: fanout^depth = ${fanout}^${depth} = ${fanout ** depth} leaves exceeds 2^20`,
    );
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
  /** Key to slot; a slot holds the key, its hash words and its links in the leaf's list. */
  private readonly slotOf = new Map<Key, number>();
  private slotKeys: (Key | undefined)[] = [];
  /** (hi, lo) of each slot's key hash. */
  private slotHashes = new Uint32Array(0);
  /** Linked list of each leaf's slots (-1 ends it), also chaining free slots. Singly linked: removals are rare (handoff) and a leaf holds a few keys. */
  private slotNext = new Int32Array(0);
  private readonly leafHead: Int32Array;
  private freeSlot = -1;
  private slotsUsed = 0;
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
    this.leafHead = new Int32Array(this.leafCount).fill(-1);
  }

  static build(
    entries: Iterable<readonly [Key, readonly Version[]]>,
    options?: Partial<MerkleOptions>,
  ): MerkleTree {
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
    const { hi, lo } = hashVersionsInto(this.state, key, versions);
    const hashes = this.slotHashes;
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      const leaf = this.leafOf(key);
      slot = this.newSlot(key, leaf);
      this.xorIntoLeaf(leaf, hi, lo);
    } else {
      const oldHi = hashes[2 * slot] as number;
      const oldLo = hashes[2 * slot + 1] as number;
      if (oldHi === hi && oldLo === lo) return;
      this.xorIntoLeaf(this.leafOf(key), (oldHi ^ hi) >>> 0, (oldLo ^ lo) >>> 0);
    }
    this.slotHashes[2 * slot] = hi;
    this.slotHashes[2 * slot + 1] = lo;
  }

  remove(key: Key): void {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return;
    const leaf = this.leafOf(key);
    this.xorIntoLeaf(
      leaf,
      this.slotHashes[2 * slot] as number,
      this.slotHashes[2 * slot + 1] as number,
    );
    this.slotOf.delete(key);
    const next = this.slotNext[slot] as number;
    let prev = -1;
    for (let at = this.leafHead[leaf] as number; at !== slot; at = this.slotNext[at] as number)
      prev = at;
    if (prev === -1) this.leafHead[leaf] = next;
    else this.slotNext[prev] = next;
    this.slotKeys[slot] = undefined;
    this.slotNext[slot] = this.freeSlot;
    this.freeSlot = slot;
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
    if (level >= this.depth)
      throw new Error(`childHashes: level ${level} is the leaf level; leaves have no children`);
    const first = index * this.fanout;
    const hashes: string[] = [];
    for (let child = first; child < first + this.fanout; child++)
      hashes.push(this.hashAt(level + 1, child));
    return hashes;
  }

  /** The leaf a key falls in: a stable hash of the key alone, scaled to [0, leafCount). */
  leafOf(key: Key): number {
    return Math.floor((keyHash32(key) * this.leafCount) / TWO_TO_32);
  }

  /** The keys under a leaf, sorted (UTF-16 code-unit order, the same on every replica). */
  keysInLeaf(leaf: number): readonly Key[] {
    this.checkNode(this.depth, leaf, 'keysInLeaf');
    const keys: Key[] = [];
    for (
      let slot = this.leafHead[leaf] as number;
      slot !== -1;
      slot = this.slotNext[slot] as number
    )
      keys.push(this.slotKeys[slot] as Key);
    return keys.sort();
  }

  /** A key's own hash (`hashVersions`), or undefined when the tree does not hold the key. */
  keyHash(key: Key): string | undefined {
    const slot = this.slotOf.get(key);
    return slot === undefined
      ? undefined
      : toHex(this.slotHashes[2 * slot] as number, this.slotHashes[2 * slot + 1] as number);
  }

  size(): number {
    return this.slotOf.size;
  }

  /** Takes a free slot (or a new one) for `key` and puts it at the head of its leaf's list. */
  private newSlot(key: Key, leaf: number): number {
    let slot = this.freeSlot;
    if (slot !== -1) {
      this.freeSlot = this.slotNext[slot] as number;
    } else {
      if (this.slotsUsed === this.slotNext.length) this.growSlots();
      slot = this.slotsUsed++;
    }
    const head = this.leafHead[leaf] as number;
    this.slotKeys[slot] = key;
    this.slotNext[slot] = head;
    this.leafHead[leaf] = slot;
    this.slotOf.set(key, slot);
    return slot;
  }

  private growSlots(): void {
    const capacity = Math.max(8, this.slotNext.length * 2);
    const hashes = new Uint32Array(2 * capacity);
    hashes.set(this.slotHashes);
    const next = new Int32Array(capacity);
    next.set(this.slotNext);
    this.slotHashes = hashes;
    this.slotNext = next;
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
      throw new Error(
        `${caller}: index at level ${level} must be an integer from 0 to ${width - 1}, got ${index}`,
      );
    }
  }
}

/**
 * The Merkle tree a node keeps for one key range it hosts, so replicas can find what differs by
 * comparing a few hashes instead of every key (Dynamo §4.7).
 *
 * Stored shape, with fanout 4 and depth 2 (leaves = fanout^depth = 16):
 *
 *   level 0                       [root]
 *   level 1        [0]          [1]          [2]          [3]
 *   level 2   [0 1 2 3]    [4 5 6 7]    [8 ..11]    [12..15]   <- leaves (Riak's "segments")
 *
 * A key falls in a fixed leaf by its 32-bit key hash alone (`leafOf`: the hash scaled to the leaf
 * count, so leaf order is key-hash order), like riak_core's hashtree segments; the paper says only
 * that "leaves are hashes of the values of individual keys".
 *
 * Every node's hash is the XOR of `hashVersions(key, versions)` over the keys beneath it: a leaf's
 * over its keys, a parent's over its children. The paper asks that "parent nodes higher in the tree
 * are hashes of their respective children"; XOR is the combining hash here because it composes:
 * the hash of any run of leaves, or of the keys of a leaf whose key hashes share a prefix, is the
 * XOR of stored nodes and a few keys (`hashOfPrefix`). That lets anti-entropy walk a binary tree
 * over the key-hash space whatever the stored fanout (anti-entropy.ts), and makes an update O(depth)
 * (XOR the change into the leaf and each ancestor). Each term is a 64-bit avalanche hash of
 * (key, versions), so two different sets give the same node hash only by a ~2^-64 accident (XOR
 * is linear, so this assumes non-adversarial keys, which replicas are).
 *
 * Each key's own hash lives in a slot of flat typed arrays (hash words, key hash, links of its
 * leaf's list), found through an open-addressing table of slots indexed by the key hash the leaf is
 * picked by: a node keeps a tree per range it hosts and millions of keys across them, so a key costs
 * ~28 bytes of typed arrays rather than a map entry per key (a V8 Map of a million string keys costs
 * several times the hashing itself to fill).
 */
import type { Key, Version } from './types.ts';
import { Hash64, hashVersionsInto, keyHash32, toHex } from './object-hash.ts';

export interface MerkleOptions {
  /** Levels below the root; leaves sit at level `depth`. */
  depth: number;
  /** Children per inner node. */
  fanout: number;
}

/** 16^4 = 65,536 leaves: ~15 keys a leaf at a million keys. Smaller trees suit small playground ranges. */
export const DEFAULT_MERKLE_OPTIONS: MerkleOptions = { depth: 4, fanout: 16 };
/** Bits of the key hash a prefix can fix (`keyHash32`). */
export const KEY_HASH_BITS = 32;
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
  /** Per level, (hi, lo) uint32 pairs of every node; the last level holds the leaves. */
  private readonly levels: Uint32Array[] = [];
  /** Per level, how many leaves one node spans. */
  private readonly spans: number[] = [];
  /** A slot holds the key, its hash words, its key hash and its links in the leaf's list. */
  private slotKeys: (Key | undefined)[] = [];
  /** (hi, lo) of each slot's `hashVersions`. */
  private slotHashes = new Uint32Array(0);
  /** Each slot's `keyHash32`: its leaf, its place in `table`, and a cheap test before comparing keys. */
  private slotKeyHash = new Uint32Array(0);
  /**
   * Slots by key hash, open addressing with linear probing (-1 is empty), at most half full: the
   * key-to-slot index. Removal shifts later entries back instead of leaving tombstones.
   */
  private table = new Int32Array(16).fill(-1);
  private keyCount = 0;
  /** Linked list of each leaf's slots (-1 ends it), also chaining free slots. Singly linked: removals are rare (handoff) and a leaf holds a few keys. */
  private slotNext = new Int32Array(0);
  private readonly leafHead: Int32Array;
  private freeSlot = -1;
  private slotsUsed = 0;
  private readonly state = new Hash64();
  /** The XOR being gathered by `hashOfPrefix`, kept in fields so the walk allocates nothing. */
  private sumHi = 0;
  private sumLo = 0;

  constructor(options?: Partial<MerkleOptions>) {
    const { depth, fanout } = validateOptions(options);
    this.depth = depth;
    this.fanout = fanout;
    this.leafCount = fanout ** depth;
    for (let level = 0, width = 1; level <= depth; level++, width *= fanout) {
      this.levels.push(new Uint32Array(2 * width));
      this.spans.push(this.leafCount / width);
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
    const keyHash = keyHash32(key);
    const at = this.find(key, keyHash);
    let slot: number;
    if (at === -1) {
      const leaf = this.leafOfHash(keyHash);
      slot = this.newSlot(key, keyHash, leaf);
      this.xorIntoPath(leaf, hi, lo);
    } else {
      slot = this.table[at] as number;
      const hashes = this.slotHashes;
      const oldHi = hashes[2 * slot] as number;
      const oldLo = hashes[2 * slot + 1] as number;
      if (oldHi === hi && oldLo === lo) return;
      this.xorIntoPath(this.leafOfHash(keyHash), oldHi ^ hi, oldLo ^ lo);
    }
    this.slotHashes[2 * slot] = hi;
    this.slotHashes[2 * slot + 1] = lo;
  }

  remove(key: Key): void {
    const keyHash = keyHash32(key);
    const at = this.find(key, keyHash);
    if (at === -1) return;
    const slot = this.table[at] as number;
    const leaf = this.leafOfHash(keyHash);
    this.xorIntoPath(
      leaf,
      this.slotHashes[2 * slot] as number,
      this.slotHashes[2 * slot + 1] as number,
    );
    this.unindex(at);
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

  /** The hash of stored node `index` at `level` (0 = root, `depth` = leaves), as 16 hex chars. */
  hashAt(level: number, index: number): string {
    this.checkNode(level, index, 'hashAt');
    const words = this.levels[level] as Uint32Array;
    return toHex(words[2 * index] as number, words[2 * index + 1] as number);
  }

  /**
   * The XOR of the hashes of the keys whose `keyHash32` starts with the `bits`-bit `prefix`: a node
   * of the binary tree over key hashes that anti-entropy walks. Leaves the prefix covers whole come
   * from the stored tree; a leaf it cuts through (a prefix longer than the leaf's) is read key by key.
   */
  hashOfPrefix(bits: number, prefix: number): string {
    checkPrefix(bits, prefix, 'hashOfPrefix');
    const [from, to] = prefixInterval(bits, prefix);
    this.sumHi = 0;
    this.sumLo = 0;
    let first = this.leafOfHash(from);
    let last = this.leafOfHash(to - 1);
    if (this.leafStart(first) < from) this.sumLeafPart(first++, from, to);
    if (last >= first && this.leafStart(last + 1) > to) this.sumLeafPart(last--, from, to);
    if (first <= last) this.sumLeaves(0, 0, first, last);
    return toHex(this.sumHi, this.sumLo);
  }

  /** The keys whose `keyHash32` starts with the `bits`-bit `prefix`, sorted (UTF-16 code-unit order). */
  keysWithPrefix(bits: number, prefix: number): Key[] {
    checkPrefix(bits, prefix, 'keysWithPrefix');
    const [from, to] = prefixInterval(bits, prefix);
    const first = this.leafOfHash(from);
    const last = this.leafOfHash(to - 1);
    const keys: Key[] = [];
    for (let leaf = first; leaf <= last; leaf++) {
      const whole = this.leafStart(leaf) >= from && this.leafStart(leaf + 1) <= to;
      for (let slot = this.leafHead[leaf] as number; slot !== -1; slot = this.slotNext[slot] as number) {
        const key = this.slotKeys[slot] as Key;
        if (whole) keys.push(key);
        else {
          const hash = this.slotKeyHash[slot] as number;
          if (hash >= from && hash < to) keys.push(key);
        }
      }
    }
    return keys.sort();
  }

  /** The leaf a key falls in: a stable hash of the key alone, scaled to [0, leafCount). */
  leafOf(key: Key): number {
    return this.leafOfHash(keyHash32(key));
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
    const at = this.find(key, keyHash32(key));
    if (at === -1) return undefined;
    const slot = this.table[at] as number;
    return toHex(this.slotHashes[2 * slot] as number, this.slotHashes[2 * slot + 1] as number);
  }

  size(): number {
    return this.keyCount;
  }

  /** The place in `table` of the key's slot, or -1 when the tree does not hold the key. */
  private find(key: Key, keyHash: number): number {
    const table = this.table;
    const mask = table.length - 1;
    for (let at = keyHash & mask; ; at = (at + 1) & mask) {
      const slot = table[at] as number;
      if (slot === -1) return -1;
      if (this.slotKeyHash[slot] === keyHash && this.slotKeys[slot] === key) return at;
    }
  }

  /** Puts a slot in `table`, doubling it first if that would make it over half full. */
  private index(slot: number, keyHash: number): void {
    if (2 * (this.keyCount + 1) > this.table.length) {
      const old = this.table;
      this.table = new Int32Array(2 * old.length).fill(-1);
      for (const s of old) if (s !== -1) this.place(s, this.slotKeyHash[s] as number);
    }
    this.place(slot, keyHash);
    this.keyCount++;
  }

  private place(slot: number, keyHash: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let at = keyHash & mask;
    while (table[at] !== -1) at = (at + 1) & mask;
    table[at] = slot;
  }

  /**
   * Empties `table[at]`, then moves back each later entry of the probe run that may no longer be
   * found past the gap (linear probing's deletion without tombstones).
   */
  private unindex(at: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let gap = at;
    for (let next = (at + 1) & mask; table[next] !== -1; next = (next + 1) & mask) {
      const home = (this.slotKeyHash[table[next] as number] as number) & mask;
      // The entry at `next` stays if its home lies cyclically in (gap, next].
      const stays = gap <= next ? gap < home && home <= next : gap < home || home <= next;
      if (stays) continue;
      table[gap] = table[next] as number;
      gap = next;
    }
    table[gap] = -1;
    this.keyCount--;
  }

  /** `keyHash32 * leafCount` stays below 2^52, so the product and the floor are exact. */
  private leafOfHash(hash: number): number {
    return Math.floor((hash * this.leafCount) / TWO_TO_32);
  }

  /** The smallest key hash in `leaf` (2^32 for `leafCount`): the inverse of `leafOfHash`, exact. */
  private leafStart(leaf: number): number {
    let hash = Math.ceil((leaf * TWO_TO_32) / this.leafCount);
    // The division rounds when leafCount is not a power of two: step to the exact boundary.
    while (hash > 0 && this.leafOfHash(hash - 1) >= leaf) hash--;
    while (hash < TWO_TO_32 && this.leafOfHash(hash) < leaf) hash++;
    return hash;
  }

  /** XORs into the sum the stored nodes under (level, index) that lie within leaves [first, last]. */
  private sumLeaves(level: number, index: number, first: number, last: number): void {
    const span = this.spans[level] as number;
    const start = index * span;
    if (first <= start && start + span - 1 <= last) {
      const words = this.levels[level] as Uint32Array;
      this.sumHi ^= words[2 * index] as number;
      this.sumLo ^= words[2 * index + 1] as number;
      return;
    }
    const childSpan = this.spans[level + 1] as number;
    const from = Math.max(index * this.fanout, Math.floor(first / childSpan));
    const to = Math.min((index + 1) * this.fanout - 1, Math.floor(last / childSpan));
    for (let child = from; child <= to; child++) this.sumLeaves(level + 1, child, first, last);
  }

  /** XORs into the sum the keys of `leaf` whose key hash lies in [from, to). */
  private sumLeafPart(leaf: number, from: number, to: number): void {
    for (let slot = this.leafHead[leaf] as number; slot !== -1; slot = this.slotNext[slot] as number) {
      const hash = this.slotKeyHash[slot] as number;
      if (hash < from || hash >= to) continue;
      this.sumHi ^= this.slotHashes[2 * slot] as number;
      this.sumLo ^= this.slotHashes[2 * slot + 1] as number;
    }
  }

  /** Takes a free slot (or a new one) for `key`, indexes it and puts it at the head of its leaf's list. */
  private newSlot(key: Key, keyHash: number, leaf: number): number {
    let slot = this.freeSlot;
    if (slot !== -1) {
      this.freeSlot = this.slotNext[slot] as number;
    } else {
      if (this.slotsUsed === this.slotNext.length) this.growSlots();
      slot = this.slotsUsed++;
    }
    const head = this.leafHead[leaf] as number;
    this.slotKeys[slot] = key;
    this.slotKeyHash[slot] = keyHash;
    this.slotNext[slot] = head;
    this.leafHead[leaf] = slot;
    this.index(slot, keyHash);
    return slot;
  }

  private growSlots(): void {
    const capacity = Math.max(8, this.slotNext.length * 2);
    const hashes = new Uint32Array(2 * capacity);
    hashes.set(this.slotHashes);
    const next = new Int32Array(capacity);
    next.set(this.slotNext);
    const keyHashes = new Uint32Array(capacity);
    keyHashes.set(this.slotKeyHash);
    this.slotHashes = hashes;
    this.slotNext = next;
    this.slotKeyHash = keyHashes;
  }

  /** XORs a change into a leaf and every ancestor: each node stays the XOR of the keys beneath it. */
  private xorIntoPath(leaf: number, hi: number, lo: number): void {
    let index = leaf;
    for (let level = this.depth; level >= 0; level--) {
      const words = this.levels[level] as Uint32Array;
      words[2 * index] = (words[2 * index] as number) ^ hi;
      words[2 * index + 1] = (words[2 * index + 1] as number) ^ lo;
      index = Math.floor(index / this.fanout);
    }
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

/** The key hashes [from, to) that start with the `bits`-bit `prefix`. */
function prefixInterval(bits: number, prefix: number): [number, number] {
  const width = 2 ** (KEY_HASH_BITS - bits);
  return [prefix * width, (prefix + 1) * width];
}

/** Throws unless `prefix` is a `bits`-bit prefix of a key hash (bits from 0 to 32). */
export function checkPrefix(bits: number, prefix: number, caller: string): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > KEY_HASH_BITS) {
    throw new Error(`${caller}: bits must be an integer from 0 to ${KEY_HASH_BITS}, got ${bits}`);
  }
  if (!Number.isInteger(prefix) || prefix < 0 || prefix >= 2 ** bits) {
    throw new Error(
      `${caller}: a ${bits}-bit prefix must be an integer from 0 to ${2 ** bits - 1}, got ${prefix}`,
    );
  }
}

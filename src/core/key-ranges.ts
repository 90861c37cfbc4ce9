/**
 * Which key range each stored key falls in, and one Merkle tree per range a node holds
 * (Dynamo §4.7: "each node maintains a separate Merkle tree for each key range"). A range is a
 * partition under strategies 2–3 and a token range under strategy 1 (§6.2), so under strategy 1
 * a membership change moves range boundaries and the trees must be rebuilt, while under 2–3 only
 * whole partitions change hands (§6.2, property 29 of the paper notes).
 */
import { MerkleTree, type MerkleOptions } from './merkle-tree.ts';
import { partitionIndexOf, type RingState } from './partitioning.ts';
import { homeReplicas, keyPosition } from './preference-list.ts';
import type { Key, NodeId, Version } from './types.ts';

export function rangeOfKey(ring: RingState, key: Key): number {
  return partitionIndexOf(ring, keyPosition(key));
}

export class KeyRanges {
  private ring: RingState;
  private readonly keysByRange = new Map<number, Set<Key>>();
  /** The range of each indexed key under the current ring: a write to a held key costs one lookup. */
  private readonly rangeByKey = new Map<Key, number>();
  private readonly trees = new Map<number, MerkleTree>();
  /**
   * Keys changed since their range's tree was last read. A tree is read only when anti-entropy
   * walks it (one range every few seconds) or a view asks for its root, while a hot key is written
   * many times in between: rehashing each such key once, when the tree is next read, gives the tree
   * the same hashes as updating it on every write (§4.7's trees are only ever compared).
   */
  private readonly stale = new Map<number, Set<Key>>();
  /** Ranges rebuilt since creation: the cost §6.2 charges strategy 1 for. */
  treesRebuilt = 0;

  constructor(
    ring: RingState,
    private readonly self: NodeId,
    private readonly N: number,
    private readonly merkle: MerkleOptions,
    private readonly read: (key: Key) => readonly Version[],
  ) {
    this.ring = ring;
  }

  /** Index every key the store holds (after creation or recovery). */
  indexAll(keys: Iterable<Key>): void {
    for (const key of keys) this.add(key);
  }

  private add(key: Key): number {
    const known = this.rangeByKey.get(key);
    if (known !== undefined) return known;
    const range = rangeOfKey(this.ring, key);
    let set = this.keysByRange.get(range);
    if (!set) this.keysByRange.set(range, (set = new Set()));
    set.add(key);
    this.rangeByKey.set(key, range);
    return range;
  }

  /** The store changed a key: keep its range's tree current (incremental, §4.7). */
  changed(key: Key, versions: readonly Version[]): void {
    const range = versions.length === 0 ? this.remove(key) : this.add(key);
    if (!this.trees.has(range)) return;
    let keys = this.stale.get(range);
    if (!keys) this.stale.set(range, (keys = new Set()));
    keys.add(key);
  }

  private remove(key: Key): number {
    const range = this.rangeByKey.get(key) ?? rangeOfKey(this.ring, key);
    this.rangeByKey.delete(key);
    const set = this.keysByRange.get(range);
    set?.delete(key);
    if (set?.size === 0) this.keysByRange.delete(range);
    return range;
  }

  /**
   * Membership changed: re-bucket keys; drop the trees whose ranges moved or are no longer held.
   * Under strategies 2–3 a key's partition does not depend on who holds it, so the key index stays.
   */
  setRing(ring: RingState, allKeys: Iterable<Key>): void {
    const boundariesMoved = ring.params.strategy === 1 || this.ring.params.strategy === 1;
    this.ring = ring;
    if (boundariesMoved) {
      this.rangeByKey.clear();
      this.keysByRange.clear();
      this.indexAll(allKeys);
      this.treesRebuilt += this.trees.size;
      this.trees.clear();
      this.stale.clear();
      return;
    }
    for (const range of [...this.trees.keys()]) {
      if (this.holds(range)) continue;
      this.trees.delete(range);
      this.stale.delete(range);
    }
  }

  /** The N home replicas of a range. */
  replicasOf(range: number): readonly NodeId[] {
    const key = this.sampleKey(range);
    return key === undefined ? [] : homeReplicas(this.ring, key, this.N);
  }

  private sampleKey(range: number): Key | undefined {
    const set = this.keysByRange.get(range);
    if (!set) return undefined;
    for (const k of set) return k;
    return undefined;
  }

  holds(range: number): boolean {
    return this.replicasOf(range).includes(this.self);
  }

  /** Ranges this node holds data for as a home replica, in order. */
  heldRanges(): number[] {
    return [...this.keysByRange.keys()].filter((r) => this.holds(r)).sort((a, b) => a - b);
  }

  keysIn(range: number): readonly Key[] {
    return [...(this.keysByRange.get(range) ?? [])].sort();
  }

  /** The Merkle tree of a range, built from the store the first time it is needed, current with the store. */
  tree(range: number): MerkleTree {
    let tree = this.trees.get(range);
    if (tree) {
      const keys = this.stale.get(range);
      if (keys) {
        // In the order the keys first changed, as the tree would have met them one write at a time.
        for (const key of keys) tree.update(key, this.read(key));
        this.stale.delete(range);
      }
    } else {
      const keys = this.keysByRange.get(range) ?? new Set<Key>();
      tree = MerkleTree.build(
        [...keys].map((k) => [k, this.read(k)] as const),
        this.merkle,
      );
      this.trees.set(range, tree);
    }
    return tree;
  }

  /** Every indexed key, range by range. */
  forEachKey(visit: (key: Key) => void): void {
    for (const keys of this.keysByRange.values()) for (const key of keys) visit(key);
  }
}

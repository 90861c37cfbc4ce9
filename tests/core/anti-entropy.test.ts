import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key, Version } from '../../src/core/types.ts';
import { MerkleTree } from '../../src/core/merkle-tree.ts';
import type { CompareRequest } from '../../src/core/anti-entropy.ts';
import {
  answerCompare,
  diffTrees,
  differingKeys,
  fullComparisonCost,
  keyHashesToExchange,
  keysToExchange,
  offerLeafKeys,
  startExchange,
} from '../../src/core/anti-entropy.ts';

function version(value: string, counter = 1): Version {
  return { value, clock: [{ node: 'Sa', counter, timestampMs: 0 }], writer: 'Sa', writtenAtMs: counter };
}

type Store = Map<Key, readonly Version[]>;

/** A replica holding keys `k0` .. `k{count-1}`, each at counter 1. */
function replica(count: number): Store {
  return new Map(Array.from({ length: count }, (_, i) => [`k${i}`, [version(`v${i}`)]] as const));
}

const SMALL = { depth: 2, fanout: 4 } as const;

/** Two replicas of a range: a shared base, then each side's own writes and losses. */
const replicaPairArb = fc
  .record({
    base: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }),
    changes: fc.array(fc.record({ side: fc.constantFrom('a', 'b'), key: fc.integer({ min: 0, max: 60 }), counter: fc.integer({ min: 0, max: 3 }) }), { maxLength: 8 }),
  })
  .map(({ base, changes }) => {
    const a: Store = new Map(base.map((i) => [`k${i}`, [version(`v${i}`)]] as const));
    const b: Store = new Map(a);
    for (const { side, key, counter } of changes) {
      const store = side === 'a' ? a : b;
      if (counter === 0) store.delete(`k${key}`);
      else store.set(`k${key}`, [version(`v${key}`, counter)]);
    }
    return { a, b };
  });

/** The model: keys whose sibling sets differ, or that only one replica holds. */
function modelDifferingKeys(a: Store, b: Store): Key[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((key) => JSON.stringify(a.get(key)) !== JSON.stringify(b.get(key))).sort();
}

describe('anti-entropy between two replicas of a range (Dynamo §4.7)', () => {
  it('finds exactly the leaves holding differing keys, and exactly those keys', () => {
    for (const options of [SMALL, { depth: 3, fanout: 2 }, { depth: 1, fanout: 8 }]) {
      fc.assert(
        fc.property(replicaPairArb, ({ a, b }) => {
          const treeA = MerkleTree.build(a, options);
          const treeB = MerkleTree.build(b, options);
          const expectedKeys = modelDifferingKeys(a, b);
          const expectedLeaves = [...new Set(expectedKeys.map((key) => treeA.leafOf(key)))].sort((x, y) => x - y);
          const { differingLeaves, differingKeys: keys, stats } = diffTrees(treeA, treeB);
          expect(differingLeaves).toEqual(expectedLeaves);
          expect(keys).toEqual(expectedKeys);
          expect(stats.differingKeys).toBe(expectedKeys.length);
          expect(diffTrees(treeB, treeA).differingLeaves).toEqual(expectedLeaves);
          // Keys travel only under differing leaves: both sides' keys there, nothing else.
          const underLeaves = keysToExchange(treeA, differingLeaves).length + keysToExchange(treeB, differingLeaves).length;
          expect(stats.keysSent).toBe(underLeaves);
          // d differences cost at most one root plus fanout hashes per level per difference.
          expect(stats.hashesCompared).toBeLessThanOrEqual(1 + expectedKeys.length * options.fanout * options.depth);
        }),
      );
    }
  });

  it('stops at the root when the replicas agree: one hash, no keys, a request and its in-sync reply', () => {
    const store = replica(1000);
    const { differingLeaves, stats } = diffTrees(MerkleTree.build(store), MerkleTree.build(new Map([...store].reverse())));
    expect(differingLeaves).toEqual([]);
    expect(stats).toEqual({ hashesCompared: 1, messages: 2, keysSent: 0, levelsDescended: 0, differingKeys: 0 });
  });

  it('walks one path for one differing key and sends only that leaf’s keys', () => {
    const a = replica(2000);
    const b = new Map(a).set('k1234', [version('v1234', 2)]);
    const treeA = MerkleTree.build(a);
    const treeB = MerkleTree.build(b);
    const { differingLeaves, differingKeys: keys, stats } = diffTrees(treeA, treeB);
    expect(differingLeaves).toEqual([treeA.leafOf('k1234')]);
    expect(keys).toEqual(['k1234']);
    const leafSize = treeA.keysInLeaf(treeA.leafOf('k1234')).length;
    expect(stats).toEqual({
      hashesCompared: 1 + treeA.fanout * treeA.depth, // the root, then one node's children per level
      messages: treeA.depth + 3, // the root, one descent per level, and the key lists both ways
      keysSent: 2 * leafSize,
      levelsDescended: treeA.depth,
      differingKeys: 1,
    });
    expect(stats.keysSent).toBeLessThan(fullComparisonCost(2000).keysSent / 100);
  });

  it('finds a key only one replica holds (a write that missed a replica)', () => {
    const a = replica(50);
    const b = new Map(a);
    b.delete('k7');
    const { differingKeys: keys } = diffTrees(MerkleTree.build(a, SMALL), MerkleTree.build(b, SMALL));
    expect(keys).toEqual(['k7']);
  });

  it('alternates sides as messages would, each step plain data that survives serialisation', () => {
    const a = replica(300);
    const b = new Map(a).set('k42', [version('v42', 5)]);
    const treeA = MerkleTree.build(a, SMALL);
    const treeB = MerkleTree.build(b, SMALL);
    const wire = <T>(message: T): T => JSON.parse(JSON.stringify(message)) as T;

    const root = wire(startExchange(treeA, 7));
    expect(root).toEqual({ rangeId: 7, level: 0, indices: [0], hashes: [treeA.root()] });
    const atB = answerCompare(treeB, root);
    if (atB.kind !== 'descend') throw new Error(`expected descend, got ${atB.kind}`);
    expect(atB.request.level).toBe(1);
    expect(atB.request.hashes).toEqual(treeB.childHashes(0, 0));
    const atA = answerCompare(treeA, wire(atB.request));
    if (atA.kind !== 'descend') throw new Error(`expected descend, got ${atA.kind}`);
    expect(atA.request.indices).toHaveLength(SMALL.fanout);
    const atB2 = answerCompare(treeB, wire(atA.request));
    expect(atB2).toEqual({ kind: 'exchange-keys', rangeId: 7, leaves: [treeB.leafOf('k42')], hashesCompared: SMALL.fanout });

    if (atB2.kind !== 'exchange-keys') throw new Error('unreachable');
    const offerB = wire(offerLeafKeys(treeB, 7, atB2.leaves));
    const offerA = offerLeafKeys(treeA, 7, atB2.leaves);
    expect(differingKeys(offerA.entries, offerB.entries)).toEqual(['k42']);
    expect(differingKeys(offerB.entries, offerA.entries)).toEqual(['k42']);
    expect(offerA.entries.map((entry) => entry.key)).toEqual(keysToExchange(treeA, atB2.leaves));
  });

  it('answers in-sync when the peer’s hashes all match', () => {
    const tree = MerkleTree.build(replica(100), SMALL);
    const request: CompareRequest = { rangeId: 0, level: 1, indices: [0, 3], hashes: [tree.hashAt(1, 0), tree.hashAt(1, 3)] };
    expect(answerCompare(tree, request)).toEqual({ kind: 'in-sync', hashesCompared: 2 });
  });

  it('refuses malformed requests, naming the field', () => {
    const tree = MerkleTree.build(replica(10), SMALL);
    const h = tree.root();
    expect(() => answerCompare(tree, { rangeId: 0, level: 3, indices: [0], hashes: [h] })).toThrow(/request.level must be an integer from 0 to 2/);
    expect(() => answerCompare(tree, { rangeId: 0, level: 1, indices: [0, 1], hashes: [h] })).toThrow(/request.indices \(2\) and request.hashes \(1\)/);
    expect(() => answerCompare(tree, { rangeId: 0, level: 1, indices: [4], hashes: [h] })).toThrow(/request.indices\[0\] must be an integer from 0 to 3/);
    expect(() => answerCompare(tree, { rangeId: 0, level: 0, indices: [0], hashes: ['xyz'] })).toThrow(/request.hashes\[0\] must be 16 lower-case hex/);
    expect(() => answerCompare(tree, { rangeId: -1, level: 0, indices: [0], hashes: [h] })).toThrow(/rangeId must be a non-negative integer/);
    expect(() => diffTrees(tree, new MerkleTree())).toThrow(/same shape/);
  });

  it('lists the keys under leaves with their hashes, leaf by leaf', () => {
    const tree = MerkleTree.build(replica(200), SMALL);
    const leaves = [3, 1];
    const entries = keyHashesToExchange(tree, leaves);
    expect(entries.map((entry) => entry.key)).toEqual([...tree.keysInLeaf(3), ...tree.keysInLeaf(1)]);
    for (const { key, hash } of entries) expect(hash).toBe(tree.keyHash(key));
  });

  it('prices the naive alternative: every key’s hash sent both ways', () => {
    expect(fullComparisonCost(1000)).toEqual({ hashesCompared: 1000, keysSent: 2000 });
    expect(fullComparisonCost(0)).toEqual({ hashesCompared: 0, keysSent: 0 });
    expect(() => fullComparisonCost(-1)).toThrow(/keyCount must be a non-negative integer/);
  });
});

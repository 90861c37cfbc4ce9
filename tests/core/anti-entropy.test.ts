import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key, Version } from '../../src/core/types.ts';
import { MerkleTree, type MerkleOptions } from '../../src/core/merkle-tree.ts';
import type { CompareRequest, ExchangeReplica } from '../../src/core/anti-entropy.ts';
import {
  answerCompare,
  answerOffer,
  fullComparisonCost,
  keyLevelFor,
  offerKeys,
  runExchange,
  startExchange,
  supplyWanted,
} from '../../src/core/anti-entropy.ts';
import { keyHash32 } from '../../src/core/object-hash.ts';
import { reconcile } from '../../src/core/versions.ts';

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

/** A replica as a node holds one: a store whose writes reconcile, and the range's tree kept current. */
function memoryReplica(store: Store, options?: Partial<MerkleOptions>): ExchangeReplica & { store: Store } {
  const own: Store = new Map(store);
  const tree = MerkleTree.build(own, options);
  return {
    store: own,
    tree,
    read: (key) => own.get(key) ?? [],
    write: (key, incoming) => {
      const merged = reconcile([...(own.get(key) ?? []), ...incoming]);
      own.set(key, merged);
      tree.update(key, merged);
    },
  };
}

/** The model: keys whose sibling sets differ, or that only one replica holds. */
function modelDifferingKeys(a: Store, b: Store): Key[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((key) => JSON.stringify(a.get(key)) !== JSON.stringify(b.get(key))).sort();
}

describe('anti-entropy between two replicas of a range (Dynamo §4.7)', () => {
  it('finds exactly the differing keys, sends only their objects, and leaves both replicas equal', () => {
    const shapes: [Partial<MerkleOptions>, Partial<MerkleOptions>][] = [
      [SMALL, SMALL],
      [{ depth: 3, fanout: 2 }, { depth: 3, fanout: 2 }],
      [{ depth: 1, fanout: 8 }, { depth: 2, fanout: 3 }], // the walk does not depend on the stored shape
    ];
    for (const [shapeA, shapeB] of shapes) {
      fc.assert(
        fc.property(replicaPairArb, fc.boolean(), ({ a, b }, aStarts) => {
          const expected = modelDifferingKeys(a, b);
          const ra = memoryReplica(a, shapeA);
          const rb = memoryReplica(b, shapeB);
          const { differingKeys, stats } = aStarts ? runExchange(ra, rb) : runExchange(rb, ra);
          expect(differingKeys).toEqual(expected);
          expect(stats.keysSent).toBe(expected.length);
          expect(stats.objectsSent).toBeLessThanOrEqual(2 * expected.length);
          expect(ra.tree.root()).toBe(rb.tree.root());
          for (const key of new Set([...a.keys(), ...b.keys()])) {
            expect(ra.read(key)).toEqual(reconcile([...(a.get(key) ?? []), ...(b.get(key) ?? [])]));
          }
          // Each level below the root compares at most two children of each differing node.
          const keyLevel = keyLevelFor(Math.max(a.size, b.size));
          const treeHashes = stats.hashesCompared - stats.keyHashesCompared;
          expect(stats.keyHashesCompared).toBeLessThanOrEqual(stats.keyHashesOffered);
          if (expected.length > 0) expect(treeHashes).toBeLessThanOrEqual(1 + 2 * expected.length * keyLevel);
        }),
      );
    }
  });

  it('stops at the root when the replicas agree: one hash, no keys, a request and its in-sync reply', () => {
    const store = replica(1000);
    const { differingKeys, stats } = runExchange(memoryReplica(store), memoryReplica(new Map([...store].reverse())));
    expect(differingKeys).toEqual([]);
    expect(stats).toEqual({ hashesCompared: 1, keyHashesCompared: 0, messages: 2, levelsDescended: 0, keyHashesOffered: 0, objectsSent: 0, keysSent: 0, differingKeys: 0 });
  });

  it('walks one path down to a node of about one key for one differing key, and sends only that key', () => {
    const a = replica(2000);
    const b = new Map(a).set('k1234', [version('v1234', 2)]);
    const { differingKeys, stats } = runExchange(memoryReplica(a), memoryReplica(b));
    expect(differingKeys).toEqual(['k1234']);
    expect(stats.levelsDescended).toBe(11); // 2^11 = 2048 ≥ 2000 keys
    // The root, then one or two of each differing node's children per level: ≤ 2 per level.
    expect(stats.hashesCompared - stats.keyHashesCompared).toBeGreaterThanOrEqual(1 + 11);
    expect(stats.hashesCompared - stats.keyHashesCompared).toBeLessThanOrEqual(1 + 2 * 11);
    expect(stats.keyHashesOffered).toBeLessThanOrEqual(4);
    expect(stats.keysSent).toBe(1);
    // Level 11 is compared by the initiator (odd levels are), so it offers; the peer's newer copy
    // covers its own, so nothing goes back: root, 11 descents, offer, answer.
    expect(stats.objectsSent).toBe(1);
    expect(stats.messages).toBe(1 + 11 + 2);
    expect(stats.hashesCompared).toBeLessThan(fullComparisonCost(2000).hashesCompared / 50);
  });

  it('pulls every key a replica lacks, even one holding nothing under the differing nodes', () => {
    const full = replica(50);
    for (const emptyStarts of [true, false]) {
      const ra = memoryReplica(full, SMALL);
      const rb = memoryReplica(new Map(), SMALL);
      const { differingKeys, stats } = emptyStarts ? runExchange(rb, ra) : runExchange(ra, rb);
      expect(differingKeys).toEqual([...full.keys()].sort());
      expect(stats.keysSent).toBe(50);
      expect(rb.store).toEqual(full);
    }
    const missingOne = new Map(full);
    missingOne.delete('k7');
    expect(runExchange(memoryReplica(full, SMALL), memoryReplica(missingOne, SMALL)).differingKeys).toEqual(['k7']);
  });

  it('alternates sides as messages would, each step plain data that survives serialisation', () => {
    const a = replica(300);
    const b = new Map(a).set('k42', [version('v42', 5)]);
    const treeA = MerkleTree.build(a, SMALL);
    const treeB = MerkleTree.build(b, SMALL);
    const wire = <T>(message: T): T => JSON.parse(JSON.stringify(message)) as T;

    const root = wire(startExchange(treeA, 7));
    expect(root).toEqual({ rangeId: 7, level: 0, keyLevel: 9, prefixes: [0], hashes: [treeA.root()] });
    let step = answerCompare(treeB, root);
    let sides = [treeA, treeB];
    for (let level = 1; step.kind === 'descend'; level++) {
      const { request } = step;
      expect(request.level).toBe(level);
      // One differing key: one differing node a level, so one pair of children.
      expect(request.prefixes).toHaveLength(2);
      expect(request.prefixes[1]).toBe((request.prefixes[0] as number) + 1);
      step = answerCompare(sides[0] as MerkleTree, wire(request));
      sides = [sides[1] as MerkleTree, sides[0] as MerkleTree];
    }
    if (step.kind !== 'swap-keys') throw new Error(`expected swap-keys, got ${step.kind}`);
    const { offer } = step;
    const [offering, answering] = [sides[1] as MerkleTree, sides[0] as MerkleTree];
    expect(offer.level).toBe(9);
    expect(offer.prefixes).toEqual([Math.floor(keyHash32('k42') / 2 ** (32 - 9))]);
    expect(offer.entries).toContainEqual({ key: 'k42', hash: offering.keyHash('k42') });

    const store = answering === treeA ? a : b;
    const answer = answerOffer(answering, (key) => store.get(key) ?? [], wire(offer));
    expect(answer.entries).toEqual([['k42', store.get('k42')]]);
    expect(answer.wants).toEqual(['k42']);
    expect(answer.hashesCompared).toBe(offer.entries.length);
  });

  it('compares the left child only when it agrees: the parent differs, so the right one must', () => {
    const tree = MerkleTree.build(replica(100), SMALL);
    const left = tree.hashOfPrefix(1, 0);
    const request: CompareRequest = { rangeId: 0, level: 1, keyLevel: 7, prefixes: [0, 1], hashes: [left, '0123456789abcdef'] };
    const step = answerCompare(tree, request);
    expect(step.hashesCompared).toBe(1);
    if (step.kind !== 'descend') throw new Error(`expected descend, got ${step.kind}`);
    expect(step.request.prefixes).toEqual([2, 3]);
    expect(step.request.hashes).toEqual([tree.hashOfPrefix(2, 2), tree.hashOfPrefix(2, 3)]);
    const bothDiffer = answerCompare(tree, { ...request, hashes: ['0123456789abcdef', '0123456789abcdef'] });
    expect(bothDiffer.hashesCompared).toBe(2);
  });

  it('answers in-sync when the roots match, and raises the key level to fit the larger replica', () => {
    const tree = MerkleTree.build(replica(100), SMALL);
    expect(answerCompare(tree, startExchange(tree, 0))).toEqual({ kind: 'in-sync', hashesCompared: 1 });
    const small = startExchange(MerkleTree.build(replica(3), SMALL), 0);
    const step = answerCompare(tree, small);
    if (step.kind !== 'descend') throw new Error(`expected descend, got ${step.kind}`);
    expect([small.keyLevel, step.request.keyLevel]).toEqual([2, 7]);
  });

  it('supplies wanted keys only where the peer’s answer does not already hold them', () => {
    const mine: Store = new Map([['x', [version('vx', 2)]], ['y', [version('vy', 1)]]]);
    const theirs = [['x', [version('vx', 1)]], ['y', [version('vy', 1)]]] as const;
    expect(supplyWanted((key) => mine.get(key) ?? [], theirs, ['x', 'y', 'z'])).toEqual([['x', mine.get('x')]]);
  });

  it('lists the keys under the offered nodes with their hashes, node by node', () => {
    const tree = MerkleTree.build(replica(200), SMALL);
    const offer = offerKeys(tree, 3, 2, [3, 1]);
    expect(offer.entries.map((entry) => entry.key)).toEqual([...tree.keysWithPrefix(2, 3), ...tree.keysWithPrefix(2, 1)]);
    for (const { key, hash } of offer.entries) expect(hash).toBe(tree.keyHash(key));
  });

  it('puts the key level where a node holds about one key', () => {
    expect([0, 1, 2, 3, 1000, 2 ** 20, 2 ** 40].map(keyLevelFor)).toEqual([0, 0, 1, 2, 10, 20, 32]);
  });

  it('refuses malformed requests and offers, naming the field', () => {
    const tree = MerkleTree.build(replica(10), SMALL);
    const h = tree.root();
    const base = { rangeId: 0, keyLevel: 4 };
    expect(() => answerCompare(tree, { ...base, level: 33, prefixes: [0, 1], hashes: [h, h] })).toThrow(/bits must be an integer from 0 to 32/);
    expect(() => answerCompare(tree, { ...base, level: 1, prefixes: [0, 1], hashes: [h] })).toThrow(/request.prefixes \(2\) and request.hashes \(1\)/);
    expect(() => answerCompare(tree, { ...base, level: 1, prefixes: [0], hashes: [h] })).toThrow(/sibling pairs/);
    expect(() => answerCompare(tree, { ...base, level: 2, prefixes: [1, 2], hashes: [h, h] })).toThrow(/not the left child/);
    expect(() => answerCompare(tree, { ...base, level: 2, prefixes: [0, 3], hashes: [h, h] })).toThrow(/not the sibling of 0/);
    expect(() => answerCompare(tree, { ...base, level: 1, prefixes: [2, 3], hashes: [h, h] })).toThrow(/1-bit prefix must be an integer from 0 to 1/);
    expect(() => answerCompare(tree, { ...base, level: 0, prefixes: [0, 1], hashes: [h, h] })).toThrow(/root alone/);
    expect(() => answerCompare(tree, { ...base, level: 0, prefixes: [0], hashes: ['xyz'] })).toThrow(/request.hashes\[0\] must be 16 lower-case hex/);
    expect(() => answerCompare(tree, { ...base, keyLevel: 40, level: 0, prefixes: [0], hashes: [h] })).toThrow(/keyLevel must be an integer from 0 to 32/);
    expect(() => answerCompare(tree, { ...base, rangeId: -1, level: 0, prefixes: [0], hashes: [h] })).toThrow(/rangeId must be a non-negative integer/);
    const read = (): readonly Version[] => [];
    expect(() => answerOffer(tree, read, { rangeId: 0, level: 1, prefixes: [2], entries: [] })).toThrow(/offer.prefixes\[0\]/);
    expect(() => answerOffer(tree, read, { rangeId: 0, level: 1, prefixes: [1], entries: [{ key: 'k1', hash: 'nope' }] })).toThrow(/offer.entries\[0\].hash/);
  });

  it('prices the naive alternative: every key’s hash sent both ways', () => {
    expect(fullComparisonCost(1000)).toEqual({ hashesCompared: 1000, keysSent: 2000 });
    expect(fullComparisonCost(0)).toEqual({ hashesCompared: 0, keysSent: 0 });
    expect(() => fullComparisonCost(-1)).toThrow(/keyCount must be a non-negative integer/);
  });
});

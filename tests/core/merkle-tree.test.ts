import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key, Version } from '../../src/core/types.ts';
import { MerkleTree, type MerkleOptions } from '../../src/core/merkle-tree.ts';
import { EMPTY_HASH, hashVersions, keyHash32 } from '../../src/core/object-hash.ts';

function version(value: string, counter = 1, node = 'Sx'): Version {
  return {
    value: [value],
    clock: [{ node, counter, timestampMs: 0 }],
    writer: node,
    writtenAtMs: counter,
  };
}

/** Small trees (16 leaves) so that keys share leaves and inner nodes often. */
const SMALL = { depth: 2, fanout: 4 } as const;

const keyArb = fc.string({ minLength: 1, maxLength: 6 });
const versionsArb: fc.Arbitrary<Version[]> = fc.array(
  fc
    .record({
      value: fc.constantFrom('book', 'pen', 'cup'),
      counter: fc.integer({ min: 1, max: 3 }),
      node: fc.constantFrom('Sx', 'Sy'),
    })
    .map(({ value, counter, node }) => version(value, counter, node)),
  { minLength: 1, maxLength: 3 },
);
/** A replica's contents: key -> its sibling set. */
const storeArb = fc
  .dictionary(keyArb, versionsArb, { maxKeys: 40 })
  .map((record) => new Map(Object.entries(record)));

function buildFrom(store: ReadonlyMap<Key, readonly Version[]>, options: Partial<MerkleOptions> = SMALL): MerkleTree {
  return MerkleTree.build(store, options);
}

/** The XOR of 16-hex-char hashes. */
function xorHex(hashes: readonly string[]): string {
  const sum = hashes.reduce((acc, hash) => acc ^ BigInt(`0x${hash}`), 0n);
  return sum.toString(16).padStart(16, '0');
}

/** The XOR of the entries' `hashVersions`: what a node over exactly these keys must hold. */
function xorOf(entries: readonly (readonly [Key, readonly Version[]])[]): string {
  return entries.length === 0 ? EMPTY_HASH : xorHex(entries.map(([key, versions]) => hashVersions(key, versions)));
}

/** Every node's hash, level by level: a stronger check than the root alone. */
function allHashes(tree: MerkleTree): string[] {
  const hashes: string[] = [];
  for (let level = 0, width = 1; level <= tree.depth; level++, width *= tree.fanout) {
    for (let index = 0; index < width; index++) hashes.push(tree.hashAt(level, index));
  }
  return hashes;
}

describe('a Merkle tree over one key range (Dynamo §4.7)', () => {
  it('has the same root for the same (key, versions) set, whatever the insertion order', () => {
    fc.assert(
      fc.property(storeArb, fc.infiniteStream(fc.double()), (store, randoms) => {
        const shuffle = <T>(items: readonly T[]): T[] =>
          items
            .map((item) => [randoms.next().value, item] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, item]) => item);
        const reordered = new Map(
          shuffle([...store]).map(([key, versions]) => [key, shuffle(versions)] as const),
        );
        expect(buildFrom(reordered).root()).toBe(buildFrom(store).root());
        expect(MerkleTree.build(reordered).root()).toBe(MerkleTree.build(store).root());
      }),
      { numRuns: 30 },
    );
  });

  it('has different roots for different sets', () => {
    fc.assert(
      fc.property(
        storeArb,
        keyArb,
        versionsArb,
        fc.constantFrom('add-or-change', 'remove'),
        (store, key, versions, change) => {
          const other = new Map(store);
          if (change === 'remove') {
            fc.pre(store.size > 0);
            other.delete([...store.keys()][0] as Key);
          } else {
            fc.pre(JSON.stringify(store.get(key)) !== JSON.stringify(versions));
            other.set(key, versions);
          }
          expect(buildFrom(other).root()).not.toBe(buildFrom(store).root());
        },
      ),
    );
  });

  it('after any mix of updates, removals and reads, equals a fresh build of the final contents', () => {
    const opArb = fc.oneof(
      fc.record({ kind: fc.constant('update' as const), key: keyArb, versions: versionsArb }),
      fc.record({ kind: fc.constant('remove' as const), key: keyArb }),
      fc.record({
        kind: fc.constant('update' as const),
        key: keyArb,
        versions: fc.constant([] as Version[]),
      }),
      fc.record({
        kind: fc.constant('read' as const),
        level: fc.integer({ min: 0, max: SMALL.depth }),
        index: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(storeArb, fc.array(opArb, { maxLength: 40 }), (store, ops) => {
        const tree = buildFrom(store);
        const model = new Map(store);
        for (const op of ops) {
          if (op.kind === 'read') {
            // Reads between updates must not disturb what later updates change.
            tree.hashAt(op.level, op.index % SMALL.fanout ** op.level);
          } else if (op.kind === 'remove' || op.versions.length === 0) {
            tree.remove(op.key);
            model.delete(op.key);
          } else {
            tree.update(op.key, op.versions);
            model.set(op.key, op.versions);
          }
        }
        const fresh = buildFrom(model);
        expect(tree.size()).toBe(model.size);
        expect(allHashes(tree)).toEqual(allHashes(fresh));
        // The per-leaf key lists survive removals from their middle and reuse of freed slots.
        for (let leaf = 0; leaf < tree.leafCount; leaf++)
          expect(tree.keysInLeaf(leaf)).toEqual(fresh.keysInLeaf(leaf));
        for (const key of model.keys()) expect(tree.keyHash(key)).toBe(fresh.keyHash(key));
      }),
    );
  });

  it('finds every key it holds through long runs of additions and removals, its index grown and shifted back', () => {
    // Thousands of keys: the key index's probe runs grow long, wrap past its end and are shifted
    // back by removals, which the small stores above rarely reach.
    const tree = new MerkleTree(SMALL);
    const model = new Map<string, Version[]>();
    let state = 7;
    const next = (n: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
    for (let i = 0; i < 60_000; i++) {
      const key = `k${next(3000)}`;
      if (next(100) < 45) {
        tree.remove(key);
        model.delete(key);
      } else {
        const versions = [{ value: `v${i}`, clock: [{ node: 'n1', counter: i, timestampMs: 0 }], writtenAtMs: 0, writer: 'n1' }];
        tree.update(key, versions);
        model.set(key, versions);
      }
      if (i % 10_000 === 9_999) {
        expect(tree.size()).toBe(model.size);
        for (let k = 0; k < 3000; k++) expect(tree.keyHash(`k${k}`) !== undefined).toBe(model.has(`k${k}`));
      }
    }
    expect(allHashes(tree)).toEqual(allHashes(buildFrom(model)));
  });

  it('returns to its old root when a key is added and removed again, or changed and changed back', () => {
    fc.assert(
      fc.property(storeArb, keyArb, versionsArb, (store, key, versions) => {
        fc.pre(!store.has(key));
        const tree = buildFrom(store);
        const before = tree.root();
        tree.update(key, versions);
        expect(tree.root()).not.toBe(before);
        tree.remove(key);
        expect(tree.root()).toBe(before);
        const [someKey, someVersions] = [...store][0] ?? [key, versions];
        tree.update(someKey, [version('changed', 9)]);
        tree.update(someKey, someVersions);
        if (store.has(someKey)) expect(tree.root()).toBe(before);
      }),
    );
  });

  it('makes each node the XOR of the key hashes beneath it, so a parent is the XOR of its children', () => {
    fc.assert(
      fc.property(storeArb, (store) => {
        const tree = buildFrom(store);
        for (let leaf = 0; leaf < tree.leafCount; leaf++) {
          const beneath = [...store].filter(([key]) => tree.leafOf(key) === leaf);
          expect(tree.hashAt(tree.depth, leaf)).toBe(xorOf(beneath));
        }
        for (let level = 0, width = 1; level < tree.depth; level++, width *= tree.fanout) {
          for (let index = 0; index < width; index++) {
            const children = Array.from({ length: tree.fanout }, (_, c) =>
              tree.hashAt(level + 1, index * tree.fanout + c),
            );
            expect(xorHex(children)).toBe(tree.hashAt(level, index));
          }
        }
      }),
    );
  });

  it('gives any key-hash prefix the XOR of its keys’ hashes and lists its keys, whatever the fanout', () => {
    const prefixArb = fc.integer({ min: 0, max: 12 }).chain((bits) =>
      fc.record({ bits: fc.constant(bits), prefix: fc.integer({ min: 0, max: 2 ** bits - 1 }) }),
    );
    for (const options of [SMALL, { depth: 3, fanout: 2 }, { depth: 2, fanout: 3 }, { depth: 2, fanout: 7 }]) {
      fc.assert(
        fc.property(storeArb, fc.array(prefixArb, { maxLength: 10 }), (store, prefixes) => {
          const tree = buildFrom(store, options);
          expect(tree.hashOfPrefix(0, 0)).toBe(tree.root());
          for (const { bits, prefix } of prefixes) {
            const under = [...store].filter(([key]) => Math.floor(keyHash32(key) / 2 ** (32 - bits)) === prefix);
            expect(tree.hashOfPrefix(bits, prefix)).toBe(xorOf(under));
            expect(tree.keysWithPrefix(bits, prefix)).toEqual(under.map(([key]) => key).sort());
            // A prefix is the XOR of its two halves: what lets anti-entropy infer one from the other.
            if (bits < 32) {
              const halves = [tree.hashOfPrefix(bits + 1, 2 * prefix), tree.hashOfPrefix(bits + 1, 2 * prefix + 1)];
              expect(xorHex(halves)).toBe(tree.hashOfPrefix(bits, prefix));
            }
          }
        }),
        { numRuns: 40 },
      );
    }
  });

  it('finds prefixes longer than a leaf’s among that leaf’s keys', () => {
    const store = new Map(Array.from({ length: 300 }, (_, i) => [`k${i}`, [version(`v${i}`)]] as const));
    const tree = buildFrom(store, { depth: 1, fanout: 4 });
    for (const key of ['k1', 'k77', 'k299']) {
      const prefix = Math.floor(keyHash32(key) / 2 ** (32 - 20));
      expect(tree.keysWithPrefix(20, prefix)).toContain(key);
      expect(tree.hashOfPrefix(32, keyHash32(key))).toBe(xorOf([...store].filter(([k]) => keyHash32(k) === keyHash32(key))));
    }
  });

  it('puts each key in one stable leaf and lists a leaf’s keys sorted', () => {
    fc.assert(
      fc.property(storeArb, (store) => {
        const tree = buildFrom(store);
        const listed = Array.from({ length: tree.fanout ** tree.depth }, (_, leaf) =>
          tree.keysInLeaf(leaf),
        );
        for (const keys of listed) expect([...keys]).toEqual([...keys].sort());
        expect(listed.flat().sort()).toEqual([...store.keys()].sort());
        for (const key of store.keys()) expect(tree.keysInLeaf(tree.leafOf(key))).toContain(key);
        for (const key of store.keys())
          expect(new MerkleTree(SMALL).leafOf(key)).toBe(tree.leafOf(key));
      }),
    );
  });

  it('spreads keys over all leaves', () => {
    const tree = new MerkleTree({ depth: 2, fanout: 16 });
    const used = new Set(Array.from({ length: 5000 }, (_, i) => tree.leafOf(`key-${i}`)));
    expect(used.size).toBe(256);
  });

  it('gives empty trees of the same shape the same root, and an empty leaf the zero hash', () => {
    const tree = new MerkleTree();
    expect(tree.root()).toBe(new MerkleTree().root());
    expect(tree.size()).toBe(0);
    expect(tree.hashAt(4, 123)).toBe('0000000000000000');
    expect([tree.depth, tree.fanout, tree.leafCount]).toEqual([4, 16, 65536]);
    tree.update('cart', [version('book')]);
    expect(tree.keyHash('cart')).toMatch(/^[0-9a-f]{16}$/);
    expect(tree.keyHash('nope')).toBeUndefined();
    tree.remove('nope');
    expect(tree.size()).toBe(1);
  });

  it('refuses shapes out of range, naming the option', () => {
    expect(() => new MerkleTree({ depth: 0 })).toThrow(/depth must be an integer from 1 to 8/);
    expect(() => new MerkleTree({ depth: 9, fanout: 2 })).toThrow(
      /depth must be an integer from 1 to 8/,
    );
    expect(() => new MerkleTree({ fanout: 1 })).toThrow(/fanout must be an integer from 2 to 64/);
    expect(() => new MerkleTree({ fanout: 2.5 })).toThrow(/fanout must be an integer/);
    expect(() => new MerkleTree({ depth: 6, fanout: 16 })).toThrow(/exceeds 2\^20/);
    expect(new MerkleTree({ depth: 5, fanout: 16 }).leafCount).toBe(2 ** 20);
  });

  it('refuses nodes that do not exist', () => {
    const tree = new MerkleTree(SMALL);
    expect(() => tree.hashAt(3, 0)).toThrow(/level must be an integer from 0 to 2/);
    expect(() => tree.hashAt(1, 4)).toThrow(/index at level 1 must be an integer from 0 to 3/);
    expect(() => tree.hashOfPrefix(33, 0)).toThrow(/bits must be an integer from 0 to 32/);
    expect(() => tree.keysWithPrefix(2, 4)).toThrow(/a 2-bit prefix must be an integer from 0 to 3, got 4/);
    expect(() => tree.keysInLeaf(16)).toThrow(/from 0 to 15/);
  });
});

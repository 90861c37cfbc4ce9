import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyRanges, rangeOfKey } from '../../src/core/key-ranges.ts';
import { MerkleTree } from '../../src/core/merkle-tree.ts';
import { createRing } from '../../src/core/partitioning.ts';
import type { Key, Version } from '../../src/core/types.ts';
import { prngFromSeed } from '../../src/sim/prng.ts';
import { manyNodes } from './ring-fixtures.ts';

const SMALL = { depth: 2, fanout: 4 } as const;

function version(value: string, counter: number): Version {
  return { value: [value], clock: [{ node: 'n1', counter, timestampMs: 0 }], writer: 'n1', writtenAtMs: counter };
}

/** Strategy 3 with 8 partitions over 4 nodes and N=4: every node holds every range. */
const ring = createRing({
  params: { strategy: 3, tokensPerNode: 2, partitionCount: 8 },
  nodes: manyNodes(4),
  N: 4,
  prng: prngFromSeed(3),
});

type Step =
  | { op: 'write'; key: Key; value: string }
  | { op: 'remove'; key: Key }
  | { op: 'read-tree'; keyOfRange: Key };

const keyArb = fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `k${i}`));
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('write' as const), key: keyArb, value: fc.string({ maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), key: keyArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read-tree' as const), keyOfRange: keyArb }) },
);

describe('KeyRanges (§4.7: a Merkle tree per key range)', () => {
  it('a tree read after any writes and removals equals one built afresh from the store', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 120 }), (steps) => {
        const store = new Map<Key, readonly Version[]>();
        const read = (k: Key): readonly Version[] => store.get(k) ?? [];
        const ranges = new KeyRanges(ring, 'n1', 4, SMALL, read);
        let counter = 0;
        for (const step of steps) {
          if (step.op === 'read-tree') {
            const range = rangeOfKey(ring, step.keyOfRange);
            const fresh = MerkleTree.build(
              ranges.keysIn(range).map((k) => [k, read(k)] as const),
              SMALL,
            );
            expect(ranges.tree(range).root()).toBe(fresh.root());
            continue;
          }
          const versions = step.op === 'write' ? [version(step.value, ++counter)] : [];
          if (versions.length === 0) store.delete(step.key);
          else store.set(step.key, versions);
          ranges.changed(step.key, versions);
        }
        for (const range of ranges.heldRanges()) {
          const fresh = MerkleTree.build(ranges.keysIn(range).map((k) => [k, read(k)] as const), SMALL);
          expect(ranges.tree(range).root()).toBe(fresh.root());
        }
      }),
      { numRuns: 200 },
    );
  });

  it("reading a range's tree again brings the same tree up to date with the store", () => {
    const store = new Map<Key, readonly Version[]>();
    const ranges = new KeyRanges(ring, 'n1', 4, SMALL, (k) => store.get(k) ?? []);
    const range = rangeOfKey(ring, 'hot');
    store.set('hot', [version('a', 1)]);
    ranges.changed('hot', [version('a', 1)]);
    const tree = ranges.tree(range);
    const before = tree.root();
    for (let i = 2; i <= 50; i++) {
      store.set('hot', [version(`v${i}`, i)]);
      ranges.changed('hot', [version(`v${i}`, i)]);
    }
    expect(ranges.tree(range)).toBe(tree);
    expect(tree.root()).not.toBe(before);
    expect(tree.root()).toBe(MerkleTree.build([['hot', [version('v50', 50)]]], SMALL).root());
  });
});

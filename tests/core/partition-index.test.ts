import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RING_SIZE, bigIntToPosition, positionToBigInt } from '../../src/core/hash.ts';
import { partitionIndexOf, type RingState } from '../../src/core/partitioning.ts';

/** The BigInt formula partitionIndexOf used alone before: partition i is (floor(iR/Q), floor((i+1)R/Q)]. */
function byBigInt(position: string, Q: number): number {
  const p = positionToBigInt(position);
  return p === 0n ? Q - 1 : Number((p * BigInt(Q) - 1n) / RING_SIZE);
}

const ringWith = (Q: number): RingState => ({ params: { strategy: 3, partitionCount: Q }, nodes: [], tokens: [] });

describe('partitionIndexOf (strategy 3, §6.2) without BigInt', () => {
  it('gives the BigInt answer on random positions and on every side of partition boundaries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 20 }),
        fc.bigInt({ min: 0n, max: RING_SIZE - 1n }),
        fc.nat(),
        fc.constantFrom(-1n, 0n, 1n),
        (Q, random, boundary, step) => {
          const end = (BigInt((boundary % Q) + 1) * RING_SIZE) / BigInt(Q);
          for (const p of [random, end + step, 0n, 1n, RING_SIZE - 1n]) {
            const position = bigIntToPosition(p);
            expect(partitionIndexOf(ringWith(Q), position)).toBe(byBigInt(position, Q));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('still rejects a malformed position', () => {
    expect(() => partitionIndexOf(ringWith(8), 'XYZ')).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConflictResolution, Version } from '../../src/core/types.ts';
import { cartUnion, lastWriterWins, resolveForClient } from '../../src/core/conflict-resolution.ts';
import { emptyClock, increment, merge } from '../../src/core/vector-clock.ts';
import { mergeContext, reconcile } from '../../src/core/versions.ts';

const base = increment(emptyClock, 'Sx', 1);
const onSy: Version = {
  value: ['book', 'pen'],
  clock: increment(base, 'Sy', 10),
  writtenAtMs: 10,
  writer: 'Sy',
};
const onSz: Version = {
  value: ['book'],
  clock: increment(base, 'Sz', 12),
  writtenAtMs: 12,
  writer: 'Sz',
};

describe('the shopping cart (§4.4)', () => {
  it('merges divergent carts by union, so an add is never lost', () => {
    const siblings = reconcile([onSy, onSz]);
    expect(siblings).toHaveLength(2);
    expect(cartUnion(siblings.map((v) => v.value))).toEqual(['book', 'pen']);
  });

  it('lets a deleted item resurface: one branch removed the pen, the other still has it', () => {
    const cart = ['book', 'pen'];
    const removedPen = ['book'];
    const addedLamp = ['book', 'lamp', 'pen'];
    expect(cartUnion([removedPen, addedLamp])).toEqual(['book', 'lamp', 'pen']);
    expect(cartUnion([cart, removedPen])).toContain('pen');
  });

  it('counts a string as one item and a delete as an empty cart', () => {
    expect(cartUnion(['mug', null, ['book', 'mug']])).toEqual(['book', 'mug']);
    expect(cartUnion([null])).toEqual([]);
    expect(cartUnion([])).toEqual([]);
  });

  it('is a set union: order, repetition and grouping do not matter', () => {
    const itemsArb = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 2 }),
      fc.array(fc.string({ maxLength: 2 })),
    );
    fc.assert(
      fc.property(fc.array(itemsArb), fc.array(itemsArb), (a, b) => {
        const both = cartUnion([...a, ...b]);
        expect(cartUnion([...b, ...a])).toEqual(both);
        expect(cartUnion([cartUnion(a), cartUnion(b)])).toEqual(both);
        expect(cartUnion([...a, ...a])).toEqual(cartUnion(a));
        for (const item of cartUnion(a)) expect(both).toContain(item);
      }),
    );
  });
});

describe('last writer wins (§6.1 timestamp-based reconciliation)', () => {
  it('keeps the version written last', () => {
    expect(lastWriterWins([onSy, onSz])).toBe(onSz);
    expect(resolveForClient([onSy, onSz], 'lww')).toEqual([onSz]);
  });

  it('breaks equal timestamps by writer id, then clock, then value', () => {
    const sameTime = { ...onSy, writtenAtMs: 12 };
    expect(lastWriterWins([onSz, sameTime])).toBe(onSz); // 'Sz' > 'Sy'
    const otherClock = { ...onSz, clock: merge(onSz.clock, onSy.clock) };
    // clockKey '{"Sx":1,"Sz":1}' sorts after '{"Sx":1,"Sy":1,"Sz":1}'
    expect(lastWriterWins([otherClock, onSz])).toBe(onSz);
    const otherValue = { ...onSz, value: ['lamp'] };
    expect(lastWriterWins([onSz, otherValue])).toBe(otherValue); // '["lamp"]' > '["book"]'
  });

  it('picks the same winner from any order of the same versions', () => {
    const versionArb = fc.record({
      value: fc.constantFrom('a', 'b', null),
      clock: fc.constantFrom(onSy.clock, onSz.clock, base),
      writtenAtMs: fc.integer({ min: 0, max: 2 }),
      writer: fc.constantFrom('Sx', 'Sy'),
    });
    fc.assert(
      fc.property(
        fc
          .array(versionArb, { minLength: 1, maxLength: 6 })
          .chain((versions) =>
            fc.tuple(
              fc.constant(versions),
              fc.shuffledSubarray(versions, { minLength: versions.length }),
            ),
          ),
        ([versions, shuffled]) => {
          const winner = lastWriterWins(versions);
          expect(lastWriterWins(shuffled)).toEqual(winner);
          for (const v of versions)
            expect(winner.writtenAtMs).toBeGreaterThanOrEqual(v.writtenAtMs);
        },
      ),
    );
  });

  it('refuses an empty set by name', () => {
    expect(() => lastWriterWins([])).toThrow(/versions/);
  });
});

describe('resolveForClient', () => {
  it("returns every sibling under 'siblings' and a single winner under 'lww'", () => {
    const siblings = reconcile([onSy, onSz]);
    expect(resolveForClient(siblings, 'siblings')).toBe(siblings);
    expect(resolveForClient(siblings, 'lww')).toEqual([onSz]);
    expect(resolveForClient([], 'lww')).toEqual([]);
    expect(mergeContext(resolveForClient(siblings, 'siblings'))).toEqual(
      merge(onSy.clock, onSz.clock),
    );
  });

  it('rejects an unknown resolution by name', () => {
    expect(() => resolveForClient([onSy], 'newest' as ConflictResolution)).toThrow(/resolution/);
  });
});

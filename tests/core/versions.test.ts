import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value, VectorClock, Version } from '../../src/core/types.ts';
import {
  clockKey,
  compare,
  emptyClock,
  formatClock,
  increment,
} from '../../src/core/vector-clock.ts';
import {
  dominatesAll,
  isStaleRelativeTo,
  laterWrite,
  mergeContext,
  reconcile,
  valueKey,
  versionsEqual,
} from '../../src/core/versions.ts';

function version(value: Value, clock: VectorClock, writtenAtMs = 0, writer = 'Sx'): Version {
  return { value, clock, writtenAtMs, writer };
}

const clocks = (versions: readonly Version[]) => versions.map((v) => formatClock(v.clock));

describe('Figure 3 as a sequence of puts and gets (§4.4)', () => {
  const D1 = version('D1', increment(emptyClock, 'Sx', 1), 1, 'Sx');
  const D2 = version('D2', increment(D1.clock, 'Sx', 2), 2, 'Sx');
  const D3 = version('D3', increment(D2.clock, 'Sy', 3), 3, 'Sy');
  const D4 = version('D4', increment(D2.clock, 'Sz', 4), 4, 'Sz');

  it('D2 overwrites D1: reconcile([D1, D2]) returns D2', () => {
    expect(reconcile([D1, D2])).toEqual([D2]);
    expect(reconcile([D2, D1])).toEqual([D2]);
  });

  it('a node aware of D1 or D2 that receives D4 drops them; one that holds D3 keeps both', () => {
    expect(reconcile([D1, D2, D4])).toEqual([D4]);
    expect(reconcile([D3, D4])).toEqual([D3, D4]);
    expect(clocks(reconcile([D4, D3]))).toEqual(['[(Sx,2),(Sy,1)]', '[(Sx,2),(Sz,1)]']);
    expect(reconcile([D4, D3, D2])).toEqual([D3, D4]);
  });

  it('the read context summarises both, and the reconciled D5 collapses the branches', () => {
    const siblings = reconcile([D3, D4]);
    const context = mergeContext(siblings);
    expect(formatClock(context)).toBe('[(Sx,2),(Sy,1),(Sz,1)]');
    expect(dominatesAll(context, siblings)).toBe(true);
    expect(dominatesAll(D3.clock, siblings)).toBe(false);
    const D5 = version('D5', increment(context, 'Sx', 5), 5, 'Sx');
    expect(formatClock(D5.clock)).toBe('[(Sx,3),(Sy,1),(Sz,1)]');
    expect(reconcile([D3, D4, D5])).toEqual([D5]);
  });

  it('read repair: a replica holding only D3 is stale against {D3, D4}; one holding D5 is not', () => {
    const latest = reconcile([D3, D4]);
    expect(isStaleRelativeTo([D3], latest)).toBe(true);
    expect(isStaleRelativeTo([], latest)).toBe(true);
    expect(isStaleRelativeTo([D4, D3], latest)).toBe(false);
    const D5 = version('D5', increment(mergeContext(latest), 'Sx', 5));
    expect(isStaleRelativeTo([D5], latest)).toBe(false);
    expect(isStaleRelativeTo([D3], [])).toBe(false);
  });

  it('the context of nothing is the empty clock', () => {
    expect(mergeContext([])).toEqual(emptyClock);
    expect(reconcile([])).toEqual([]);
  });
});

describe('set semantics', () => {
  const a = version(['book'], [{ node: 'A', counter: 1, timestampMs: 1 }]);
  const b = version(['pen'], [{ node: 'B', counter: 1, timestampMs: 1 }]);

  it('versionsEqual ignores order, duplicates and who/when, but not clocks or values', () => {
    expect(versionsEqual([a, b], [b, a, a])).toBe(true);
    expect(versionsEqual([a], [{ ...a, writer: 'Z', writtenAtMs: 9 }])).toBe(true);
    expect(versionsEqual([a], [a, b])).toBe(false);
    expect(versionsEqual([a], [{ ...a, value: ['pen'] }])).toBe(false);
    expect(versionsEqual([a], [{ ...a, value: 'book' }])).toBe(false);
  });

  it('of two versions with equal clocks keeps the later write, whatever the order', () => {
    const early = { ...a, value: 'old', writtenAtMs: 1 };
    const late = { ...a, value: 'new', writtenAtMs: 2 };
    expect(reconcile([early, late])).toEqual([late]);
    expect(reconcile([late, early])).toEqual([late]);
  });

  it('tells a string from a one-item cart from a delete', () => {
    expect(new Set([valueKey('x'), valueKey(['x']), valueKey(null), valueKey([])]).size).toBe(4);
  });
});

// Small node and counter ranges so that dominated, equal and concurrent versions all appear.
const clockArb: fc.Arbitrary<VectorClock> = fc
  .uniqueArray(
    fc.record({
      node: fc.constantFrom('A', 'B', 'C', 'D'),
      counter: fc.integer({ min: 1, max: 2 }),
      timestampMs: fc.integer({ min: 0, max: 9 }),
    }),
    { selector: (entry) => entry.node },
  )
  .map((entries) => entries.sort((x, y) => (x.node < y.node ? -1 : x.node > y.node ? 1 : 0)));

const versionArb: fc.Arbitrary<Version> = fc.record({
  value: fc.oneof(fc.constant(null), fc.constantFrom('a', 'b'), fc.constant(['a', 'b'])),
  clock: clockArb,
  writtenAtMs: fc.integer({ min: 0, max: 3 }),
  writer: fc.constantFrom('A', 'B'),
});

/** The obvious O(n²) definition: versions no other version is strictly after. */
function naiveMaximalClockKeys(versions: readonly Version[]): string[] {
  const maximal = versions.filter(
    (v) => !versions.some((other) => compare(v.clock, other.clock) === 'before'),
  );
  return [...new Set(maximal.map((v) => clockKey(v.clock)))].sort();
}

describe('reconcile (properties)', () => {
  it('matches the naive filter of maximal versions', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 8 }), (versions) => {
        expect(reconcile(versions).map((v) => clockKey(v.clock))).toEqual(
          naiveMaximalClockKeys(versions),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('returns an antichain drawn from its input that covers every input version', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 8 }), (versions) => {
        const result = reconcile(versions);
        for (let i = 0; i < result.length; i++) {
          for (let j = i + 1; j < result.length; j++) {
            expect(compare(result[i]!.clock, result[j]!.clock)).toBe('concurrent');
          }
        }
        for (const kept of result) expect(versions).toContain(kept);
        for (const input of versions) expect(isStaleRelativeTo(result, [input])).toBe(false);
        expect(dominatesAll(mergeContext(result), versions)).toBe(true);
      }),
    );
  });

  it('is idempotent and independent of input order', () => {
    fc.assert(
      fc.property(
        fc
          .array(versionArb, { maxLength: 8 })
          .chain((versions) =>
            fc.tuple(
              fc.constant(versions),
              fc.shuffledSubarray(versions, { minLength: versions.length }),
            ),
          ),
        ([versions, shuffled]) => {
          const result = reconcile(versions);
          expect(reconcile(result)).toEqual(result);
          expect(reconcile(shuffled)).toEqual(result);
          expect(reconcile([...versions, ...versions])).toEqual(result);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('laterWrite is a total order: commutative and associative', () => {
    fc.assert(
      fc.property(versionArb, versionArb, versionArb, (a, b, c) => {
        expect(laterWrite(a, b)).toEqual(laterWrite(b, a));
        expect(laterWrite(laterWrite(a, b), c)).toEqual(laterWrite(a, laterWrite(b, c)));
      }),
    );
  });
});

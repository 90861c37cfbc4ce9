import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClockEntry, VectorClock } from '../../src/core/types.ts';
import {
  DEFAULT_CLOCK_MAX_ENTRIES,
  assertValidClock,
  clockKey,
  compare,
  counterOf,
  descends,
  emptyClock,
  formatClock,
  increment,
  merge,
  truncate,
} from '../../src/core/vector-clock.ts';

const NODES = ['Sa', 'Sb', 'Sc', 'Sd', 'Se', 'Sf'];

/** Small counters and few nodes, so equal and ordered pairs turn up often, not only concurrent ones. */
const clockArb: fc.Arbitrary<VectorClock> = fc
  .uniqueArray(
    fc.record({
      node: fc.constantFrom(...NODES),
      counter: fc.integer({ min: 1, max: 3 }),
      timestampMs: fc.integer({ min: 0, max: 50 }),
    }),
    { selector: (entry) => entry.node, maxLength: NODES.length },
  )
  .map((entries) => entries.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)));

/** The definition of descends, written the slow obvious way. */
function naiveDescends(a: VectorClock, b: VectorClock): boolean {
  const counters = new Map(a.map((entry) => [entry.node, entry.counter]));
  return b.every((entry) => (counters.get(entry.node) ?? 0) >= entry.counter);
}

function counters(clock: VectorClock): Array<[string, number]> {
  return clock.map((entry) => [entry.node, entry.counter]);
}

describe('Figure 3: the evolution of an object over time (§4.4)', () => {
  const D1 = increment(emptyClock, 'Sx', 1); // a client writes a new object, handled by Sx
  const D2 = increment(D1, 'Sx', 2); // the client updates it, Sx again
  const D3 = increment(D2, 'Sy', 3); // the same client updates D2, handled by Sy
  const D4 = increment(D2, 'Sz', 4); // a different client read D2 and updates it via Sz
  const context = merge(D3, D4); // a client reads both D3 and D4
  const D5 = increment(context, 'Sx', 5); // and reconciles them, coordinated by Sx

  it('stamps each version with the clock the paper draws', () => {
    expect(formatClock(D1)).toBe('[(Sx,1)]');
    expect(formatClock(D2)).toBe('[(Sx,2)]');
    expect(formatClock(D3)).toBe('[(Sx,2),(Sy,1)]');
    expect(formatClock(D4)).toBe('[(Sx,2),(Sz,1)]');
    expect(formatClock(D5)).toBe('[(Sx,3),(Sy,1),(Sz,1)]');
  });

  it('orders them: D2 > D1, D3 > D2, D4 > D2, D3 ∥ D4, D5 > D3 and D5 > D4', () => {
    expect(compare(D2, D1)).toBe('after');
    expect(compare(D1, D2)).toBe('before');
    expect(compare(D3, D2)).toBe('after');
    expect(compare(D4, D2)).toBe('after');
    expect(compare(D3, D4)).toBe('concurrent');
    expect(compare(D5, D3)).toBe('after');
    expect(compare(D5, D4)).toBe('after');
    expect(descends(D5, D3) && descends(D5, D4)).toBe(true);
    expect(descends(D3, D4) || descends(D4, D3)).toBe(false);
  });

  it('summarises D3 and D4 in the read context [(Sx,2),(Sy,1),(Sz,1)]', () => {
    expect(formatClock(context)).toBe('[(Sx,2),(Sy,1),(Sz,1)]');
    expect(counterOf(context, 'Sy')).toBe(1);
    expect(counterOf(context, 'Sw')).toBe(0);
  });

  it('records when each node last updated the object', () => {
    expect(D5).toEqual([
      { node: 'Sx', counter: 3, timestampMs: 5 },
      { node: 'Sy', counter: 1, timestampMs: 3 },
      { node: 'Sz', counter: 1, timestampMs: 4 },
    ]);
  });
});

describe('truncation (§4.4: "the oldest pair is removed from the clock")', () => {
  it('keeps at most 10 entries by default, dropping the oldest timestamp', () => {
    let clock = emptyClock;
    for (let i = 0; i < 12; i++) clock = increment(clock, `n${String(i).padStart(2, '0')}`, i);
    expect(DEFAULT_CLOCK_MAX_ENTRIES).toBe(10);
    expect(clock).toHaveLength(10);
    expect(counterOf(clock, 'n00')).toBe(0);
    expect(counterOf(clock, 'n01')).toBe(0);
    expect(counterOf(clock, 'n02')).toBe(1);
  });

  it('breaks timestamp ties by dropping the smallest node id', () => {
    const clock: VectorClock = [
      { node: 'a', counter: 1, timestampMs: 7 },
      { node: 'b', counter: 1, timestampMs: 5 },
      { node: 'c', counter: 1, timestampMs: 5 },
    ];
    expect(counters(truncate(clock, 2))).toEqual([
      ['a', 1],
      ['c', 1],
    ]);
    expect(counters(truncate(clock, 1))).toEqual([['a', 1]]);
  });

  it('never drops the entry the coordinator has just written', () => {
    const clock: VectorClock = [
      { node: 'b', counter: 4, timestampMs: 100 },
      { node: 'c', counter: 2, timestampMs: 100 },
    ];
    // All timestamps tie with nowMs, so the plain rule would drop 'a', the write itself.
    expect(counters(increment(clock, 'a', 100, 2))).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });

  it('can turn an ancestor into a false sibling: an old version and its descendant look concurrent', () => {
    const old = increment(increment(emptyClock, 'A', 1), 'B', 2); // [(A,1),(B,1)]
    const untruncated = increment(old, 'C', 3, Number.POSITIVE_INFINITY);
    expect(compare(old, untruncated)).toBe('before');
    const descendant = increment(old, 'C', 3, 2); // (A,1) is the oldest pair and is dropped
    expect(formatClock(descendant)).toBe('[(B,1),(C,1)]');
    expect(compare(old, descendant)).toBe('concurrent');
  });

  it('can fake a descends: a truly concurrent clock silently dominates a truncated one', () => {
    const b: VectorClock = [
      { node: 'x', counter: 2, timestampMs: 1 },
      { node: 'z', counter: 1, timestampMs: 9 },
    ];
    const a: VectorClock = [
      { node: 'x', counter: 1, timestampMs: 1 },
      { node: 'y', counter: 1, timestampMs: 1 },
      { node: 'z', counter: 1, timestampMs: 1 },
    ];
    expect(compare(a, b)).toBe('concurrent');
    expect(compare(a, truncate(b, 1))).toBe('after');
  });

  it('rejects a bad maxEntries by name', () => {
    expect(() => truncate(emptyClock, 0)).toThrow(/maxEntries/);
    expect(() => increment(emptyClock, 'a', 0, 2.5)).toThrow(/maxEntries/);
    expect(() => increment(emptyClock, '', 0)).toThrow(/node/);
    expect(() => increment(emptyClock, 'a', Number.NaN)).toThrow(/nowMs/);
  });
});

describe('clock algebra (properties)', () => {
  it('merge is commutative, associative, idempotent and descends both inputs', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        expect(merge(a, b)).toEqual(merge(b, a));
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)));
        expect(merge(a, a)).toEqual(a);
        expect(descends(merge(a, b), a)).toBe(true);
        expect(descends(merge(a, b), b)).toBe(true);
      }),
    );
  });

  it('merge is the least upper bound: any clock above both is above the merge', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        if (descends(c, a) && descends(c, b)) expect(descends(c, merge(a, b))).toBe(true);
      }),
    );
  });

  it('descends matches its definition and is a partial order', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        expect(descends(a, b)).toBe(naiveDescends(a, b));
        expect(descends(a, a)).toBe(true);
        if (descends(a, b) && descends(b, c)) expect(descends(a, c)).toBe(true);
        if (descends(a, b) && descends(b, a)) expect(clockKey(a)).toBe(clockKey(b));
      }),
    );
  });

  it('compare agrees with descends, exactly one relation holds, and it flips with its arguments', () => {
    const flipped = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' };
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const ab = descends(a, b);
        const ba = descends(b, a);
        const expected = ab && ba ? 'equal' : ab ? 'after' : ba ? 'before' : 'concurrent';
        expect(compare(a, b)).toBe(expected);
        expect(compare(b, a)).toBe(flipped[compare(a, b)]);
        expect(compare(a, b) === 'equal').toBe(clockKey(a) === clockKey(b));
      }),
    );
  });

  it('increment is strictly after its input while nothing is truncated', () => {
    fc.assert(
      fc.property(clockArb, fc.constantFrom(...NODES, 'Sz'), fc.nat(100), (clock, node, nowMs) => {
        const next = increment(clock, node, nowMs, Number.POSITIVE_INFINITY);
        expect(compare(next, clock)).toBe('after');
        expect(counterOf(next, node)).toBe(counterOf(clock, node) + 1);
        expect(() => assertValidClock(next)).not.toThrow();
      }),
    );
  });

  it('truncation keeps the length ≤ max and keeps the writer entry', () => {
    fc.assert(
      fc.property(
        clockArb,
        fc.constantFrom(...NODES),
        fc.nat(100),
        fc.integer({ min: 1, max: 4 }),
        (clock, node, nowMs, max) => {
          const next = increment(clock, node, nowMs, max);
          expect(next.length).toBeLessThanOrEqual(max);
          expect(counterOf(next, node)).toBe(counterOf(clock, node) + 1);
          expect(truncate(clock, max).length).toBe(Math.min(clock.length, max));
          expect(descends(clock, truncate(clock, max))).toBe(true);
          expect(() => assertValidClock(next)).not.toThrow();
        },
      ),
    );
  });

  it('never mutates its inputs', () => {
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const before = JSON.stringify([a, b]);
        merge(a, b);
        increment(a, 'Sa', 99, 2);
        truncate(b, 1);
        expect(JSON.stringify([a, b])).toBe(before);
      }),
    );
  });
});

describe('formatting and validation', () => {
  it('prints the empty clock and a canonical key that ignores timestamps', () => {
    expect(formatClock(emptyClock)).toBe('[]');
    const one: ClockEntry = { node: 'Sx', counter: 2, timestampMs: 1 };
    expect(clockKey([one])).toBe('{"Sx":2}');
    expect(clockKey([{ ...one, timestampMs: 9 }])).toBe(clockKey([one]));
    expect(clockKey([{ node: 'a,b', counter: 1, timestampMs: 0 }])).not.toBe(
      clockKey([
        { node: 'a', counter: 1, timestampMs: 0 },
        { node: 'b', counter: 1, timestampMs: 0 },
      ]),
    );
  });

  it('names the bad part of an untrusted clock', () => {
    expect(() => assertValidClock('x', 'context')).toThrow(/context must be an array/);
    expect(() =>
      assertValidClock([
        { node: 'b', counter: 1, timestampMs: 0 },
        { node: 'a', counter: 1, timestampMs: 0 },
      ]),
    ).toThrow(/clock\[1\]\.node/);
    expect(() => assertValidClock([{ node: 'a', counter: 0, timestampMs: 0 }])).toThrow(/counter/);
    expect(() => assertValidClock([{ node: 'a', counter: 1 }])).toThrow(/timestampMs/);
  });
});

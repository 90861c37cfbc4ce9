/**
 * The structural comparisons of versions.ts against the string-keyed ones they replaced
 * (versions-reference.ts): on random version sets with dots, gaps, shared objects and copies,
 * both give the same answers and pick the very same version objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dot, VectorClock, Version } from '../../src/core/types.ts';
import {
  compareStamps,
  compareVersions,
  isStaleRelativeTo,
  laterWrite,
  reconcile,
  reconcileLists,
  reconcileOnto,
  stampKey,
  versionsEqual,
} from '../../src/core/versions.ts';
import {
  compareByDescends,
  isStaleByDescends,
  laterWriteByKeys,
  reconcileByKeys,
  versionsEqualByKeys,
} from './versions-reference.ts';

const nodes = ['a', 'b', 'c'] as const;

/** A version as a coordinator stamps it, sometimes without a dot; small ranges so ties are common. */
const versionArb: fc.Arbitrary<Version> = fc
  .record({
    context: fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2)),
    writer: fc.constantFrom(0, 1, 2),
    skip: fc.nat(2),
    plain: fc.boolean(),
    value: fc.oneof(fc.constant(null), fc.constantFrom('x', 'y'), fc.constantFrom(['x'], ['x', 'y'])),
    writtenAtMs: fc.nat(2),
    stamps: fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1)),
  })
  .map(({ context, writer, skip, plain, value, writtenAtMs, stamps }) => {
    const node = nodes[writer];
    const counts = [...context];
    const base = counts[writer]!;
    const counter = base + 1 + skip;
    counts[writer] = counter;
    const clock = nodes
      .map((n, i) => ({ node: n, counter: counts[i]!, timestampMs: stamps[i]! }))
      .filter((e) => e.counter > 0);
    const version: Version = { value, clock, writtenAtMs, writer: node };
    return plain ? version : { ...version, dot: { node, counter, base } };
  });

/** A copy with the same content in new objects, as a version that crossed a worker boundary. */
function copyOf(v: Version): Version {
  return {
    ...v,
    clock: v.clock.map((e) => ({ ...e })),
    value: typeof v.value === 'string' || v.value === null ? v.value : [...v.value],
    ...(v.dot ? { dot: { ...v.dot } } : {}),
  };
}

/** Lists drawn from a small pool: the same objects recur, sometimes as copies. */
const listsArb = fc
  .array(versionArb, { minLength: 1, maxLength: 6 })
  .chain((pool) =>
    fc.array(
      fc.array(
        fc.tuple(fc.nat(pool.length - 1), fc.boolean()).map(([i, copy]) =>
          copy ? copyOf(pool[i]!) : pool[i]!,
        ),
        { maxLength: 6 },
      ),
      { minLength: 1, maxLength: 4 },
    ),
  );

function expectSameObjects(actual: readonly Version[], expected: readonly Version[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBe(expected[i]));
}

describe('structural comparisons give the string-keyed answers', () => {
  it('reconcile keeps the same objects in the same order', () => {
    fc.assert(
      fc.property(listsArb, (lists) => {
        const flat = lists.flat();
        expectSameObjects(reconcile(flat), reconcileByKeys(flat));
      }),
      { numRuns: 2000 },
    );
  });

  it('reconcileLists and reconcileOnto equal reconcile of the concatenation', () => {
    fc.assert(
      fc.property(listsArb, fc.boolean(), (lists, startReconciled) => {
        // Stores hold reconcile outputs: start from one, or from a raw list.
        const [first = [], ...rest] = lists;
        const held = startReconciled ? reconcile(first) : first;
        const all = [held, ...rest];
        const expected = reconcileByKeys(all.flat());
        expectSameObjects(reconcileLists(all), expected);
        const incoming = rest.flat();
        const onto = reconcileOnto(held, incoming, startReconciled);
        expectSameObjects(onto, reconcileByKeys(held.concat(incoming)));
        if (versionsEqualByKeys(held, onto) && startReconciled) expect(versionsEqual(held, onto)).toBe(true);
        // Replies folded in one by one, as a coordinator does when they arrive after its answer.
        let folded = reconcileLists([first]);
        for (const list of rest) folded = reconcileOnto(folded, list, true);
        expectSameObjects(folded, reconcileByKeys(lists.flat()));
      }),
      { numRuns: 2000 },
    );
  });

  it('versionsEqual and isStaleRelativeTo agree with the keyed versions', () => {
    fc.assert(
      fc.property(listsArb, (lists) => {
        for (const a of lists)
          for (const b of lists) {
            expect(versionsEqual(a, b)).toBe(versionsEqualByKeys(a, b));
            expect(isStaleRelativeTo(a, reconcile(b))).toBe(isStaleByDescends(a, reconcile(b)));
          }
      }),
      { numRuns: 1000 },
    );
  });

  it('compareVersions gives the answer of versionDescends both ways', () => {
    fc.assert(
      fc.property(versionArb, versionArb, fc.boolean(), (a, b, copy) => {
        const other = copy ? copyOf(a) : b;
        expect(compareVersions(a, other)).toBe(compareByDescends(a, other));
        expect(compareVersions(other, a)).toBe(compareByDescends(other, a));
      }),
      { numRuns: 5000 },
    );
  });

  it('laterWrite picks the same object', () => {
    fc.assert(
      fc.property(versionArb, versionArb, fc.boolean(), (a, b, copy) => {
        const other = copy ? copyOf(a) : b;
        expect(laterWrite(a, other)).toBe(laterWriteByKeys(a, other));
        expect(laterWrite(other, a)).toBe(laterWriteByKeys(other, a));
        expect(laterWrite(a, a)).toBe(laterWriteByKeys(a, a));
      }),
      { numRuns: 2000 },
    );
  });
});

/** Ids that order differently bare and JSON-quoted (a prefix, characters below `"`, escapes). */
const trickyId = fc.constantFrom('a', 'ab', 'a b', 'a!', 'a"', 'a\\', 'a#', 'b', 'é', '\ud83d\ude00', '\ud800', 'A', 'n1', 'n10');
const trickyClock: fc.Arbitrary<VectorClock> = fc
  .uniqueArray(
    fc.record({
      node: trickyId,
      counter: fc.constantFrom(1, 2, 9, 10, 11, 19, 100, 123, 2 ** 53, 1e21),
      timestampMs: fc.constant(0),
    }),
    { selector: (e) => e.node, maxLength: 4 },
  )
  .map((entries) => entries.sort((x, y) => (x.node < y.node ? -1 : x.node > y.node ? 1 : 0)));
const trickyDot: fc.Arbitrary<Dot | undefined> = fc.option(
  fc.record({ node: trickyId, counter: fc.constantFrom(1, 2, 10, 12), base: fc.constantFrom(0, 1, 10) }),
  { nil: undefined },
);

describe('compareStamps orders as the stamp keys do', () => {
  const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
  const byKeys = (a: Version, b: Version): number => {
    const x = stampKey(a);
    const y = stampKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const stamp = (clock: VectorClock, dot: Dot | undefined): Version => ({
    value: null,
    clock,
    writtenAtMs: 0,
    writer: 'a',
    ...(dot ? { dot } : {}),
  });

  it('on clocks and dots with tricky ids and counters', () => {
    fc.assert(
      fc.property(trickyClock, trickyDot, trickyClock, trickyDot, fc.boolean(), (c1, d1, c2, d2, sameClock) => {
        const a = stamp(c1, d1);
        const b = stamp(sameClock ? c1.map((e) => ({ ...e })) : c2, d2);
        expect(sign(compareStamps(a, b))).toBe(byKeys(a, b));
        expect(sign(compareStamps(b, a))).toBe(byKeys(b, a));
      }),
      { numRuns: 5000 },
    );
  });
});

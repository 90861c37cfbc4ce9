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
  compareVersions,
  dominatesAll,
  isStaleRelativeTo,
  laterWrite,
  mergeContext,
  obsoletes,
  reconcile,
  valueKey,
  versionDescends,
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

describe('dotted version vectors (paper notes §6.3, property 37)', () => {
  /** A version written by `node` over `context`, as the coordinator stamps it: its dot and context ∪ dot. */
  function dotted(value: Value, context: Record<string, number>, node: string, counter: number, writtenAtMs = 0): Version {
    const clock = Object.entries({ ...context, [node]: counter })
      .filter(([, n]) => n > 0)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([n, c]) => ({ node: n, counter: c, timestampMs: 0 }));
    return { value, clock, dot: { node, counter, base: context[node] ?? 0 }, writtenAtMs, writer: node };
  }

  it('two puts with the same context through one coordinator are siblings', () => {
    const pen = dotted(['book', 'pen'], { n1: 1 }, 'n1', 2, 1);
    const mug = dotted(['book', 'mug'], { n1: 1 }, 'n1', 3, 2);
    expect(versionDescends(mug, pen)).toBe(false);
    expect(compareVersions(pen, mug)).toBe('concurrent');
    expect(reconcile([pen, mug]).map((v) => v.value)).toEqual([['book', 'pen'], ['book', 'mug']]);
    expect(reconcile([mug, pen])).toEqual(reconcile([pen, mug]));
    // Plain clocks, the paper's scheme, order them and drop the acknowledged pen.
    expect(reconcile([version(pen.value, pen.clock), version(mug.value, mug.clock)]).map((v) => v.value)).toEqual([['book', 'mug']]);
    // A context that saw both collapses them.
    const merged = dotted(['book', 'mug', 'pen'], { n1: 3 }, 'n1', 4, 3);
    expect(reconcile([pen, mug, merged])).toEqual([merged]);
    expect(dominatesAll(mergeContext([pen, mug]), [pen, mug])).toBe(true);
  });

  it('Bob, Sue, Rita, Michelle on one vnode end with {Rita, Michelle}', () => {
    const bob = dotted('Bob', {}, 'a', 1);
    const sue = dotted('Sue', {}, 'a', 2);
    const rita = dotted('Rita', { a: 1 }, 'a', 3);
    const michelle = dotted('Michelle', { a: 2 }, 'a', 4);
    expect(reconcile([bob, sue]).map((v) => v.value)).toEqual(['Bob', 'Sue']);
    expect(reconcile([bob, sue, rita]).map((v) => v.value).sort()).toEqual(['Rita', 'Sue']);
    expect(reconcile([bob, sue, rita, michelle]).map((v) => v.value).sort()).toEqual(['Michelle', 'Rita']);
  });

  it('the hash and set identity tell two copies apart that differ only in the dot', () => {
    const gap = dotted('x', { n1: 1 }, 'n1', 3);
    const full = dotted('x', { n1: 2 }, 'n1', 3);
    expect(clockKey(gap.clock)).toBe(clockKey(full.clock));
    expect(versionsEqual([gap], [full])).toBe(false);
    expect(obsoletes(full, gap)).toBe(true);
    expect(isStaleRelativeTo([gap], [full])).toBe(true);
    expect(isStaleRelativeTo([full], [gap])).toBe(false);
  });

  it('honest limit: a context read from a replica that held (n1,3) but not (n1,2) supersedes (n1,2)', () => {
    const pen = dotted(['book', 'pen'], { n1: 1 }, 'n1', 2);
    const mug = dotted(['book', 'mug'], { n1: 1 }, 'n1', 3);
    // The stale replica answers with mug alone; its clock is the whole read context.
    const context = mergeContext([mug]);
    expect(dominatesAll(context, [pen])).toBe(true);
    const next = dotted(['book', 'mug', 'cup'], { n1: 3 }, 'n1', 4);
    expect(reconcile([pen, mug, next])).toEqual([next]);
  });

  const nodes = ['a', 'b', 'c'] as const;
  /** A version and its causal history as an explicit set of (node, counter) events. */
  const modelled = fc
    .record({
      context: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)),
      writer: fc.constantFrom(0, 1, 2),
      skip: fc.nat(3),
      plain: fc.boolean(),
      value: fc.constantFrom('x', 'y'),
      writtenAtMs: fc.nat(5),
    })
    .map(({ context, writer, skip, plain, value, writtenAtMs }) => {
      const node = nodes[writer];
      const ctx: Record<string, number> = { a: context[0], b: context[1], c: context[2] };
      const counter = ctx[node]! + 1 + skip;
      const events = new Set<string>();
      for (const n of nodes) {
        const upTo = plain && n === node ? counter : ctx[n]!;
        for (let i = 1; i <= upTo; i++) events.add(`${n}${i}`);
      }
      events.add(`${node}${counter}`);
      const v = dotted(value, ctx, node, counter, writtenAtMs);
      // A plain clock (no dot) claims every counter up to its own.
      const { dot: _dot, ...withoutDot } = v;
      return { version: plain ? withoutDot : v, events };
    });
  const subset = (a: Set<string>, b: Set<string>) => [...a].every((e) => b.has(e));

  it('versionDescends(b, a) holds exactly when the history of a is a subset of that of b', () => {
    fc.assert(
      fc.property(modelled, modelled, (a, b) => {
        expect(versionDescends(b.version, a.version)).toBe(subset(a.events, b.events));
        const equal = subset(a.events, b.events) && subset(b.events, a.events);
        expect(compareVersions(a.version, b.version) === 'equal').toBe(equal);
      }),
      { numRuns: 2000 },
    );
  });

  it('reconcile returns an antichain covering every input, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(modelled, { maxLength: 7 }).chain((items) =>
          fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length })),
        ),
        ([items, shuffled]) => {
          const out = reconcile(items.map((i) => i.version));
          for (const a of out)
            for (const b of out) if (a !== b) expect(versionDescends(a, b)).toBe(false);
          for (const { version: v } of items) expect(out.some((o) => versionDescends(o, v))).toBe(true);
          expect(reconcile(shuffled.map((i) => i.version))).toEqual(out);
        },
      ),
      { numRuns: 500 },
    );
  });
});

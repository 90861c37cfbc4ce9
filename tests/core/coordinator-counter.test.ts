import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCounterAtLeast } from '../../src/core/coordinator.ts';
import type { VectorClock } from '../../src/core/types.ts';
import { counterOf } from '../../src/core/vector-clock.ts';

/** The filter-push-sort it replaced, kept as the reference. */
function bySorting(clock: VectorClock, node: string, counter: number): VectorClock {
  if (counterOf(clock, node) >= counter) return clock;
  const entries = clock.filter((e) => e.node !== node);
  const old = clock.find((e) => e.node === node);
  entries.push({ node, counter, timestampMs: old?.timestampMs ?? 0 });
  entries.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return entries;
}

const entry = fc.record({
  node: fc.constantFrom('a', 'b', 'c', 'n1', 'n10', 'n2'),
  counter: fc.integer({ min: 1, max: 5 }),
  timestampMs: fc.integer({ min: 0, max: 9 }),
});

describe('withCounterAtLeast (the floor a put raises its context to, §4.4)', () => {
  it('matches filter, push and sort on sorted clocks and on clocks that arrived unsorted', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 5 }),
        fc.boolean(),
        fc.constantFrom('a', 'b', 'n1', 'n3', 'z'),
        fc.integer({ min: 0, max: 7 }),
        (entries, sorted, node, counter) => {
          const clock = sorted
            ? [...new Map(entries.map((e) => [e.node, e])).values()].sort((x, y) => (x.node < y.node ? -1 : x.node > y.node ? 1 : 0))
            : entries;
          expect(withCounterAtLeast(clock, node, counter)).toEqual(bySorting(clock, node, counter));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

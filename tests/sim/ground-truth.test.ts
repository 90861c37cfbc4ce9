/**
 * Ground truth (Dynamo §4.5): reads are judged by version histories (dotted version vectors), so a
 * same-coordinator sibling is not mistaken for a covered write.
 */
import { describe, expect, it } from 'vitest';
import type { Dot, Version } from '../../src/core/types.ts';
import { GroundTruth } from '../../src/sim/ground-truth.ts';

const clockOf = (counter: number) => [{ node: 'n1', counter, timestampMs: 0 }];
const dotOf = (counter: number, base: number): Dot => ({ node: 'n1', counter, base });
const version = (counter: number, base: number): Version => ({
  value: `v${counter}`,
  clock: clockOf(counter),
  dot: dotOf(counter, base),
  writtenAtMs: 0,
  writer: 'n1',
});

describe('GroundTruth', () => {
  it('a read returning only (n1,3) over base 1 missed the acked sibling (n1,2)', () => {
    const truth = new GroundTruth(1000);
    truth.acknowledge({ opId: 1, key: 'cart', clock: clockOf(2), dot: dotOf(2, 1), ackedAtMs: 10 });
    truth.acknowledge({ opId: 2, key: 'cart', clock: clockOf(3), dot: dotOf(3, 1), ackedAtMs: 11 });
    expect(truth.latest('cart').map((w) => w.opId)).toEqual([1, 2]);
    expect(truth.staleAgainst('cart', 20, [version(3, 1)])?.opId).toBe(1);
    expect(truth.staleAgainst('cart', 20, [version(2, 1), version(3, 1)])).toBeUndefined();
    // A read that began before either ack cannot miss them.
    expect(truth.staleAgainst('cart', 10, [])).toBeUndefined();
  });

  it('a write superseded before the read began is judged through the write that superseded it', () => {
    const truth = new GroundTruth(1000);
    truth.acknowledge({ opId: 1, key: 'cart', clock: clockOf(1), dot: dotOf(1, 0), ackedAtMs: 10 });
    truth.acknowledge({ opId: 2, key: 'cart', clock: clockOf(2), dot: dotOf(2, 1), ackedAtMs: 20 });
    expect(truth.latest('cart').map((w) => w.opId)).toEqual([2]);
    expect(truth.staleAgainst('cart', 30, [version(2, 1)])).toBeUndefined();
    expect(truth.staleAgainst('cart', 30, [version(1, 0)])?.opId).toBe(2);
    // Between the two acks only the first was due.
    expect(truth.staleAgainst('cart', 15, [version(1, 0)])).toBeUndefined();
  });
});

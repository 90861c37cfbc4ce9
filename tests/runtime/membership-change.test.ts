/**
 * Adding and removing storage nodes through the real protocol (Dynamo §4.9): after an explicit
 * join and an explicit leave, under each of the paper's three partitioning strategies, the keys
 * move by offer, confirmation and transfer until each lives on exactly its N home replicas, and
 * the node that left holds nothing.
 */
import { describe, expect, it } from 'vitest';
import type { RingParams } from '../../src/core/partitioning.ts';
import { cluster, type Cluster } from '../../src/runtime/cluster.ts';
import { defaultWorkload, type WorkloadSpec } from '../../src/sim/world-config.ts';
import { hintsLeft, missingOnHomes } from './replica-checks.ts';

const writes: WorkloadSpec = { ...defaultWorkload, id: 'w', clients: 4, ratePerSec: 150, readFraction: 0.3, keyCount: 120, popularity: { kind: 'uniform' }, stopMs: 6000 };

const strategies: [string, RingParams][] = [
  ['strategy 1 (T random tokens, ranges by token)', { strategy: 1, tokensPerNode: 8 }],
  ['strategy 2 (T random tokens, Q equal partitions)', { strategy: 2, tokensPerNode: 8, partitionCount: 32 }],
  ['strategy 3 (Q/S tokens per node, Q equal partitions)', { strategy: 3, partitionCount: 32 }],
];

/** Keys held by a live node that is not one of their home replicas. */
function strayCopies(c: Cluster): string[] {
  const stray: string[] = [];
  for (const n of c.world.nodes()) {
    if (c.world.nodeStatus(n) === 'crashed') continue;
    for (const key of c.keysOn(n)) if (!c.homeReplicas(key).includes(n)) stray.push(`${key}@${n}`);
  }
  return stray.sort();
}

describe('a node that left and its hints (§4.6, §4.9)', () => {
  it('hints for a node that left go to the key\'s new home replicas, and a rejoin starts afresh', () => {
    const c = cluster({ nodes: 6, seed: 43, node: { antiEntropyIntervalMs: 500 }, workloads: [{ ...writes, stopMs: 2500 }] });
    c.runUntil(500);
    c.cut('n1', 'n2').cut('n3', 'n2').cut('n4', 'n2').cut('n5', 'n2').cut('n6', 'n2');
    c.runUntil(2000);
    expect(hintsLeft(c)).toBeGreaterThan(0);
    c.heal();
    c.leave('n2');
    c.runUntil(15_000);
    expect(hintsLeft(c)).toBe(0);
    expect(c.world.hasHandedOff('n2')).toBe(true);
    expect(strayCopies(c)).toEqual([]);
    expect(missingOnHomes(c)).toEqual([]);
    c.join('n2');
    c.runFor(10_000);
    expect(c.world.hasHandedOff('n2')).toBe(false);
    expect(c.keysOn('n2').length).toBeGreaterThan(0);
    expect(strayCopies(c)).toEqual([]);
    expect(missingOnHomes(c)).toEqual([]);
  });
});

describe.each(strategies)('a node joins and another leaves under %s (§4.9)', (_name, ring) => {
  it.each([
    [41, 1500],
    [42, 0],
  ])('every key ends on exactly its N home replicas (seed %i, leave %i ms after the join)', (seed, gapMs) => {
    const c = cluster({ nodes: 5, seed, ring, node: { antiEntropyIntervalMs: 500 }, workloads: [writes] });
    c.runUntil(1500);
    c.join('n6');
    c.runUntil(1500 + gapMs);
    c.leave('n2');
    c.runUntil(20_000);

    expect(c.world.ring().nodes.map((n) => n.id)).toEqual(['n1', 'n3', 'n4', 'n5', 'n6']);
    for (const n of c.world.liveNodes()) expect(c.host.inspect(n).members, n).toEqual(['n1', 'n3', 'n4', 'n5', 'n6']);
    expect(c.keysOn('n6').length).toBeGreaterThan(10);
    expect(c.keysOn('n2')).toEqual([]);
    expect(hintsLeft(c)).toBe(0);
    for (const n of c.world.nodes()) {
      if (c.world.nodeStatus(n) !== 'crashed') expect(c.host.inspect(n).transfersPending, n).toBe(0);
    }
    expect(strayCopies(c)).toEqual([]);
    expect(missingOnHomes(c)).toEqual([]);
    // Having handed everything off, the departed node stopped running.
    expect(c.world.hasHandedOff('n2')).toBe(true);
    const sentSince = (ms: number) => c.world.trace.window().filter((r) => r.kind === 'send' && r.from === 'n2' && r.timeMs > ms).length;
    expect(sentSince(c.now - 5000)).toBe(0);
  });
});

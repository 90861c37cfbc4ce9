/**
 * Replica synchronisation through the real protocol (Dynamo §4.7): after a partition heals, or
 * after a node comes back with an empty disk, Merkle anti-entropy brings every replica of every
 * key to the same versions, and once they agree a further round moves no key at all.
 */
import { describe, expect, it } from 'vitest';
import { versionsEqual } from '../../src/core/versions.ts';
import { cluster, type Cluster } from '../../src/runtime/cluster.ts';
import { defaultWorkload, type WorkloadSpec } from '../../src/sim/world-config.ts';
import { missingOnHomes } from './replica-checks.ts';

const writes: WorkloadSpec = { ...defaultWorkload, id: 'w', clients: 4, ratePerSec: 150, readFraction: 0.2, keyCount: 80, popularity: { kind: 'uniform' }, stopMs: 3000 };
/** A strict quorum and no read repair: only anti-entropy can bring a replica that missed writes up to date. */
const onlyAntiEntropy = { quorumMode: 'strict', readRepair: false, antiEntropyIntervalMs: 100 } as const;

/** Keys whose home replicas do not all hold the same versions. */
function divergentKeys(c: Cluster): string[] {
  return c.world.truth.keys().filter((key) => {
    const [first, ...rest] = c.homeReplicas(key).map((n) => c.versionsOn(n, key));
    return rest.some((v) => !versionsEqual(first ?? [], v));
  });
}

const keysSentByExchanges = (c: Cluster): number => c.world.liveNodes().reduce((n, id) => n + c.host.inspect(id).antiEntropy.keysSent, 0);
const exchanges = (c: Cluster): number => c.world.liveNodes().reduce((n, id) => n + c.host.inspect(id).antiEntropy.exchanges, 0);

describe('anti-entropy after a partition heals (§4.7)', () => {
  it.each([31, 32, 33])('every replica of every key converges, and a further round transfers nothing (seed %i)', (seed) => {
    const c = cluster({ nodes: 5, seed, node: onlyAntiEntropy, workloads: [writes] });
    c.runUntil(500);
    c.partition(['n1', 'n2', 'n4', 'n5'], ['n3']);
    c.runUntil(3200);
    expect(divergentKeys(c).length).toBeGreaterThan(10);
    c.heal();
    c.runUntil(15_000);
    expect(divergentKeys(c)).toEqual([]);
    expect(missingOnHomes(c)).toEqual([]);

    const sent = keysSentByExchanges(c);
    const before = exchanges(c);
    c.runFor(5000);
    expect(exchanges(c)).toBeGreaterThan(before + 50);
    expect(keysSentByExchanges(c)).toBe(sent);
  });
});

describe('a replica loses its disk (§4.7)', () => {
  it('comes back empty and anti-entropy restores every key it is a home replica of', () => {
    const c = cluster({ nodes: 5, seed: 34, node: onlyAntiEntropy, workloads: [{ ...writes, stopMs: 1500 }] });
    c.runUntil(2500);
    const held = c.keysOn('n3').length;
    expect(held).toBeGreaterThan(20);
    c.crash('n3', { loseDisk: true });
    c.recover('n3');
    expect(c.keysOn('n3')).toEqual([]);
    c.runFor(15_000);
    expect(c.keysOn('n3')).toHaveLength(held);
    expect(divergentKeys(c)).toEqual([]);
    expect(missingOnHomes(c)).toEqual([]);
  });
});

describe('an exchange whose peer goes away (§4.7, §4.8.3)', () => {
  it('is given up, its peer suspected, and no sessions pile up while the peer is cut off', () => {
    const c = cluster({ nodes: 5, seed: 35, node: onlyAntiEntropy, workloads: [{ ...writes, stopMs: 1000 }] });
    c.runUntil(1500);
    c.partition(['n1', 'n2', 'n4', 'n5'], ['n3']);
    c.runUntil(12_000);
    const others = ['n1', 'n2', 'n4', 'n5'].map((n) => c.host.inspect(n));
    expect(others.reduce((n, s) => n + s.antiEntropy.abandoned, 0)).toBeGreaterThan(0);
    for (const s of others) expect(s.antiEntropySessions).toBeLessThanOrEqual(2);
    expect(c.host.inspect('n3').antiEntropySessions).toBeLessThanOrEqual(2);
    c.heal();
    c.runUntil(25_000);
    expect(divergentKeys(c)).toEqual([]);
  });
});

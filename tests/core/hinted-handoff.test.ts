/**
 * Hinted handoff through the real protocol (Dynamo §4.6): a home replica crashes while clients
 * write, stand-ins keep its replicas with hints, and once it is back they hand them over and
 * delete them, so every acknowledged write ends on its N home replicas.
 */
import { describe, expect, it } from 'vitest';
import { HintStore } from '../../src/core/hinted-handoff.ts';
import { cluster } from '../../src/runtime/cluster.ts';
import { hintsLeft, missingOnHomes, sentCount } from '../runtime/replica-checks.ts';
import { defaultWorkload, type WorkloadSpec } from '../../src/sim/world-config.ts';

const writes: WorkloadSpec = { ...defaultWorkload, id: 'w', clients: 4, ratePerSec: 200, readFraction: 0.2, keyCount: 60, popularity: { kind: 'uniform' } };

describe('a home replica crashes during writes (§4.6)', () => {
  it.each([21, 22, 23])('hints pile up on stand-ins, are delivered after recovery and deleted (seed %i)', (seed) => {
    const c = cluster({ nodes: 6, N: 3, R: 2, W: 2, seed, node: { antiEntropy: false }, workloads: [{ ...writes, stopMs: 4000 }] });
    c.runUntil(1000);
    c.crash('n2');
    c.runUntil(3000);
    const hinted = c.world.liveNodes().flatMap((n) => c.hintsOn(n));
    expect(hinted.length).toBeGreaterThan(5);
    expect(new Set(hinted.map((h) => h.intendedFor))).toEqual(new Set(['n2']));
    expect(c.world.metrics.hintBacklog).toBe(hinted.length);

    c.recover('n2');
    c.runUntil(8000);
    expect(hintsLeft(c)).toBe(0);
    expect(c.world.metrics.hintBacklog).toBe(0);
    expect(missingOnHomes(c)).toEqual([]);
  });

  it('a stand-in that crashes keeps its hints on disk and delivers them after its own recovery', () => {
    const c = cluster({ nodes: 6, seed: 24, node: { antiEntropy: false }, workloads: [{ ...writes, stopMs: 2500 }] });
    c.runUntil(500);
    c.crash('n2');
    c.runUntil(2500);
    const holder = c.world.liveNodes().find((n) => c.hintsOn(n).length > 0)!;
    const held = c.hintsOn(holder).length;
    c.crash(holder);
    c.recover('n2');
    c.runFor(3000);
    expect(c.world.nodeStatus(holder)).toBe('crashed');
    c.recover(holder);
    expect(c.hintsOn(holder)).toHaveLength(held);
    c.runFor(5000);
    expect(hintsLeft(c)).toBe(0);
    expect(missingOnHomes(c)).toEqual([]);
  });

  it('while the owner stays down, the stand-in stops sending it hints and probes it instead (§4.8.3)', () => {
    const c = cluster({ nodes: 5, seed: 25, node: { antiEntropy: false }, traceWindow: 100_000 });
    const [first, second] = c.homeReplicas('cart');
    c.crash(second!);
    expect(c.await(c.put('cart', 'x', { coordinator: first })).ok).toBe(true);
    c.runFor(30_000);
    expect(hintsLeft(c)).toBe(1);
    expect(sentCount(c, 'hint.deliver')).toBeLessThanOrEqual(2);
    c.recover(second!);
    c.runFor(3000);
    expect(hintsLeft(c)).toBe(0);
    expect(c.versionsOn(second!, 'cart').map((v) => v.value)).toEqual(['x']);
  });
});

describe('the hint store (§4.6)', () => {
  const version = (value: string, counter: number) => ({ value, clock: [{ node: 'n1', counter, timestampMs: counter }], writtenAtMs: counter, writer: 'n1' });

  it('an ack for an older revision does not delete versions merged in after the delivery was sent', () => {
    const store = new HintStore();
    const first = store.add('cart', 'n2', [version('a', 1)], 0);
    const [sent] = store.deliverable(() => true, 10, 2000, 64);
    expect(sent?.revision).toBe(first.revision);
    store.add('cart', 'n2', [version('b', 2)], 11);
    expect(store.acknowledge(first.hintId, first.revision ?? 0)).toBeUndefined();
    expect(store.versionsFor('cart').map((v) => v.value)).toEqual(['b']);
    const [again] = store.deliverable(() => true, 12, 2000, 64);
    expect(store.acknowledge(again!.hintId, again!.revision ?? 0)?.key).toBe('cart');
    expect(store.size).toBe(0);
  });

  it('an owner that leaves a delivery unanswered is reported once, and its hint is offered again later', () => {
    const store = new HintStore([{ hintId: 'n2/cart', key: 'cart', versions: [version('a', 1)], intendedFor: 'n2', storedAtMs: 0, revision: 7 }]);
    expect(store.deliverable(() => true, 0, 2000, 64)).toHaveLength(1);
    expect(store.takeSilentOwners(50, 100)).toEqual([]);
    expect(store.takeSilentOwners(150, 100)).toEqual(['n2']);
    expect(store.takeSilentOwners(300, 100)).toEqual([]);
    expect(store.deliverable(() => true, 400, 2000, 64).map((h) => h.revision)).toEqual([7]);
    expect(store.add('other', 'n3', [version('x', 1)], 500).revision).toBe(8);
  });
});

import { describe, expect, it } from 'vitest';
import { cluster } from '../../src/runtime/cluster.ts';

describe('a quiet cluster', () => {
  it('acknowledges a put and returns it on a later get (§4.5)', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
    const w = c.await(c.put('cart', ['book']));
    expect(w.ok).toBe(true);
    const r = c.await(c.get('cart'));
    expect(r.ok).toBe(true);
    expect(r.versions?.map((v) => v.value)).toEqual([['book']]);
    c.runFor(500);
    for (const home of c.homeReplicas('cart')) expect(c.versionsOn(home, 'cart')).toHaveLength(1);
  });

  it('the same seed gives the same trace hash; another seed another one', () => {
    const run = (seed: number) => {
      const c = cluster({ nodes: 5, seed, workloads: [{ id: 'w', clients: 3, loop: 'open', ratePerSec: 200, thinkMs: 0, readFraction: 0.5, keyCount: 20, keyPrefix: 'k', popularity: { kind: 'zipf', exponent: 1 }, valueBytes: 4, coordination: 'server', coordinatorChoice: 'random', startMs: 0 }] });
      c.runUntil(3000);
      return c.world.trace.hash();
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});

describe('hinted handoff (§4.6)', () => {
  it('a crashed home replica gets its writes back from the fallback after recovery', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 3 });
    const [, second] = c.homeReplicas('cart');
    c.crash(second!);
    const first = c.homeReplicas('cart')[0]!;
    // Two writes: the first lets the coordinator notice the silent replica, the second goes to a fallback at once.
    expect(c.await(c.put('cart', ['book'], { coordinator: first })).ok).toBe(true);
    expect(c.await(c.put('cart', ['book', 'pen'], { coordinator: first })).ok).toBe(true);
    c.runFor(300);
    const holders = c.world.nodes().filter((n) => n !== second && c.world.nodeStatus(n) === 'up' && c.hintsOn(n).length > 0);
    expect(holders.length).toBeGreaterThan(0);
    c.recover(second!);
    c.runFor(5000);
    for (const n of holders) expect(c.hintsOn(n)).toEqual([]);
    expect(c.versionsOn(second!, 'cart').map((v) => v.value)).toEqual([['book', 'pen']]);
  });
});

import { describe, expect, it } from 'vitest';
import { cluster } from '../../src/runtime/cluster.ts';

describe('writers on both sides of a partition (§4.4)', () => {
  it('a client placed in a group writes through that side; both writes come back as siblings after the heal', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
    c.partition(['n1', 'n2', 'n3', 'alice'], ['n4', 'n5', 'bob']);
    const a = c.await(c.put('cart', ['book'], { client: 'alice' }));
    const b = c.await(c.put('cart', ['pen'], { client: 'bob' }));
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    expect(['n4', 'n5']).toContain(b.coordinator);
    c.heal().runFor(5000);
    const read = c.await(c.get('cart', { client: 'alice' }));
    expect(read.versions?.map((v) => v.value).sort()).toEqual([['book'], ['pen']]);
  });

  it('a request sent across the partition times out and names the node it went to', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
    c.partition(['n1', 'n2', 'n3', 'alice'], ['n4', 'n5', 'bob']);
    const r = c.await(c.put('cart', ['pen'], { client: 'bob', coordinator: 'n1' }));
    expect(r).toMatchObject({ ok: false, sentTo: 'n1', error: 'no answer within 2000 ms' });
    const ok = c.await(c.put('cart', ['pen'], { client: 'bob', coordinator: 'n4' }));
    expect(ok.ok).toBe(true);
    expect(ok.sentTo).toBeUndefined();
  });
});

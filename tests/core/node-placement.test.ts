/**
 * Where a Dynamo node puts a key, through the real protocol (Dynamo §4.3, §4.6): the ring of the
 * paper's Figure 2, seven nodes A…G with one token each, N = 3.
 */
import { describe, expect, it } from 'vitest';
import { ringPosition } from '../../src/core/hash.ts';
import { cluster } from '../../src/runtime/cluster.ts';

const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
/** A at 0x2000…, B at 0x4000…, …, G at 0xe000…; clockwise A → G and back to A. */
const tokenOf = (i: number): string => (2 * (i + 1)).toString(16) + '0'.repeat(31);
const placement = Object.fromEntries(ids.map((id, i) => [id, [tokenOf(i)]]));

function figure2(seed = 1) {
  return cluster({ nodes: ids, ring: { strategy: 1, tokensPerNode: 1 }, placement, N: 3, R: 2, W: 2, seed });
}

/** The first key `<prefix><i>` whose MD5 position lies in (from, to], `from` < `to` or wrapping. */
function keyIn(from: string, to: string, prefix = 'key-'): string {
  const inside = (p: string): boolean => (from < to ? p > from && p <= to : p > from || p <= to);
  for (let i = 0; ; i++) if (inside(ringPosition(`${prefix}${i}`))) return `${prefix}${i}`;
}

const A = tokenOf(0);
const B = tokenOf(1);
const G = tokenOf(6);

describe('Figure 2: the ring A…G with N = 3 (§4.3)', () => {
  it('stores a key in (A, B] on B, C and D, and nowhere else', () => {
    const c = figure2();
    const K = keyIn(A, B);
    expect(c.homeReplicas(K)).toEqual(['B', 'C', 'D']);
    expect(c.await(c.put(K, ['book'], { coordinator: 'B' })).ok).toBe(true);
    c.runFor(200);
    for (const n of ids) {
      const expected = ['B', 'C', 'D'].includes(n) ? [['book']] : [];
      expect(c.versionsOn(n, K).map((v) => v.value), n).toEqual(expected);
    }
  });

  it('D stores the keys of (A, B], (B, C] and (C, D]', () => {
    const c = figure2();
    const keys = [keyIn(A, B), keyIn(B, tokenOf(2)), keyIn(tokenOf(2), tokenOf(3))];
    for (const k of keys) expect(c.await(c.put(k, 'x')).ok).toBe(true);
    c.runFor(200);
    expect(c.keysOn('D').sort()).toEqual([...keys].sort());
  });
});

describe('Figure 2 with A down: sloppy quorum and hinted handoff (§4.6)', () => {
  it('a replica that would have lived on A is sent to D with a hint naming A, and handed back', () => {
    const c = figure2(5);
    const K = keyIn(G, A);
    expect(c.preferenceList(K).map((e) => e.node).slice(0, 4)).toEqual(['A', 'B', 'C', 'D']);
    c.crash('A');
    expect(c.await(c.put(K, ['book'], { coordinator: 'B' })).ok).toBe(true);
    c.runFor(300);
    expect(c.hintsOn('D').map((h) => [h.key, h.intendedFor])).toEqual([[K, 'A']]);
    // The hint lives apart from D's own store: D is not a home replica of K.
    expect(c.versionsOn('D', K)).toEqual([]);
    for (const n of ['E', 'F', 'G']) expect(c.hintsOn(n)).toEqual([]);

    c.recover('A');
    c.runFor(3000);
    expect(c.hintsOn('D')).toEqual([]);
    expect(c.versionsOn('A', K).map((v) => v.value)).toEqual([['book']]);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RING_SIZE, bigIntToPosition, ringPosition } from '../../src/core/hash.ts';
import { RingConfigError, createRing, partitions } from '../../src/core/partitioning.ts';
import type { NodeInfo, RingState } from '../../src/core/partitioning.ts';
import {
  homeReplicas,
  homeReplicasAt,
  preferenceList,
  preferenceListAt,
} from '../../src/core/preference-list.ts';
import type { PreferenceList } from '../../src/core/types.ts';
import { prngFromSeed } from '../../src/sim/prng.ts';
import { at, figure2Ring } from './ring-fixtures.ts';

const names = (list: PreferenceList): string => list.map((e) => e.node).join('');
const primaries = (list: PreferenceList): string =>
  list
    .filter((e) => e.role === 'primary')
    .map((e) => e.node)
    .join('');

/** A real key whose MD5 falls in (A, B] on the Figure 2 ring. */
function keyBetweenAAndB(): string {
  for (let i = 0; ; i++) {
    const position = ringPosition(`K${i}`);
    if (position > at('1') && position <= at('2')) return `K${i}`;
  }
}

describe('the preference list of Figure 2 (§4.3)', () => {
  const ring = figure2Ring();

  it('stores key K in (A, B] at B, C and D, then lists E, F, G, A as fallbacks', () => {
    const list = preferenceList(ring, keyBetweenAAndB(), 3);
    expect(list).toEqual([
      { node: 'B', role: 'primary' },
      { node: 'C', role: 'primary' },
      { node: 'D', role: 'primary' },
      { node: 'E', role: 'fallback' },
      { node: 'F', role: 'fallback' },
      { node: 'G', role: 'fallback' },
      { node: 'A', role: 'fallback' },
    ]);
  });

  it('"Node D will store the keys that fall in the ranges (A, B], (B, C], and (C, D]"', () => {
    const heldByD = partitions(ring)
      .filter((p) => homeReplicasAt(ring, p.end, 3).includes('D'))
      .map((p) => `(${ring.tokens[(p.index + 6) % 7]?.node}, ${ring.tokens[p.index]?.node}]`);
    expect(heldByD).toEqual(['(A, B]', '(B, C]', '(C, D]']);
  });

  it('a position exactly on B’s token belongs to B; one just past G wraps to A', () => {
    expect(names(preferenceListAt(ring, at('2'), 3))).toBe('BCDEFGA');
    expect(names(preferenceListAt(ring, bigIntToPosition(RING_SIZE - 1n), 3))).toBe('ABCDEFG');
  });

  it('§4.6: with A down, a key whose home is A, B, C walks on to D first', () => {
    const list = preferenceListAt(ring, at('08'), 3);
    expect(primaries(list)).toBe('ABC');
    const healthy = list.filter((e) => e.node !== 'A');
    expect(healthy.slice(0, 3).map((e) => e.node)).toEqual(['B', 'C', 'D']);
    expect(healthy[2]).toEqual({ node: 'D', role: 'fallback' });
  });

  it('homeReplicas are the primaries', () => {
    const key = keyBetweenAAndB();
    expect(homeReplicas(ring, key, 3)).toEqual(['B', 'C', 'D']);
    expect(homeReplicas(ring, key, 1)).toEqual(['B']);
  });

  it('refuses an N the ring cannot satisfy, naming N', () => {
    expect(() => preferenceList(ring, 'k', 8)).toThrow(RingConfigError);
    expect(() => preferenceList(ring, 'k', 0)).toThrow(/N must be/);
  });
});

describe('virtual nodes: skipping positions to list distinct physical nodes (§4.3)', () => {
  it('skips a node’s second token', () => {
    const placement = { A: [at('1'), at('3')], B: [at('2')], C: [at('4')] };
    const nodes = [{ id: 'A' }, { id: 'B' }, { id: 'C' }];
    const ring = createRing({
      params: { strategy: 1, tokensPerNode: 2 },
      nodes,
      N: 3,
      prng: prngFromSeed(1),
      placement,
    });
    expect(names(preferenceListAt(ring, at('05'), 3))).toBe('ABC');
    expect(names(preferenceListAt(ring, at('25'), 2))).toBe('ACB');
  });

  it('holds N distinct primaries, lists every node once, and is a function of ring and key', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer(),
        fc.string(),
        (strategy, S, T, seed, key) => {
          const N = Math.min(3, S);
          const nodes = Array.from({ length: S }, (_, i) => ({ id: `n${i}` }));
          const build = (): RingState =>
            createRing({
              params: { strategy: strategy as 1 | 2 | 3, tokensPerNode: T, partitionCount: 64 },
              nodes,
              N,
              prng: prngFromSeed(seed),
            });
          const list = preferenceList(build(), key, N);
          const primary = list.filter((e) => e.role === 'primary');
          return (
            primary.length === N &&
            list.slice(0, N).every((e) => e.role === 'primary') &&
            new Set(list.map((e) => e.node)).size === S &&
            list.length === S &&
            JSON.stringify(preferenceList(build(), key, N)) === JSON.stringify(list)
          );
        },
      ),
    );
  });

  it('returns the cached list for repeated lookups on the same ring', () => {
    const ring = figure2Ring();
    expect(preferenceList(ring, 'cart', 3)).toBe(preferenceList(ring, 'cart', 3));
  });
});

describe('strategies 2 and 3 place a partition by walking from its end (§6.2, Fig 7)', () => {
  it('strategy 2: a key near A’s token still starts at the first token after its partition’s end', () => {
    const nodes = ['A', 'B', 'C', 'D'].map((id) => ({ id }));
    const placement = { A: [at('1')], B: [at('5')], C: [at('9')], D: [at('d')] };
    const ring = createRing({
      params: { strategy: 2, tokensPerNode: 1, partitionCount: 4 },
      nodes,
      N: 3,
      prng: prngFromSeed(1),
      placement,
    });
    // Partition 0 is (0, 0x4…]; its end is past A's token, so the walk starts at B.
    expect(names(preferenceListAt(ring, at('05'), 3))).toBe('BCDA');
    expect(names(preferenceListAt(ring, at('4'), 3))).toBe('BCDA');
    expect(names(preferenceListAt(ring, at('41'), 3))).toBe('CDAB');
  });

  it('strategy 3: every key of a partition shares the list of the partition’s owner and its successors', () => {
    const nodes = ['A', 'B', 'C', 'D'].map((id) => ({ id }));
    const ring = createRing({
      params: { strategy: 3, partitionCount: 8 },
      nodes,
      N: 3,
      prng: prngFromSeed(5),
    });
    for (const partition of partitions(ring)) {
      const owner = ring.tokens.find((t) => t.position === partition.end)?.node;
      const list = preferenceListAt(ring, partition.end, 3);
      expect(list[0]?.node).toBe(owner);
      expect(preferenceListAt(ring, bigIntToPosition(BigInt(`0x${partition.start}`) + 1n), 3)).toBe(
        list,
      );
    }
  });
});

describe('the lists of one ring share their entries', () => {
  it('names a node in a role with one entry object, whichever partition’s list holds it', () => {
    const nodes = Array.from({ length: 16 }, (_, i) => ({ id: `n${i}` }));
    const ring = createRing({ params: { strategy: 3, partitionCount: 64 }, nodes, N: 3, prng: prngFromSeed(3) });
    const seen = new Map<string, object>();
    let lists = 0;
    for (const partition of partitions(ring)) {
      const list = preferenceListAt(ring, partition.end, 3);
      lists++;
      expect(list).toHaveLength(16);
      for (const entry of list) {
        const id = `${entry.node}/${entry.role}`;
        const first = seen.get(id) ?? entry;
        seen.set(id, first);
        expect(entry).toBe(first);
      }
    }
    expect(lists).toBe(64);
    // Every node is a primary somewhere and a fallback elsewhere: two entries each, not 64 × 16.
    expect(seen.size).toBe(32);
  });
});

describe('spreading replicas over data centers (§4.6)', () => {
  const nodes: NodeInfo[] = [
    { id: 'A', dataCenter: 'dc1' },
    { id: 'B', dataCenter: 'dc1' },
    { id: 'C', dataCenter: 'dc2' },
    { id: 'D', dataCenter: 'dc1' },
    { id: 'E', dataCenter: 'dc3' },
    { id: 'F', dataCenter: 'dc2' },
  ];
  const ring = figure2Ring(nodes);
  const spread = { spreadDataCenters: true };

  it('takes one node per data center before doubling up, keeping ring order', () => {
    expect(primaries(preferenceListAt(ring, at('08'), 3, spread))).toBe('ACE');
    expect(names(preferenceListAt(ring, at('08'), 3, spread))).toBe('ACEBDF');
    expect(primaries(preferenceListAt(ring, at('08'), 4, spread))).toBe('ABCE');
    expect(primaries(preferenceListAt(ring, at('08'), 3))).toBe('ABC');
  });

  it('changes nothing when nodes carry no data center', () => {
    const plain = figure2Ring();
    expect(preferenceListAt(plain, at('08'), 3, spread)).toEqual(
      preferenceListAt(plain, at('08'), 3),
    );
  });
});

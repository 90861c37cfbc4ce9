import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  RING_SIZE,
  bigIntToPosition,
  positionToBigInt,
  ringPosition,
} from '../../src/core/hash.ts';
import { createRing, joinNode, leaveNode } from '../../src/core/partitioning.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import {
  loadBalancingEfficiency,
  loadShare,
  metadataBytesPerNode,
  movedRanges,
  replicaLoadShare,
} from '../../src/core/ring-metrics.ts';
import type { MovedRange } from '../../src/core/ring-metrics.ts';
import { prngFromSeed } from '../../src/sim/prng.ts';
import { at, figure2Ring, joinedRing, manyNodes } from './ring-fixtures.ts';

const sum = (shares: Record<string, number>): number =>
  Object.values(shares).reduce((a, b) => a + b, 0);

function contains(range: MovedRange, position: string): boolean {
  const [s, e, p] = [
    positionToBigInt(range.start),
    positionToBigInt(range.end),
    positionToBigInt(position),
  ];
  return s < e ? s < p && p <= e : s < p || p <= e;
}

describe('load share (§4.2, §6.2)', () => {
  it('on the Figure 2 ring, A owns the wrapping range (G, A], each other node a sixteenth', () => {
    const shares = loadShare(figure2Ring());
    expect(shares.A).toBe(10 / 16);
    for (const id of 'BCDEFG') expect(shares[id]).toBe(1 / 16);
  });

  it('with N = 3, each node holds its own range and its two predecessors’ (§4.3)', () => {
    const shares = replicaLoadShare(figure2Ring(), 3);
    // A, B and C each hold the big wrapping range (G, A]; D holds (A, B], (B, C], (C, D].
    for (const id of 'ABC') expect(shares[id]).toBe(12 / 16);
    for (const id of 'DEFG') expect(shares[id]).toBe(3 / 16);
  });

  it('first-owner shares sum to 1 and replica shares to N, for every strategy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer(),
        (strategy, S, T, seed) => {
          const N = Math.min(3, S);
          const ring = createRing({
            params: { strategy: strategy as 1 | 2 | 3, tokensPerNode: T, partitionCount: 32 },
            nodes: manyNodes(S),
            N,
            prng: prngFromSeed(seed),
          });
          const replicas = replicaLoadShare(ring, N);
          return (
            Math.abs(sum(loadShare(ring)) - 1) < 1e-9 &&
            Math.abs(sum(replicas) - N) < 1e-9 &&
            Object.values(replicas).every((s) => s <= 1 + 1e-12)
          );
        },
      ),
    );
  });

  it('strategy 3 with Q divisible by S balances load perfectly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 32 }),
        fc.integer(),
        (S, perNode, seed) => {
          const ring = createRing({
            params: { strategy: 3, partitionCount: S * perNode },
            nodes: manyNodes(S),
            N: 1,
            prng: prngFromSeed(seed),
          });
          const shares = Object.values(loadShare(ring));
          return (
            shares.every((share) => Math.abs(share - 1 / S) < 1e-12) &&
            loadBalancingEfficiency(shares) > 1 - 1e-12
          );
        },
      ),
    );
  });
});

describe('load-balancing efficiency = mean load / max load (§6.2, Figure 8)', () => {
  it('is 1 when balanced and mean/max otherwise', () => {
    expect(loadBalancingEfficiency([5, 5, 5])).toBe(1);
    expect(loadBalancingEfficiency([1, 2, 3])).toBeCloseTo(2 / 3, 12);
    expect(loadBalancingEfficiency([0, 0])).toBe(1);
  });

  it('refuses empty or negative loads', () => {
    expect(() => loadBalancingEfficiency([])).toThrow(/loads/);
    expect(() => loadBalancingEfficiency([1, -1])).toThrow(/loads/);
  });
});

describe('membership metadata per node (§6.2)', () => {
  it('strategy 1 stores every token: 16 bytes each plus node ids', () => {
    expect(metadataBytesPerNode(figure2Ring())).toBe(7 * 16 + 7);
  });

  it('strategy 3 stores one node index per partition, far less than strategy 1 for the same balance', () => {
    const nodes = manyNodes(30);
    const idBytes = nodes.reduce((total, n) => total + n.id.length, 0);
    const s3 = createRing({
      params: { strategy: 3, partitionCount: 1200 },
      nodes,
      N: 3,
      prng: prngFromSeed(1),
    });
    const s1 = createRing({
      params: { strategy: 1, tokensPerNode: 40 },
      nodes,
      N: 3,
      prng: prngFromSeed(1),
    });
    expect(metadataBytesPerNode(s3)).toBe(idBytes + 1200);
    expect(metadataBytesPerNode(s1)).toBe(idBytes + 1200 * 16);
    expect(loadBalancingEfficiency(Object.values(loadShare(s3)))).toBeGreaterThan(
      loadBalancingEfficiency(Object.values(loadShare(s1))),
    );
  });
});

describe('ranges that move on a join (§4.2: "only affects its immediate neighbors")', () => {
  it('adding H between A and B on the Figure 2 ring moves only (F, G], (G, A] and (A, H]', () => {
    const before = figure2Ring();
    const after = joinNode(before, { id: 'H' }, 3, prngFromSeed(2), [at('18')]);
    const { ranges, movedFraction } = movedRanges(before, after, 3);
    const pieces = ranges.map(
      (r) =>
        `(${r.start.slice(0, 2)}, ${r.end.slice(0, 2)}]: ${r.fromNodes.join('')} -> ${r.toNodes.join('')}`,
    );
    expect(pieces).toEqual([
      '(70, 10]: ABC -> AHB',
      '(10, 18]: BCD -> HBC',
      '(60, 70]: GAB -> GAH',
    ]);
    expect(movedFraction).toBe(0.5 / 16 + 1 / 16 + 10 / 16);
  });

  it('a key moves exactly when its home replica set changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 3, max: 8 }),
        fc.integer(),
        fc.array(fc.string(), { minLength: 1, maxLength: 20 }),
        (strategy, S, seed, keys) => {
          const params = { strategy: strategy as 1 | 2 | 3, tokensPerNode: 4, partitionCount: 64 };
          const { before, after } = joinedRing(params, S, 3, seed);
          const { ranges } = movedRanges(before, after, 3);
          return keys.every((key) => {
            const changed =
              new Set([...homeReplicas(before, key, 3), ...homeReplicas(after, key, 3)]).size !== 3;
            return changed === ranges.some((r) => contains(r, ringPosition(key)));
          });
        },
      ),
    );
  });

  it('strategy 1: exactly the space the new node now holds moves, for N = 1 and N = 3', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer(),
        (S, T, seed) => {
          const { before, after } = joinedRing({ strategy: 1, tokensPerNode: T }, S, 3, seed);
          const close = (a: number, b: number | undefined): boolean =>
            Math.abs(a - (b ?? -1)) < 1e-9;
          return (
            close(movedRanges(before, after, 1).movedFraction, loadShare(after).new) &&
            close(movedRanges(before, after, 3).movedFraction, replicaLoadShare(after, 3).new)
          );
        },
      ),
    );
  });

  it('strategy 1 with many tokens: for N = 1 about 1/(S+1) of the keys change first owner', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 20 }), fc.integer(), (S, seed) => {
        const { before, after } = joinedRing({ strategy: 1, tokensPerNode: 256 }, S, 1, seed);
        const moved = movedRanges(before, after, 1).movedFraction;
        // T = 256 puts the new node's share within a few per cent of 1/(S+1); ±35% is many deviations.
        return Math.abs(moved * (S + 1) - 1) < 0.35;
      }),
      { numRuns: 20 },
    );
  });

  it('strategy 3: for N = 1 exactly the stolen partitions move, ⌊Q/(S+1)⌋ of Q', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer(),
        (S, extra, seed) => {
          const Q = S + 1 + extra;
          const { before, after } = joinedRing({ strategy: 3, partitionCount: Q }, S, 1, seed);
          return (
            Math.abs(movedRanges(before, after, 1).movedFraction - Math.floor(Q / (S + 1)) / Q) <
            1e-9
          );
        },
      ),
    );
  });

  it('a leave moves the leaver’s share back, and nothing moves between identical rings', () => {
    const ring = createRing({
      params: { strategy: 1, tokensPerNode: 8 },
      nodes: manyNodes(5),
      N: 3,
      prng: prngFromSeed(3),
    });
    expect(movedRanges(ring, ring, 3)).toEqual({ ranges: [], movedFraction: 0 });
    const left = leaveNode(ring, 'n2', 3, prngFromSeed(4));
    expect(movedRanges(ring, left, 1).movedFraction).toBeCloseTo(loadShare(ring).n2 ?? -1, 12);
    expect(positionToBigInt(bigIntToPosition(RING_SIZE - 1n))).toBe(RING_SIZE - 1n);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RING_SIZE, bigIntToPosition, positionToBigInt } from '../../src/core/hash.ts';
import {
  RingConfigError,
  createRing,
  joinNode,
  leaveNode,
  ownerTokenIndex,
  partitionCountOf,
  partitionIndexOf,
  partitions,
} from '../../src/core/partitioning.ts';
import type { NodeInfo, RingParams, RingState } from '../../src/core/partitioning.ts';
import type { NodeId } from '../../src/core/types.ts';
import { prngFromSeed } from '../../src/sim/prng.ts';
import { at, figure2Ring, joinedRing, manyNodes } from './ring-fixtures.ts';

const nodesNamed = (...ids: string[]): NodeInfo[] => ids.map((id) => ({ id }));

function tokenCounts(ring: RingState): Map<NodeId, number> {
  const counts = new Map<NodeId, number>(ring.nodes.map((n) => [n.id, 0]));
  for (const token of ring.tokens) counts.set(token.node, (counts.get(token.node) ?? 0) + 1);
  return counts;
}

function expectSortedUnique(ring: RingState): void {
  for (let i = 1; i < ring.tokens.length; i++) {
    expect((ring.tokens[i - 1]?.position ?? '') < (ring.tokens[i]?.position ?? '')).toBe(true);
  }
}

/** Owner of each strategy-3 partition, by index. */
function owners(ring: RingState): NodeId[] {
  return partitions(ring).map((p) => ring.tokens[ownerTokenIndex(ring, p.end)]?.node ?? '');
}

function configError(build: () => unknown): RingConfigError {
  try {
    build();
  } catch (error) {
    if (error instanceof RingConfigError) return error;
    throw error;
  }
  throw new Error('expected a RingConfigError');
}

describe('strategy 1: T random tokens per node, partitions by token value (§4.2, §6.2)', () => {
  it('builds the Figure 2 ring exactly from explicit placement', () => {
    const ring = figure2Ring();
    expect(ring.tokens.map((t) => t.node).join('')).toBe('ABCDEFG');
    const rangeOfB = partitions(ring)[1];
    expect(rangeOfB).toEqual({ index: 1, start: at('1'), end: at('2') });
    // "The last token and the first token form a range that wraps around."
    expect(partitions(ring)[0]).toEqual({ index: 0, start: at('7'), end: at('1') });
  });

  it('assigns a position to the first token at or after it, wrapping past the top', () => {
    const ring = figure2Ring();
    expect(ownerTokenIndex(ring, at('15'))).toBe(1); // in (A, B] → B
    expect(ownerTokenIndex(ring, at('2'))).toBe(1); // B's own position is in (A, B]
    expect(ownerTokenIndex(ring, at('8'))).toBe(0); // past G wraps to A
    expect(ownerTokenIndex(ring, '0'.repeat(32))).toBe(0);
    expect(partitionIndexOf(ring, at('15'))).toBe(1);
  });

  it('gives every node T tokens, sorted and unique', () => {
    const ring = createRing({
      params: { strategy: 1, tokensPerNode: 16 },
      nodes: manyNodes(10),
      N: 3,
      prng: prngFromSeed(3),
    });
    expect(ring.tokens).toHaveLength(160);
    expect([...tokenCounts(ring).values()].every((c) => c === 16)).toBe(true);
    expectSortedUnique(ring);
    expect(partitionCountOf(ring)).toBe(160);
  });

  it('is a deterministic function of its inputs and the prng state', () => {
    const build = (seed: number): RingState =>
      createRing({
        params: { strategy: 1, tokensPerNode: 4 },
        nodes: manyNodes(5),
        N: 2,
        prng: prngFromSeed(seed),
      });
    expect(build(9)).toEqual(build(9));
    expect(build(9)).not.toEqual(build(10));
  });

  it('joins by adding T tokens and leaves by removing exactly the node’s tokens', () => {
    const ring = createRing({
      params: { strategy: 1, tokensPerNode: 8 },
      nodes: manyNodes(4),
      N: 3,
      prng: prngFromSeed(4),
    });
    const joined = joinNode(ring, { id: 'new' }, 3, prngFromSeed(5));
    expect(joined.tokens).toHaveLength(40);
    expectSortedUnique(joined);
    expect(joined.tokens.filter((t) => t.node !== 'new')).toEqual(ring.tokens);
    expect(leaveNode(joined, 'new', 3, prngFromSeed(6)).tokens).toEqual(ring.tokens);
  });

  it('copes with 512 nodes × 256 tokens', () => {
    const ring = createRing({
      params: { strategy: 1, tokensPerNode: 256 },
      nodes: manyNodes(512),
      N: 3,
      prng: prngFromSeed(8),
    });
    expect(ring.tokens).toHaveLength(512 * 256);
    expectSortedUnique(ring);
  });
});

describe('strategies 2 and 3: Q equal partitions (§6.2)', () => {
  it('cuts the hash space into Q equal (start, end] ranges', () => {
    const ring = createRing({
      params: { strategy: 2, tokensPerNode: 3, partitionCount: 4 },
      nodes: manyNodes(3),
      N: 2,
      prng: prngFromSeed(1),
    });
    expect(partitions(ring).map((p) => p.end)).toEqual([at('4'), at('8'), at('c'), at('0')]);
    expect(partitions(ring)[0]?.start).toBe(at('0'));
    expect(partitionIndexOf(ring, at('0'))).toBe(3);
    expect(partitionIndexOf(ring, bigIntToPosition(1n))).toBe(0);
    expect(partitionIndexOf(ring, at('4'))).toBe(0);
    expect(partitionIndexOf(ring, bigIntToPosition(RING_SIZE / 4n + 1n))).toBe(1);
  });

  it('finds the partition containing any position, for any Q', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5000 }),
        fc.bigInt({ min: 0n, max: RING_SIZE - 1n }),
        (Q, p) => {
          const ring = createRing({
            params: { strategy: 3, partitionCount: Q },
            nodes: manyNodes(3),
            N: 3,
            prng: prngFromSeed(Q),
          });
          const partition = partitions(ring)[partitionIndexOf(ring, bigIntToPosition(p))];
          if (!partition) return false;
          const start = positionToBigInt(partition.start);
          const end = positionToBigInt(partition.end);
          const inside = start < end ? start < p && p <= end : start < p || p <= end;
          return inside;
        },
      ),
      { numRuns: 50 },
    );
  });

  it('strategy 2 keeps T random tokens per node, independent of Q', () => {
    const ring = createRing({
      params: { strategy: 2, tokensPerNode: 5, partitionCount: 64 },
      nodes: manyNodes(6),
      N: 3,
      prng: prngFromSeed(2),
    });
    expect(ring.tokens).toHaveLength(30);
    expect(partitions(ring)).toHaveLength(64);
  });

  it('strategy 3 puts a token at every partition end and gives each node ⌊Q/S⌋ or ⌈Q/S⌉ of them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer(),
        (S, extra, seed) => {
          const Q = S + extra;
          const ring = createRing({
            params: { strategy: 3, partitionCount: Q },
            nodes: manyNodes(S),
            N: Math.min(3, S),
            prng: prngFromSeed(seed),
          });
          const ends = new Set(partitions(ring).map((p) => p.end));
          const counts = [...tokenCounts(ring).values()];
          return (
            ring.tokens.length === Q &&
            ring.tokens.every((t) => ends.has(t.position)) &&
            counts.every((c) => c === Math.floor(Q / S) || c === Math.ceil(Q / S))
          );
        },
      ),
    );
  });

  it('strategy 3 with Q divisible by S keeps any N consecutive partitions on distinct nodes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (S, perNode, wantN, seed) => {
          const N = Math.min(wantN, S);
          const ring = createRing({
            params: { strategy: 3, partitionCount: S * perNode },
            nodes: manyNodes(S),
            N,
            prng: prngFromSeed(seed),
          });
          const o = owners(ring);
          return o.every(
            (_, i) =>
              new Set(Array.from({ length: N }, (_, d) => o[(i + d) % o.length])).size === N,
          );
        },
      ),
    );
  });

  it('strategy 3: a joining node steals evenly, only from others, and the claim stays even', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer(),
        (S, extra, seed) => {
          const Q = S + 1 + extra;
          const { before, after } = joinedRing({ strategy: 3, partitionCount: Q }, S, 2, seed);
          const [was, now] = [owners(before), owners(after)];
          const changedOnlyToNew = now.every((node, i) => node === was[i] || node === 'new');
          const counts = [...tokenCounts(after).values()];
          const even = counts.every(
            (c) => c === Math.floor(Q / (S + 1)) || c === Math.ceil(Q / (S + 1)),
          );
          return (
            changedOnlyToNew && even && tokenCounts(after).get('new') === Math.floor(Q / (S + 1))
          );
        },
      ),
    );
  });

  it('strategy 3: a leaving node’s partitions go to the others evenly and nothing else moves', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer(),
        (S, extra, seed) => {
          const Q = S + extra;
          const before = createRing({
            params: { strategy: 3, partitionCount: Q },
            nodes: manyNodes(S),
            N: 2,
            prng: prngFromSeed(seed),
          });
          const after = leaveNode(before, 'n2', 2, prngFromSeed(seed + 1));
          const [was, now] = [owners(before), owners(after)];
          const onlyOrphansMoved = now.every((node, i) => node === was[i] || was[i] === 'n2');
          const counts = [...tokenCounts(after).values()];
          return (
            onlyOrphansMoved &&
            !now.includes('n2') &&
            Math.max(...counts) - Math.min(...counts) <= 1
          );
        },
      ),
    );
  });

  it('copes with Q = 65536 over 512 nodes, and a join and a leave', () => {
    const ring = createRing({
      params: { strategy: 3, partitionCount: 65536 },
      nodes: manyNodes(512),
      N: 3,
      prng: prngFromSeed(1),
    });
    expect([...tokenCounts(ring).values()].every((c) => c === 128)).toBe(true);
    const joined = joinNode(ring, { id: 'new' }, 3, prngFromSeed(2));
    expect(tokenCounts(joined).get('new')).toBe(Math.floor(65536 / 513));
    const left = leaveNode(joined, 'n1', 3, prngFromSeed(3));
    expect(left.nodes).toHaveLength(512);
  });
});

describe('bad configuration is refused, naming the parameter', () => {
  const prng = prngFromSeed(1);
  const build =
    (params: RingParams, nodes: NodeInfo[] = manyNodes(4), N = 3) =>
    () =>
      createRing({ params, nodes, N, prng });

  it.each([
    ['T', build({ strategy: 1, tokensPerNode: 0 }), /T must be an integer of at least 1 \(got 0\)/],
    ['T', build({ strategy: 2, tokensPerNode: 1.5, partitionCount: 8 }), /T .*1\.5/],
    [
      'Q',
      build({ strategy: 3, partitionCount: 3 }),
      /Q must be at least the number of nodes S=4 \(got 3\)/,
    ],
    [
      'Q',
      build({ strategy: 2, tokensPerNode: 2, partitionCount: 0 }),
      /Q must be a positive integer/,
    ],
    ['N', build({ strategy: 1 }, manyNodes(4), 0), /N must be/],
    [
      'N',
      build({ strategy: 1 }, manyNodes(2), 3),
      /N must not exceed the number of nodes 2 \(got 3\)/,
    ],
    ['nodes', build({ strategy: 1 }, [], 1), /at least one node/],
    ['nodes', build({ strategy: 1 }, nodesNamed('A', 'B', 'A'), 1), /unique/],
    ['strategy', build({ strategy: 4 as 1 }), /strategy must be 1, 2 or 3/],
  ])('%s', (parameter, thunk, message) => {
    const error = configError(thunk);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toMatch(message);
  });

  it('placement: unknown node, bad hex, reused position, not a strategy-3 partition end', () => {
    const nodes = nodesNamed('A', 'B');
    const place = (strategy: 1 | 3, placement: Record<string, string[]>) => () =>
      createRing({
        params: { strategy, tokensPerNode: 1, partitionCount: 4 },
        nodes,
        N: 1,
        prng,
        placement,
      });
    expect(configError(place(1, { Z: [at('1')] })).parameter).toBe('placement');
    expect(configError(place(1, { A: ['12ab'] })).message).toMatch(/bad position "12ab"/);
    expect(configError(place(1, { A: [at('1')], B: [at('1')] })).message).toMatch(/used twice/);
    expect(configError(place(3, { A: [at('1')] })).message).toMatch(/partition end/);
    expect(owners(place(3, { A: [at('4'), at('8')] })())).toEqual(['A', 'A', 'B', 'B']);
  });

  it('join and leave', () => {
    const ring = createRing({
      params: { strategy: 1, tokensPerNode: 2 },
      nodes: manyNodes(3),
      N: 3,
      prng,
    });
    expect(configError(() => joinNode(ring, { id: 'n1' }, 3, prng)).parameter).toBe('node');
    expect(configError(() => leaveNode(ring, 'nope', 3, prng)).parameter).toBe('nodeId');
    expect(configError(() => leaveNode(ring, 'n1', 3, prng)).message).toMatch(/cannot leave: N=3/);
    const s3 = createRing({
      params: { strategy: 3, partitionCount: 3 },
      nodes: manyNodes(3),
      N: 1,
      prng,
    });
    expect(configError(() => joinNode(s3, { id: 'n4' }, 1, prng)).parameter).toBe('Q');
  });
});

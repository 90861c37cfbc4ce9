import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPrng, restorePrng } from '../../src/sim/prng.ts';

const draws = (prng: { next(): number }, n: number): number[] => Array.from({ length: n }, () => prng.next());

describe('seeded streams', () => {
  it('replays the same sequence from the same seed and name', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string({ minLength: 1 }), (seed, name) => {
        expect(draws(createPrng(seed, name), 20)).toEqual(draws(createPrng(seed, name), 20));
      }),
    );
  });

  it('gives different names and different seeds different sequences', () => {
    const network = draws(createPrng(42, 'network'), 8);
    expect(draws(createPrng(42, 'node:n1'), 8)).not.toEqual(network);
    expect(draws(createPrng(43, 'network'), 8)).not.toEqual(network);
    // the separator keeps (1, "2:x") and (12, ":x")-style names apart
    expect(draws(createPrng(1, '2x'), 8)).not.toEqual(draws(createPrng(12, 'x'), 8));
  });

  it('is not shifted by creating and using another stream', () => {
    const alone = draws(createPrng(7, 'client:c1'), 10);
    const network = createPrng(7, 'network');
    const client = createPrng(7, 'client:c1');
    const interleaved: number[] = [];
    for (let i = 0; i < 10; i++) {
      draws(network, 3);
      draws(createPrng(7, `node:n${i}`), 2);
      interleaved.push(client.next());
    }
    expect(interleaved).toEqual(alone);
  });

  it('pins the derivation so a seed means the same run forever', () => {
    const prng = createPrng(42, 'network');
    expect(prng.state()).toEqual(createPrng(42, 'network').state());
    expect(draws(prng, 3).map((x) => x.toFixed(12))).toEqual(['0.831870366833', '0.248692281223', '0.023028251797']);
  });

  it('accepts seeds up to 2^53 and refuses others by name', () => {
    expect(() => createPrng(2 ** 53 - 1, 'network')).not.toThrow();
    expect(() => createPrng(-1, 'network')).toThrow(/seed/);
    expect(() => createPrng(1.5, 'network')).toThrow(/seed/);
    expect(() => createPrng(1, '')).toThrow(/stream/);
  });

  it('next() is in [0, 1) and nextUint32() in [0, 2^32)', () => {
    const prng = createPrng(1, 'range');
    for (let i = 0; i < 10_000; i++) {
      const x = prng.next();
      const u = prng.nextUint32();
      expect(x >= 0 && x < 1).toBe(true);
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
    }
  });
});

describe('checkpoints', () => {
  it('restorePrng continues exactly where the stream was', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 50 }), (seed, skip) => {
        const prng = createPrng(seed, 'node:n3');
        draws(prng, skip);
        const restored = restorePrng(prng.state());
        expect(draws(restored, 10)).toEqual(draws(prng, 10));
      }),
    );
  });

  it('state() is a copy the stream does not mutate', () => {
    const prng = createPrng(3, 'x');
    const state = prng.state();
    const copy = [...state];
    prng.next();
    expect(state).toEqual(copy);
  });

  it('refuses a malformed state', () => {
    expect(() => restorePrng([1, 2, 3])).toThrow(/state/);
  });
});

describe('helpers', () => {
  it('int stays in range and hits every value', () => {
    const prng = createPrng(5, 'int');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const k = prng.int(7);
      expect(k >= 0 && k < 7 && Number.isInteger(k)).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
    expect(() => prng.int(0)).toThrow(/maxExclusive/);
  });

  it('pick, bernoulli and shuffle', () => {
    const prng = createPrng(9, 'helpers');
    expect(['a', 'b', 'c']).toContain(prng.pick(['a', 'b', 'c']));
    expect(() => prng.pick([])).toThrow(/empty/);
    let heads = 0;
    for (let i = 0; i < 10_000; i++) if (prng.bernoulli(0.3)) heads++;
    expect(heads / 10_000).toBeGreaterThan(0.27);
    expect(heads / 10_000).toBeLessThan(0.33);
    expect(prng.bernoulli(0)).toBe(false);
    expect(prng.bernoulli(1)).toBe(true);
    expect(() => prng.bernoulli(1.5)).toThrow(/p must be/);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = prng.shuffle([...items]);
    expect([...shuffled].sort()).toEqual(items);
  });

  it('helpers draw a fixed amount, so probabilities do not shift later draws', () => {
    const a = createPrng(11, 'aligned');
    const b = createPrng(11, 'aligned');
    a.bernoulli(0);
    b.bernoulli(0.9);
    expect(a.next()).toBe(b.next());
    a.int(3);
    b.int(1_000_000);
    expect(a.next()).toBe(b.next());
  });
});

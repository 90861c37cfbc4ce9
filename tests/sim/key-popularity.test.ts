import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src/sim/prng.ts';
import { KeyPicker, keyName } from '../../src/sim/key-popularity.ts';

describe('KeyPicker', () => {
  it('picks every key of a uniform space and favours the head under zipf', () => {
    const uniform = new KeyPicker(10, { kind: 'uniform' });
    const zipf = new KeyPicker(1000, { kind: 'zipf', exponent: 1 });
    const prng = createPrng(3, 'keys');
    const seen = new Set<number>();
    let head = 0;
    for (let i = 0; i < 2000; i++) {
      seen.add(uniform.next(prng));
      if (zipf.next(prng) < 10) head++;
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The first 10 of 1000 keys hold H(10)/H(1000) ≈ 39 % of zipf(1)'s mass.
    expect(head / 2000).toBeGreaterThan(0.33);
    expect(head / 2000).toBeLessThan(0.45);
  });

  it('refuses a key count that is not a whole number of at least 1', () => {
    expect(() => new KeyPicker(0, { kind: 'uniform' })).toThrow(/keyCount/);
    expect(() => new KeyPicker(2.5, { kind: 'uniform' })).toThrow(/keyCount/);
  });
});

describe('keyName', () => {
  it('gives the prefixed index, the same string every time', () => {
    expect(keyName('cart-', 7)).toBe('cart-7');
    expect(keyName('cart-', 1500)).toBe('cart-1500');
    expect(keyName('k', 0)).toBe('k0');
    const names = Array.from({ length: 3000 }, (_, i) => keyName('key-', 2999 - i)).reverse();
    expect(names.every((n, i) => n === `key-${i}` && keyName('key-', i) === n)).toBe(true);
  });

  it('names keys past the interned range and under many prefixes all the same', () => {
    expect(keyName('big-', 5_000_000)).toBe('big-5000000');
    for (let p = 0; p < 100; p++) expect(keyName(`p${p}-`, p)).toBe(`p${p}-${p}`);
    expect(keyName('cart-', 7)).toBe('cart-7');
  });
});

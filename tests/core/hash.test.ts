import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  RING_SIZE,
  bigIntToPosition,
  isPosition,
  positionToBigInt,
  positionToFraction,
  randomPosition,
  ringPosition,
} from '../../src/core/hash.ts';
import { prngFromSeed } from '../../src/sim/prng.ts';

describe('ring positions: MD5 of the key as a 128-bit identifier (§4.1, §4.2)', () => {
  it('hashes keys with MD5 (RFC 1321 test vectors)', () => {
    expect(ringPosition('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(ringPosition('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(ringPosition('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
  });

  it('hashes the UTF-8 bytes of the key', () => {
    // MD5 of the two UTF-8 bytes c3 a9 ("é").
    expect(ringPosition('é')).toBe(ringPosition('\u00e9'));
    expect(ringPosition('é')).not.toBe(ringPosition('\u0065\u0301'));
  });

  it('always yields a valid, fixed-width position', () => {
    fc.assert(fc.property(fc.string(), (key) => isPosition(ringPosition(key))));
  });

  it('validates positions strictly', () => {
    expect(isPosition('0'.repeat(32))).toBe(true);
    expect(isPosition('f'.repeat(32))).toBe(true);
    expect(isPosition('F'.repeat(32))).toBe(false);
    expect(isPosition('0'.repeat(31))).toBe(false);
    expect(isPosition('g'.repeat(32))).toBe(false);
    expect(isPosition(42)).toBe(false);
  });

  it('string order is numeric order', () => {
    const position = fc.bigInt({ min: 0n, max: RING_SIZE - 1n });
    fc.assert(
      fc.property(position, position, (a, b) => {
        const [pa, pb] = [bigIntToPosition(a), bigIntToPosition(b)];
        return pa < pb === a < b && positionToBigInt(pa) === a;
      }),
    );
  });

  it('wraps arithmetic modulo 2^128', () => {
    expect(RING_SIZE).toBe(2n ** 128n);
    expect(bigIntToPosition(RING_SIZE)).toBe('0'.repeat(32));
    expect(bigIntToPosition(-1n)).toBe('f'.repeat(32));
    expect(bigIntToPosition(RING_SIZE + 5n)).toBe(`${'0'.repeat(31)}5`);
    expect(() => positionToBigInt('xyz')).toThrow(/position/);
  });

  it('maps positions to [0, 1) for drawing', () => {
    expect(positionToFraction('0'.repeat(32))).toBe(0);
    expect(positionToFraction(`8${'0'.repeat(31)}`)).toBe(0.5);
    expect(positionToFraction('f'.repeat(32))).toBeLessThan(1);
    expect(positionToFraction(`4${'0'.repeat(31)}`)).toBe(0.25);
  });

  it('draws random positions deterministically from the prng', () => {
    const a = prngFromSeed(7);
    const b = prngFromSeed(7);
    const first = [randomPosition(a), randomPosition(a)];
    expect([randomPosition(b), randomPosition(b)]).toEqual(first);
    expect(first.every(isPosition)).toBe(true);
    expect(first[0]).not.toBe(first[1]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value, Version } from '../../src/core/types.ts';
import { Hash64, combineHashes, hashVersions, keyHash32 } from '../../src/core/object-hash.ts';

function version(value: Value, clock: Record<string, number>, writer = 'Sx', writtenAtMs = 0): Version {
  const entries = Object.entries(clock)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([node, counter]) => ({ node, counter, timestampMs: 0 }));
  return { value, clock: entries, writer, writtenAtMs };
}

const versionArb: fc.Arbitrary<Version> = fc
  .record({
    value: fc.oneof(fc.constant(null), fc.string({ maxLength: 4 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 })),
    clock: fc.dictionary(fc.constantFrom('Sx', 'Sy', 'Sz'), fc.integer({ min: 1, max: 3 })),
    writer: fc.constantFrom('Sx', 'Sy'),
    writtenAtMs: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ value, clock, writer, writtenAtMs }) => version(value, clock, writer, writtenAtMs));

const HEX16 = /^[0-9a-f]{16}$/;

describe('FNV-1a 64 core', () => {
  it('matches the published FNV-1a 64 test vectors before the avalanche step', () => {
    const raw = (text: string): string => {
      const state = new Hash64().reset();
      for (const ch of text) state.unit(ch.charCodeAt(0));
      return state.hex();
    };
    expect(raw('')).toBe('cbf29ce484222325');
    expect(raw('a')).toBe('af63dc4c8601ec8c');
    expect(raw('foobar')).toBe('85944171f73967e8');
  });
});

describe('hashVersions: a key and its sibling set', () => {
  it('is 16 hex chars and depends on the key', () => {
    const v = version(['book'], { Sx: 1 });
    expect(hashVersions('cart', [v])).toMatch(HEX16);
    expect(hashVersions('cart', [v])).not.toBe(hashVersions('cart2', [v]));
  });

  it('does not depend on the order of the siblings or on duplicates', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { minLength: 1, maxLength: 5 }), fc.infiniteStream(fc.double()), (versions, randoms) => {
        const shuffled = versions.map((v) => [randoms.next().value, v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);
        expect(hashVersions('k', shuffled)).toBe(hashVersions('k', versions));
        expect(hashVersions('k', [...versions, versions[0] as Version])).toBe(hashVersions('k', versions));
      }),
    );
  });

  it('changes with the value, the clock, the writer and the write time', () => {
    const base = version(['book'], { Sx: 1 }, 'Sx', 10);
    const h = hashVersions('cart', [base]);
    expect(hashVersions('cart', [version(['book', 'pen'], { Sx: 1 }, 'Sx', 10)])).not.toBe(h);
    expect(hashVersions('cart', [version(['book'], { Sx: 2 }, 'Sx', 10)])).not.toBe(h);
    expect(hashVersions('cart', [version(['book'], { Sx: 1, Sy: 1 }, 'Sx', 10)])).not.toBe(h);
    expect(hashVersions('cart', [version(['book'], { Sx: 1 }, 'Sy', 10)])).not.toBe(h);
    expect(hashVersions('cart', [version(['book'], { Sx: 1 }, 'Sx', 11)])).not.toBe(h);
    expect(hashVersions('cart', [version(null, { Sx: 1 }, 'Sx', 10)])).not.toBe(h);
    expect(hashVersions('cart', [version(['book'], { Sx: 1 }, 'Sx', 10.5)])).not.toBe(hashVersions('cart', [version(['book'], { Sx: 1 }, 'Sx', 10.25)]));
  });

  it('changes with the dot, so anti-entropy repairs copies that differ only in what they have seen', () => {
    const plain = version(['book'], { Sx: 3 }, 'Sx', 10);
    const gap = { ...plain, dot: { node: 'Sx', counter: 3, base: 1 } };
    const full = { ...plain, dot: { node: 'Sx', counter: 3, base: 2 } };
    expect(new Set([hashVersions('cart', [plain]), hashVersions('cart', [gap]), hashVersions('cart', [full])]).size).toBe(3);
  });

  it('tells values apart that a naive join would confuse', () => {
    const hashOf = (value: Value): string => hashVersions('k', [version(value, { Sx: 1 })]);
    expect(hashOf(['ab', 'c'])).not.toBe(hashOf(['a', 'bc']));
    expect(hashOf('book')).not.toBe(hashOf(['book']));
    expect(hashOf('')).not.toBe(hashOf([]));
    expect(hashOf('')).not.toBe(hashOf(null));
  });

  it('gives different sibling sets different hashes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(versionArb, { minLength: 2, maxLength: 4, selector: (v) => JSON.stringify(v) }), (versions) => {
        // Clock timestamps are all 0 here, so unique versions are unique canonically too: `rest` lacks versions[0].
        const rest = versions.slice(1);
        expect(hashVersions('k', versions)).not.toBe(hashVersions('k', rest));
      }),
    );
  });

  it('ignores clock entry timestamps: counters identify a version', () => {
    const a = version('x', { Sx: 1 });
    const b = { ...a, clock: [{ node: 'Sx', counter: 1, timestampMs: 99 }] };
    expect(hashVersions('k', [b])).toBe(hashVersions('k', [a]));
  });
});

describe('combineHashes: an inner node from its children', () => {
  const h1 = hashVersions('a', [version('1', { Sx: 1 })]);
  const h2 = hashVersions('b', [version('2', { Sx: 1 })]);

  it('depends on the order and the number of children', () => {
    expect(combineHashes([h1, h2])).toMatch(HEX16);
    expect(combineHashes([h1, h2])).not.toBe(combineHashes([h2, h1]));
    expect(combineHashes([h1])).not.toBe(combineHashes([h1, '0000000000000000']));
  });

  it('refuses anything but 16 lower-case hex chars, naming the child', () => {
    expect(() => combineHashes([h1, 'ABC'])).toThrow(/hashes\[1\] must be 16 lower-case hex chars/);
  });
});

describe('keyHash32', () => {
  it('is a stable uint32 of the key', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const h = keyHash32(key);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
        expect(keyHash32(key)).toBe(h);
      }),
    );
    expect(keyHash32('cart')).not.toBe(keyHash32('cart2'));
  });
});

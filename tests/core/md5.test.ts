import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../src/core/md5.ts';

const reference = (s: string): string => bytesToHex(md5(utf8ToBytes(s)));

describe('md5Hex (RFC 1321)', () => {
  it('gives the RFC test suite digests', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    );
  });

  it('matches @noble/hashes on any string, across block boundaries and for non-ASCII text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 80 })), (s) => {
        expect(md5Hex(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
    for (let n = 50; n <= 130; n++) expect(md5Hex('x'.repeat(n))).toBe(reference('x'.repeat(n)));
    expect(md5Hex('\ud800 lone and a\udc00b')).toBe(reference('\ud800 lone and a\udc00b'));
  });
});

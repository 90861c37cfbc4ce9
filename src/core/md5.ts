/**
 * MD5 (RFC 1321) of a string's UTF-8 bytes, as 32 lower-case hex digits: the hash Dynamo uses to
 * place keys on the ring (§4.2 "Dynamo applies a MD5 hash on the key"). Every new key a node
 * sees is hashed once, so this is a plain loop over one reused buffer: no per-call allocation
 * beyond the result string.
 */

/** floor(|sin(i + 1)| · 2^32), the RFC's table. */
const K = Int32Array.from([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

/** Per-round left-rotation amounts. */
const R = Uint8Array.from([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
  20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10,
  15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

let bytes = new Uint8Array(64);
const words = new Int32Array(16);

/** Writes the UTF-8 encoding of `s` (lone surrogates as U+FFFD, like TextEncoder) into `bytes`. */
function encodeUtf8(s: string): number {
  if (bytes.length < s.length * 3 + 72) bytes = new Uint8Array(s.length * 3 + 72);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      bytes[n++] = c;
      continue;
    }
    if (c < 0x800) {
      bytes[n++] = 0xc0 | (c >> 6);
      bytes[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        bytes[n++] = 0xf0 | (c >> 18);
        bytes[n++] = 0x80 | ((c >> 12) & 0x3f);
        bytes[n++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[n++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    bytes[n++] = 0xe0 | (c >> 12);
    bytes[n++] = 0x80 | ((c >> 6) & 0x3f);
    bytes[n++] = 0x80 | (c & 0x3f);
  }
  return n;
}

function hexOfWord(w: number): string {
  return HEX[w & 0xff]! + HEX[(w >>> 8) & 0xff]! + HEX[(w >>> 16) & 0xff]! + HEX[(w >>> 24) & 0xff]!;
}

/** The MD5 digest of `s` (UTF-8) in hex. */
export function md5Hex(s: string): string {
  const length = encodeUtf8(s);
  // Padding: 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian number.
  const padded = (((length + 8) >>> 6) + 1) << 6;
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, padded);
  const bits = length * 8;
  bytes[padded - 8] = bits & 0xff;
  bytes[padded - 7] = (bits >>> 8) & 0xff;
  bytes[padded - 6] = (bits >>> 16) & 0xff;
  bytes[padded - 5] = (bits >>> 24) & 0xff;
  const high = Math.floor(bits / 4294967296);
  bytes[padded - 4] = high & 0xff;
  bytes[padded - 3] = (high >>> 8) & 0xff;
  bytes[padded - 2] = (high >>> 16) & 0xff;
  bytes[padded - 1] = (high >>> 24) & 0xff;
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let block = 0; block < padded; block += 64) {
    for (let i = 0; i < 16; i++) {
      const at = block + 4 * i;
      words[i] = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + K[i]! + words[g]!) | 0;
      const shift = R[i]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return hexOfWord(a0) + hexOfWord(b0) + hexOfWord(c0) + hexOfWord(d0);
}

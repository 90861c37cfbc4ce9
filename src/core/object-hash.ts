/**
 * Fast 64-bit hashes of stored objects and of Merkle-tree children, for anti-entropy (Dynamo §4.7).
 *
 * Why FNV-1a 64 and not the ring's MD5 (`hash.ts`): a Merkle tree rehashes every key it covers and
 * every inner node on rebuild, so speed matters and cryptographic strength does not (replicas are
 * not adversaries). FNV-1a 64 runs on two 32-bit halves with `Math.imul`, allocation-free. It is fed
 * 16-bit units (UTF-16 code units, and 32-bit words as two halves) rather than bytes, which halves
 * the multiplications; and its output goes through a bijective avalanche step (murmur3's fmix32 on
 * both halves, cross-coupled) because leaves XOR these hashes together, and on its own FNV lets
 * the last few inputs barely reach the high bits.
 *
 * A hash is 16 lower-case hex chars on the wire (`hashVersions`, `combineHashes`); the tree keeps
 * the same values as (hi, lo) uint32 pairs internally and only formats hex when asked.
 */
import type { Key, Value, Version } from './types.ts';

const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;
/** The FNV 64-bit prime is 2^40 + 0x1b3: multiplying is `lo * 0x1b3` plus `lo << 8` into the high word. */
const FNV_PRIME_LOW = 0x1b3;
const TWO_TO_32 = 4294967296;
const TWO_TO_MINUS_32 = 1 / TWO_TO_32;

/** The all-zero hash: an empty leaf (the XOR of no keys). */
export const EMPTY_HASH = '0000000000000000';

/** A streaming FNV-1a 64 state. Reused, never allocated per key, so hashing a million keys stays cheap. */
export class Hash64 {
  hi = FNV_OFFSET_HI;
  lo = FNV_OFFSET_LO;

  reset(): this {
    this.hi = FNV_OFFSET_HI;
    this.lo = FNV_OFFSET_LO;
    return this;
  }

  /** One 16-bit unit: xor it in, multiply by the prime. `lo * 0x1b3` < 2^41 stays exact in a double. */
  unit(u: number): void {
    const lo = (this.lo ^ (u & 0xffff)) >>> 0;
    const product = lo * FNV_PRIME_LOW;
    const newLo = product >>> 0;
    this.hi = (Math.imul(this.hi, FNV_PRIME_LOW) + (lo << 8) + (product - newLo) * TWO_TO_MINUS_32) >>> 0;
    this.lo = newLo;
  }

  word(w: number): void {
    this.unit(w >>> 16);
    this.unit(w);
  }

  /** Safe integers as two words (the common case: counters, virtual times); anything else as text. */
  number(n: number): void {
    if (Number.isSafeInteger(n)) {
      this.unit(1);
      this.word(Math.floor(n / TWO_TO_32));
      this.word(n >>> 0);
    } else {
      this.unit(2);
      this.string(String(n));
    }
  }

  /** The length goes first so that ("ab","c") and ("a","bc") hash differently. The loop keeps the state in locals, where V8 leaves numbers unboxed. */
  string(s: string): void {
    this.word(s.length);
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < s.length; i++) {
      lo = (lo ^ s.charCodeAt(i)) >>> 0;
      const product = lo * FNV_PRIME_LOW;
      const newLo = product >>> 0;
      hi = (Math.imul(hi, FNV_PRIME_LOW) + (lo << 8) + (product - newLo) * TWO_TO_MINUS_32) >>> 0;
      lo = newLo;
    }
    this.hi = hi;
    this.lo = lo;
  }

  /** Ends the stream: the avalanche step, bijective, so no two states collapse into one hash. */
  finish(): this {
    const a = fmix32((this.lo ^ ((this.hi << 16) | (this.hi >>> 16))) >>> 0);
    const b = fmix32((this.hi ^ a) >>> 0);
    this.lo = a;
    this.hi = b;
    return this;
  }

  hex(): string {
    return toHex(this.hi, this.lo);
  }
}

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function toHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

const HEX_HASH = /^[0-9a-f]{16}$/;

/** The high 32 bits of a 16-hex-char hash. */
export function hashHi(hash: string): number {
  return parseInt(hash.slice(0, 8), 16);
}

/** The low 32 bits of a 16-hex-char hash. */
export function hashLo(hash: string): number {
  return parseInt(hash.slice(8, 16), 16);
}

export function assertHash(hash: string, parameter: string): void {
  if (!HEX_HASH.test(hash)) {
    throw new Error(`${parameter} must be 16 lower-case hex chars, got ${JSON.stringify(hash)}`);
  }
}

/**
 * Feeds one version, field by field with tags and lengths (clock, dot, writer, time, value), so
 * different versions never feed the same units. Clock entry timestamps are left out: a version is identified by its counters, and
 * truncation bookkeeping must not make two copies of the same write look different.
 */
function feedVersion(state: Hash64, version: Version): void {
  state.word(version.clock.length);
  for (const entry of version.clock) {
    state.string(entry.node);
    state.number(entry.counter);
  }
  // The dot is part of what a version has seen (versions.ts): copies that differ only there must
  // hash differently, or anti-entropy would never repair the difference.
  const dot = version.dot;
  if (dot === undefined) {
    state.unit(0);
  } else {
    state.unit(1);
    state.string(dot.node);
    state.number(dot.counter);
    state.number(dot.base);
  }
  state.string(version.writer);
  state.number(version.writtenAtMs);
  feedValue(state, version.value);
}

function feedValue(state: Hash64, value: Value): void {
  if (value === null) {
    state.unit(0);
  } else if (typeof value === 'string') {
    state.unit(1);
    state.string(value);
  } else {
    state.unit(2);
    state.word(value.length);
    for (const item of value) state.string(item);
  }
}

const shared = new Hash64();
const scratch = new Hash64();
let sortedHi = new Uint32Array(16);
let sortedLo = new Uint32Array(16);

/**
 * Hashes a key and its sibling set into `state` (finished): the key, then the distinct versions'
 * own hashes in ascending order. Siblings are a set, so neither their order nor duplicates change
 * the hash. Sorting by each version's hash rather than by a clock string is just as canonical and
 * builds no strings, which is most of the cost of hashing a million keys.
 */
export function hashVersionsInto(state: Hash64, key: Key, versions: readonly Version[]): Hash64 {
  if (versions.length === 1) {
    scratch.reset();
    feedVersion(scratch, versions[0] as Version);
    scratch.finish();
    state.reset();
    state.string(key);
    state.word(1);
    state.word(scratch.hi);
    state.word(scratch.lo);
    return state.finish();
  }
  // Each version's own hash, kept sorted by (hi, lo) and distinct in scratch words as it is computed.
  const n = versions.length;
  if (sortedHi.length < n) {
    sortedHi = new Uint32Array(2 * n);
    sortedLo = new Uint32Array(2 * n);
  }
  let distinct = 0;
  outer: for (let i = 0; i < n; i++) {
    scratch.reset();
    feedVersion(scratch, versions[i] as Version);
    scratch.finish();
    const { hi, lo } = scratch;
    let at = distinct;
    for (; at > 0; at--) {
      const h = sortedHi[at - 1] as number;
      const l = sortedLo[at - 1] as number;
      if (h === hi && l === lo) continue outer;
      if (h < hi || (h === hi && l < lo)) break;
    }
    sortedHi.copyWithin(at + 1, at, distinct);
    sortedLo.copyWithin(at + 1, at, distinct);
    sortedHi[at] = hi;
    sortedLo[at] = lo;
    distinct++;
  }
  state.reset();
  state.string(key);
  state.word(distinct);
  for (let i = 0; i < distinct; i++) {
    state.word(sortedHi[i] as number);
    state.word(sortedLo[i] as number);
  }
  return state.finish();
}

/** The hash of one key's versions (its Merkle leaf contribution), as 16 hex chars. */
export function hashVersions(key: Key, versions: readonly Version[]): string {
  return hashVersionsInto(shared, key, versions).hex();
}

/** Hashes an ordered run of (hi, lo) words from `words[start]` to `words[end - 1]` into `state`. */
export function combineWordsInto(state: Hash64, words: Uint32Array, start: number, end: number): Hash64 {
  state.reset();
  state.word((end - start) >>> 1);
  for (let i = start; i < end; i++) state.word(words[i] as number);
  return state.finish();
}

/** An inner Merkle node's hash from its children's, in order (Dynamo §4.7 "hashes of their respective children"). */
export function combineHashes(hashes: readonly string[]): string {
  const words = new Uint32Array(hashes.length * 2);
  hashes.forEach((hash, i) => {
    assertHash(hash, `hashes[${i}]`);
    words[2 * i] = hashHi(hash);
    words[2 * i + 1] = hashLo(hash);
  });
  return combineWordsInto(shared, words, 0, words.length).hex();
}

/** A stable 32-bit hash of a key alone, independent of its versions: picks the key's Merkle leaf. */
export function keyHash32(key: Key): number {
  shared.reset();
  shared.unit(0x4b); // a domain tag, so leaf placement is not correlated with hashVersions
  shared.string(key);
  return shared.finish().hi;
}

/**
 * Fast 64-bit hashes of stored objects and of Merkle-tree children, for anti-entropy (Dynamo §4.7).
 *
 * Why FNV-1a 64 and not the ring's MD5 (`hash.ts`): a Merkle tree rehashes every key it covers and
 * every inner node on rebuild, so speed matters and cryptographic strength does not (replicas are
 * not adversaries). FNV-1a 64 runs on two 32-bit halves with `Math.imul`, allocation-free. It is fed
 * 16-bit units (UTF-16 code units, and 32-bit words as two halves) rather than bytes, which halves
 * the multiplications; and its output goes through a bijective avalanche step (murmur3's fmix32 on
 * both halves, cross-coupled) because leaves XOR these hashes together, and FNV's high bits mix
 * poorly on their own.
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
    const carry = (product - newLo) / TWO_TO_32;
    this.hi = (Math.imul(this.hi, FNV_PRIME_LOW) + (lo << 8) + carry) >>> 0;
    this.lo = newLo;
  }

  word(w: number): void {
    this.unit(w >>> 16);
    this.unit(w);
  }

  /** The length goes first so that ("ab","c") and ("a","bc") hash differently. */
  string(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.unit(s.charCodeAt(i));
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
 * The canonical text of a version's clock: `node:counter` entries in the clock's order (sorted by
 * node, types.ts). Entry timestamps are left out: a version is identified by its counters, and
 * truncation bookkeeping must not make two copies of the same write look different.
 */
export function canonicalClock(version: Version): string {
  let text = '';
  for (const entry of version.clock) text += (text === '' ? '' : ',') + `${entry.node}:${entry.counter}`;
  return text;
}

function canonicalValue(value: Value): string {
  if (value === null) return 'n';
  if (typeof value === 'string') return `s${value.length}:${value}`;
  let text = `a${value.length}`;
  for (const item of value) text += `:${item.length}:${item}`;
  return text;
}

/**
 * A version as one string: the clock first (so sorting these sorts by clock), then writer, write
 * time and value, each length-prefixed or tagged so that different versions never share a text.
 */
export function canonicalVersion(version: Version): string {
  const clock = canonicalClock(version);
  return `${clock.length}|${clock}|${version.writer.length}|${version.writer}|${version.writtenAtMs}|${canonicalValue(version.value)}`;
}

const shared = new Hash64();

/**
 * Hashes a key and its sibling set into `state` (finished). Siblings are a set: order and
 * duplicates do not change the hash. One version, the common case, skips the sort.
 */
export function hashVersionsInto(state: Hash64, key: Key, versions: readonly Version[]): Hash64 {
  state.reset();
  state.string(key);
  if (versions.length === 1) {
    state.word(1);
    state.string(canonicalVersion(versions[0] as Version));
    return state.finish();
  }
  const texts = versions.map(canonicalVersion).sort();
  let distinct = 0;
  for (let i = 0; i < texts.length; i++) if (i === 0 || texts[i] !== texts[i - 1]) distinct++;
  state.word(distinct);
  for (let i = 0; i < texts.length; i++) if (i === 0 || texts[i] !== texts[i - 1]) state.string(texts[i] as string);
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

/**
 * The trace's running hash (design.md "The world"): a binary encoding of every record folded into
 * two 32-bit Murmur3 lanes, so two runs of one seed and scenario — in-process or in workers —
 * compare by one string.
 */
import type { Observation } from '../core/effects.ts';
import { foldObservation } from './observation-detail.ts';

/*
 * The running hash folds a binary encoding of each record, not its text: printing every record's
 * time and walking its text byte by byte cost more than the rest of tracing together. A record is
 * a run of 32-bit words (a decoder could read it back, so no two record lists share an encoding):
 *
 *   header   kind slot (bits 0–3; 9 is an `observe` record with a folded detail, below) | node,
 *            from, to, msg present (bits 4–7) | id form (bits 8–9:
 *            0 absent, 1 a uint32, 2 any other number) | detail present (bit 10) | index / 2^32
 *            (bits 11–31; an index is below 2^53)
 *   index    index mod 2^32
 *   time     the float64 bits of timeMs, high word then low word: equal times hash equal exactly
 *            when they are the same float64, so 0 and -0 differ though both print `0` (virtual
 *            time never goes below 0, and a NaN would hash as the one canonical NaN)
 *   id       one word when a uint32 (-0 is 0, as in the canonical form), else the float64 bits as
 *            two words; nothing when absent
 *   strings  node, from, to, msg, detail in that order, each that is present as its length, then
 *            its UTF-16 code units two to a word (the first in the low half; an odd last unit
 *            alone)
 *   folded   for slot 9 only, in place of a detail string: the node's observation in its own
 *            binary form (observation-detail.ts), whose text is the record's detail
 *
 * Each word goes through two Murmur3 lanes: lane A is exactly MurmurHash3_x86_32's block step,
 * lane B the same step with the constants of x86_128's second lane. Both steps are bijections of
 * their lane for a given word and of the word for a given lane, so two equally long encodings
 * that differ in one word always end in different states. The hex is the lanes after Murmur3's
 * cross-mix and fmix32 finalisation, taken from copies so that hashing can go on. Integer
 * arithmetic and IEEE-754 bits only: every engine, thread and worker agrees.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const C3 = 0xab0e9789;
const C4 = 0x38b34ae5;

const NODE = 1 << 4;
const FROM = 1 << 5;
const TO = 1 << 6;
const MSG = 1 << 7;
const ID_UINT32 = 1 << 8;
const ID_NUMBER = 2 << 8;
const DETAIL = 1 << 10;
const INDEX_HIGH_SHIFT = 11;
/** The header's kind slot of an `observe` record whose detail is folded rather than a string. */
const FOLDED_OBSERVE_SLOT = 9;

/** A float64's two words, read through one shared buffer; which word is high depends on the platform's byte order. */
const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);
float[0] = 1;
const HIGH = floatWords[1] === 0x3ff00000 ? 1 : 0;
const LOW = 1 - HIGH;

/** MurmurHash3's fmix32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The trace's running hash: two 32-bit Murmur3 lanes over each record's words (see above). */
export class TraceHash {
  /** Lane A, seeded 0 (int32). */
  a = 0;
  /** Lane B, seeded 0x9747b28c (int32). */
  b = 0x9747b28c | 0;

  /** Folds in one 32-bit word. */
  word(w: number): void {
    let k = Math.imul(w, C1);
    k = Math.imul((k << 15) | (k >>> 17), C2);
    const a = this.a ^ k;
    this.a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    let j = Math.imul(w, C3);
    j = Math.imul((j << 16) | (j >>> 16), C4);
    const b = this.b ^ j;
    this.b = (Math.imul((b << 17) | (b >>> 15), 5) + 0x0bcaa747) | 0;
  }

  /** Folds in a float64 as its two words, high first; every NaN as the one canonical NaN. */
  float64(n: number): void {
    if (n !== n) {
      this.word(0x7ff80000);
      this.word(0);
      return;
    }
    float[0] = n;
    this.word(floatWords[HIGH] as number);
    this.word(floatWords[LOW] as number);
  }

  /** Folds in a string: its length, then its code units two to a word. */
  string(s: string): void {
    let a = this.a;
    let b = this.b;
    const n = s.length;
    let w = n;
    let i = 0;
    for (;;) {
      let k = Math.imul(w, C1);
      k = Math.imul((k << 15) | (k >>> 17), C2);
      a ^= k;
      a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
      let j = Math.imul(w, C3);
      j = Math.imul((j << 16) | (j >>> 16), C4);
      b ^= j;
      b = (Math.imul((b << 17) | (b >>> 15), 5) + 0x0bcaa747) | 0;
      if (i + 1 < n) {
        w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
        i += 2;
      } else if (i < n) {
        w = s.charCodeAt(i);
        i++;
      } else {
        break;
      }
    }
    this.a = a;
    this.b = b;
  }

  /** An `observe` record with the observation folded in place of a detail string (header slot 9). */
  recordObservation(index: number, timeMs: number, node: string, observation: Observation): void {
    this.record(index, FOLDED_OBSERVE_SLOT, timeMs, node, undefined, undefined, undefined, undefined, undefined);
    foldObservation(this, observation);
  }

  /**
   * Folds in one record, its kind at `slot` in `traceKinds`: the hot path of every traced event.
   * The fields come as arguments, so no record object is needed to hash one.
   */
  record(
    index: number,
    slot: number,
    timeMs: number,
    node: string | undefined,
    from: string | undefined,
    to: string | undefined,
    msg: string | undefined,
    id: number | undefined,
    detail: string | undefined,
  ): void {
    let header = slot | ((index / 0x1_0000_0000) << INDEX_HIGH_SHIFT);
    if (node !== undefined) header |= NODE;
    if (from !== undefined) header |= FROM;
    if (to !== undefined) header |= TO;
    if (msg !== undefined) header |= MSG;
    if (id !== undefined) header |= id >>> 0 === id ? ID_UINT32 : ID_NUMBER;
    if (detail !== undefined) header |= DETAIL;
    this.word(header);
    this.word(index >>> 0);
    this.float64(timeMs);
    if (id !== undefined) {
      if (id >>> 0 === id) this.word(id);
      else this.float64(id);
    }
    if (node !== undefined) this.string(node);
    if (from !== undefined) this.string(from);
    if (to !== undefined) this.string(to);
    if (msg !== undefined) this.string(msg);
    if (detail !== undefined) this.string(detail);
  }

  /** 16 lower-case hex digits: the lanes cross-mixed and finalised (the state is left as it is). */
  hex(): string {
    let a = this.a;
    let b = this.b;
    a = (a + b) | 0;
    b = (b + a) | 0;
    a = fmix32(a);
    b = fmix32(b);
    a = (a + b) | 0;
    b = (b + a) | 0;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}

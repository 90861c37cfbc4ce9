/**
 * Seeded random streams derived from the run's one seed by name (`network`, `node:n3`,
 * `client:c1`), the world's only source of randomness (design.md "The world"; TigerBeetle VOPR:
 * one seed decides everything).
 */
import { md5 } from '@noble/hashes/legacy.js';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { ImageCodec } from '../core/memory-image.ts';
import type { Prng } from '../core/types.ts';

type Generator = ReturnType<typeof xoroshiro128plus>;

/** A named stream with helpers; every helper consumes a fixed number of draws so streams stay aligned. */
export interface SeededPrng extends Prng {
  /** The generator's four 32-bit state words, for checkpoints (see `restorePrng`). */
  state(): readonly number[];
  /** Uniform integer in [0, maxExclusive); one `next()` worth of draws. */
  int(maxExclusive: number): number;
  /** A uniformly chosen element; throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p; always draws, even for p = 0 or 1. */
  bernoulli(p: number): boolean;
  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
}

const encoder = new TextEncoder();

/**
 * The stream named `stream` under `seed`. MD5 of `${seed}:${stream}` fills the 128-bit
 * xoroshiro128+ state, so each name gets an unrelated stream and creating one never shifts another.
 */
export function createPrng(seed: number, stream: string): SeededPrng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`createPrng: seed must be an integer in [0, 2^53), got ${seed}`);
  }
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new Error('createPrng: stream must be a non-empty name such as "network" or "node:n3"');
  }
  const digest = md5(encoder.encode(`${seed}:${stream}`));
  const words = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  const state = [0, 4, 8, 12].map((offset) => words.getInt32(offset, false));
  // xoroshiro128+ is stuck at zero forever from an all-zero state; MD5 makes that a 2^-128 event.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return wrap(xoroshiro128plusFromState(state));
}

/** A stream continuing exactly where the one that produced `state` left off. */
export function restorePrng(state: readonly number[]): SeededPrng {
  if (!Array.isArray(state) || state.length !== 4 || !state.every((word) => Number.isInteger(word))) {
    throw new Error('restorePrng: state must be the four integers returned by SeededPrng.state()');
  }
  return wrap(xoroshiro128plusFromState(state.map((word) => word | 0)));
}

/** A stream seeded directly by pure-rand's own seeding, for tests that want a throwaway Prng. */
export function prngFromSeed(seed: number): SeededPrng {
  return wrap(xoroshiro128plus(seed));
}

function wrap(generator: Generator): SeededPrng {
  return new SeededStream(generator);
}

/** A named stream: pure-rand's generator and the helpers, as a class so a checkpoint can image it. */
export class SeededStream implements SeededPrng {
  constructor(private readonly generator: Generator) {}

  next(): number {
    return uniformFloat64(this.generator);
  }

  nextUint32(): number {
    return this.generator.next() >>> 0;
  }

  state(): readonly number[] {
    return this.generator.getState().slice();
  }

  int(maxExclusive: number): number {
    if (!Number.isSafeInteger(maxExclusive) || maxExclusive < 1) {
      throw new Error(`int: maxExclusive must be a positive integer, got ${maxExclusive}`);
    }
    // Multiplying a 53-bit float keeps the draw count fixed (no rejection loop); the bias is
    // below 2^-21 for any bound up to 2^32, far under what a simulation can notice.
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick: items must not be empty');
    return items[this.int(items.length)] as T;
  }

  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new Error(`bernoulli: p must be in [0, 1], got ${p}`);
    return this.next() < p;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }
}

/** Checkpoints image a stream as its four state words (see `restorePrng`). */
export const seededStreamCodec: ImageCodec = {
  prototype: SeededStream.prototype,
  name: 'SeededStream',
  encode: (value) => (value as SeededStream).state(),
  decode: (data) => restorePrng(data as readonly number[]),
};

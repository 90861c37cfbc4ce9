/**
 * Positions on the consistent-hashing ring: the MD5 of a key read as a 128-bit number (Dynamo §4.2).
 *
 * A position is 32 lower-case hex digits. Because the width is fixed, string order is numeric
 * order, so ownership is decided by exact string comparison; floats are only for drawing.
 */
import { md5Hex } from './md5.ts';
import type { Prng, RingPosition } from './types.ts';

/** The size of the hash space: positions run from 0 to RING_SIZE - 1 and wrap. */
export const RING_SIZE: bigint = 1n << 128n;

const POSITION_PATTERN = /^[0-9a-f]{32}$/;

/** §4.2: "hashing the data item's key to yield its position on the ring". */
export function ringPosition(key: string): RingPosition {
  return md5Hex(key);
}

/** True when `s` is a well-formed ring position (exactly 32 lower-case hex digits). */
export function isPosition(s: unknown): s is RingPosition {
  return typeof s === 'string' && POSITION_PATTERN.test(s);
}

export function positionToBigInt(position: RingPosition): bigint {
  if (!isPosition(position)) {
    throw new RangeError(
      `position must be 32 lower-case hex digits (got ${JSON.stringify(position)})`,
    );
  }
  return BigInt(`0x${position}`);
}

/** Any integer, reduced modulo 2^128 so that arithmetic on positions wraps like the ring. */
export function bigIntToPosition(value: bigint): RingPosition {
  const wrapped = ((value % RING_SIZE) + RING_SIZE) % RING_SIZE;
  return wrapped.toString(16).padStart(32, '0');
}

/**
 * Where a position sits on the circle as a fraction in [0, 1), for drawing and charts only.
 * Uses the top 52 bits, so the result is exact in a double and never rounds up to 1.
 */
export function positionToFraction(position: RingPosition): number {
  if (!isPosition(position)) {
    throw new RangeError(
      `position must be 32 lower-case hex digits (got ${JSON.stringify(position)})`,
    );
  }
  return parseInt(position.slice(0, 13), 16) / 2 ** 52;
}

/** A uniformly random position, as Strategy 1 and 2 pick tokens (§6.2). */
export function randomPosition(prng: Prng): RingPosition {
  let hex = '';
  for (let word = 0; word < 4; word++) {
    hex += (prng.nextUint32() >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

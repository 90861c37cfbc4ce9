/**
 * Which key a client touches next: uniform, or Zipf with exponent s (a few keys are hot, §6.2:
 * "even where there is a significant skew in the access distribution…").
 */
import type { Prng } from '../core/types.ts';
import type { KeyPopularity } from './world-config.ts';

export class KeyPicker {
  private readonly cdf: Float64Array | undefined;

  constructor(
    private readonly count: number,
    popularity: KeyPopularity,
  ) {
    if (!Number.isInteger(count) || count < 1) throw new Error(`keyCount must be a whole number of at least 1 (got ${count})`);
    if (popularity.kind === 'zipf') {
      if (!(popularity.exponent >= 0)) throw new Error(`zipf exponent must be at least 0 (got ${popularity.exponent})`);
      const cdf = new Float64Array(count);
      let total = 0;
      for (let i = 0; i < count; i++) cdf[i] = total += 1 / Math.pow(i + 1, popularity.exponent);
      for (let i = 0; i < count; i++) cdf[i] = (cdf[i] ?? 0) / total;
      this.cdf = cdf;
    }
  }

  /** Index of the next key, 0 being the most popular. */
  next(prng: Prng): number {
    const u = prng.next();
    const cdf = this.cdf;
    if (!cdf) return Math.floor(u * this.count);
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The name of key `index` under `prefix`, the same string object every time it is asked for: the
 * stores, sessions and indexes that hold a key then compare it by identity rather than by content,
 * and a run does not make a fresh string per operation. Names depend only on their arguments, so
 * sharing them between runs changes nothing a run does.
 */
export function keyName(prefix: string, index: number): string {
  if (index >= INTERNED_PER_PREFIX) return `${prefix}${index}`;
  let chunks = namesByPrefix.get(prefix);
  if (chunks === undefined) {
    if (namesByPrefix.size >= INTERNED_PREFIXES) namesByPrefix.clear();
    namesByPrefix.set(prefix, (chunks = []));
  }
  const c = index >>> CHUNK_BITS;
  while (chunks.length <= c) chunks.push(undefined);
  // Chunks of names filled with '' (no name is empty: the prefix is followed by digits) stay
  // arrays of strings, where names set one by one at scattered indexes would make a sparse one.
  const chunk = (chunks[c] ??= new Array<string>(1 << CHUNK_BITS).fill(''));
  const at = index & ((1 << CHUNK_BITS) - 1);
  return chunk[at] || (chunk[at] = `${prefix}${index}`);
}

const CHUNK_BITS = 10;
const INTERNED_PER_PREFIX = 1 << 20;
const INTERNED_PREFIXES = 32;
const namesByPrefix = new Map<string, Array<string[] | undefined>>();

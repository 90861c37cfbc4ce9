/**
 * A log-linear (HDR-style) latency histogram: percentiles of millions of samples in fixed memory
 * with bounded relative error — the 99.9th percentile is the figure Dynamo's SLAs are written in
 * (Dynamo §2.2, §6.1).
 *
 * Values are kept as whole microseconds. Below 2·10^d µs every microsecond has its own bucket;
 * above, each power of two is split into 2^(b-1) equal buckets, so a bucket is never wider than
 * 1/2^(b-1) of its lower bound (b = 8 for 2 significant digits: < 0.8 %; b = 11 for 3: < 0.1 %).
 *
 *   µs: 0 1 2 … 255 | 256 258 … 510 | 512 516 … 1020 | 1024 1032 …
 *       width 1       width 2         width 4          width 8
 */

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly mean: number;
  readonly max: number;
}

export interface LatencyHistogramOptions {
  /** Decimal digits of precision: 2 keeps percentiles within 1 %, 3 within 0.1 %. Default 2. */
  readonly significantDigits?: 2 | 3;
  /** Largest value resolved in ms; larger ones count in the top bucket (max() stays exact). Default one day. */
  readonly maxValueMs?: number;
}

const microsecondsPerMs = 1000;
const twoTo32 = 0x100000000;

/** The 1-based nearest rank of percentile p among `count` sorted values (p = 0 means the smallest). */
export function nearestRank(p: number, count: number): number {
  // The epsilon keeps 99.9 % of 1000 at rank 999 despite 99.9 not being exact in binary.
  return Math.min(count, Math.max(1, Math.ceil((p / 100) * count - 1e-9)));
}

export class LatencyHistogram {
  readonly significantDigits: 2 | 3;
  readonly maxValueMs: number;
  private readonly subBucketBits: number;
  private readonly subBucketCount: number;
  private readonly halfCount: number;
  private readonly maxUs: number;
  private counts: Float64Array;
  private total = 0;
  private sumMs = 0;
  private minMs = Infinity;
  private maxMs = -Infinity;

  constructor(options: LatencyHistogramOptions = {}) {
    const significantDigits = options.significantDigits ?? 2;
    if (significantDigits !== 2 && significantDigits !== 3) {
      throw new Error(`LatencyHistogram: significantDigits must be 2 or 3, got ${String(significantDigits)}`);
    }
    const maxValueMs = options.maxValueMs ?? 86_400_000;
    if (!(Number.isFinite(maxValueMs) && maxValueMs >= 1 && maxValueMs * microsecondsPerMs <= Number.MAX_SAFE_INTEGER)) {
      throw new Error(`LatencyHistogram: maxValueMs must be between 1 and 2^53 µs, got ${maxValueMs}`);
    }
    this.significantDigits = significantDigits;
    this.maxValueMs = maxValueMs;
    this.subBucketBits = Math.ceil(Math.log2(2 * 10 ** significantDigits));
    this.subBucketCount = 2 ** this.subBucketBits;
    this.halfCount = this.subBucketCount / 2;
    this.maxUs = Math.round(maxValueMs * microsecondsPerMs);
    this.counts = new Float64Array(this.indexOf(this.maxUs) + 1);
  }

  record(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`LatencyHistogram.record: ms must be a finite number >= 0, got ${ms}`);
    const us = Math.min(this.maxUs, Math.round(ms * microsecondsPerMs));
    (this.counts[this.indexOf(us)] as number) += 1;
    this.total++;
    this.sumMs += ms;
    if (ms < this.minMs) this.minMs = ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  count(): number {
    return this.total;
  }

  /**
   * The nearest-rank percentile p ∈ [0, 100] in ms, as the middle of its bucket kept within
   * [min, max]; NaN when nothing was recorded.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new Error(`LatencyHistogram.percentile: p must be in [0, 100], got ${p}`);
    if (this.total === 0) return Number.NaN;
    const rank = nearestRank(p, this.total);
    let seen = 0;
    for (let index = 0; index < this.counts.length; index++) {
      seen += this.counts[index] as number;
      if (seen >= rank) {
        const { lowUs, widthUs } = this.bucket(index);
        const middleMs = (lowUs + (widthUs - 1) / 2) / microsecondsPerMs;
        return Math.min(this.maxMs, Math.max(this.minMs, middleMs));
      }
    }
    return this.maxMs;
  }

  /** Exact mean of the recorded values in ms (not bucketed); NaN when empty. */
  mean(): number {
    return this.total === 0 ? Number.NaN : this.sumMs / this.total;
  }

  /** Exact smallest value in ms; NaN when empty. */
  min(): number {
    return this.total === 0 ? Number.NaN : this.minMs;
  }

  /** Exact largest value in ms; NaN when empty. */
  max(): number {
    return this.total === 0 ? Number.NaN : this.maxMs;
  }

  /** Adds another histogram's values; both must have the same significantDigits and maxValueMs. */
  merge(other: LatencyHistogram): void {
    if (other.significantDigits !== this.significantDigits || other.maxValueMs !== this.maxValueMs) {
      throw new Error(
        `LatencyHistogram.merge: other must have the same significantDigits and maxValueMs (${this.significantDigits}, ${this.maxValueMs}), got (${other.significantDigits}, ${other.maxValueMs})`,
      );
    }
    for (let i = 0; i < this.counts.length; i++) (this.counts[i] as number) += other.counts[i] as number;
    this.total += other.total;
    this.sumMs += other.sumMs;
    this.minMs = Math.min(this.minMs, other.minMs);
    this.maxMs = Math.max(this.maxMs, other.maxMs);
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumMs = 0;
    this.minMs = Infinity;
    this.maxMs = -Infinity;
  }

  /** The figures a latency chart shows, in ms (NaN fields, which JSON prints as null, when empty). */
  summary(): LatencySummary {
    return {
      count: this.total,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      mean: this.mean(),
      max: this.max(),
    };
  }

  private indexOf(us: number): number {
    if (us < this.subBucketCount) return us;
    const bits = us < twoTo32 ? 32 - Math.clz32(us) : 64 - Math.clz32(Math.floor(us / twoTo32));
    const shift = bits - this.subBucketBits;
    const sub = us < twoTo32 ? us >>> shift : Math.floor(us / 2 ** shift);
    return this.subBucketCount + (shift - 1) * this.halfCount + (sub - this.halfCount);
  }

  private bucket(index: number): { lowUs: number; widthUs: number } {
    if (index < this.subBucketCount) return { lowUs: index, widthUs: 1 };
    const k = index - this.subBucketCount;
    const widthUs = 2 ** (Math.floor(k / this.halfCount) + 1);
    return { lowUs: (this.halfCount + (k % this.halfCount)) * widthUs, widthUs };
  }
}

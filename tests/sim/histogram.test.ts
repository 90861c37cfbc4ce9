import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LatencyHistogram, nearestRank } from '../../src/sim/histogram.ts';
import { createPrng } from '../../src/sim/prng.ts';
import { parseDistribution, sampleDistribution } from '../../src/sim/distribution.ts';

const exactPercentile = (sorted: readonly number[], p: number): number => sorted[nearestRank(p, sorted.length) - 1] as number;

/** Relative error bound plus half a microsecond of rounding. */
const within = (estimate: number, exact: number, relative: number): boolean => Math.abs(estimate - exact) <= relative * exact + 0.0005;

const latencyArb = fc.oneof(
  fc.double({ min: 0, max: 100, noNaN: true }),
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.integer({ min: 0, max: 5000 }).map((us) => us / 1000),
);
const percentileArb = fc.oneof(fc.constantFrom(0, 50, 90, 99, 99.9, 100), fc.double({ min: 0, max: 100, noNaN: true }));

describe('LatencyHistogram', () => {
  it('keeps every percentile within 1 % of the exact one (2 significant digits)', () => {
    fc.assert(
      fc.property(fc.array(latencyArb, { minLength: 1, maxLength: 400 }), fc.array(percentileArb, { minLength: 1, maxLength: 8 }), (values, ps) => {
        const histogram = new LatencyHistogram();
        for (const v of values) histogram.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        for (const p of ps) {
          const estimate = histogram.percentile(p);
          const exact = exactPercentile(sorted, p);
          if (!within(estimate, exact, 0.01)) throw new Error(`p${p}: ${estimate} vs exact ${exact}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps percentiles within 0.1 % with 3 significant digits', () => {
    fc.assert(
      fc.property(fc.array(latencyArb, { minLength: 1, maxLength: 400 }), percentileArb, (values, p) => {
        const histogram = new LatencyHistogram({ significantDigits: 3 });
        for (const v of values) histogram.record(v);
        const exact = exactPercentile([...values].sort((a, b) => a - b), p);
        expect(within(histogram.percentile(p), exact, 0.001)).toBe(true);
      }),
    );
  });

  it('summarises a heavy-tailed latency like the paper’s SLA figures', () => {
    const histogram = new LatencyHistogram();
    const d = parseDistribution('mix(0.99:normal(10,2), 0.01:pareto(50,1.5))');
    const prng = createPrng(1, 'histogram');
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = sampleDistribution(d, prng);
      values.push(v);
      histogram.record(v);
    }
    values.sort((a, b) => a - b);
    const summary = histogram.summary();
    expect(summary.count).toBe(100_000);
    for (const [p, key] of [[50, 'p50'], [90, 'p90'], [99, 'p99'], [99.9, 'p999']] as const) {
      expect(within(summary[key], exactPercentile(values, p), 0.01)).toBe(true);
    }
    expect(summary.max).toBe(values[values.length - 1]);
    expect(summary.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
    expect(summary.p999).toBeGreaterThan(summary.p50 * 3);
  });

  it('reports exact min, max and mean, and clamps percentiles into [min, max]', () => {
    const histogram = new LatencyHistogram();
    for (const v of [12.3456, 12.3456, 12.3456]) histogram.record(v);
    expect(histogram.min()).toBe(12.3456);
    expect(histogram.max()).toBe(12.3456);
    expect(histogram.percentile(50)).toBe(12.3456);
    expect(histogram.mean()).toBeCloseTo(12.3456, 10);
  });

  it('merges like recording everything in one', () => {
    fc.assert(
      fc.property(fc.array(latencyArb), fc.array(latencyArb), (a, b) => {
        const left = new LatencyHistogram();
        const right = new LatencyHistogram();
        const both = new LatencyHistogram();
        a.forEach((v) => (left.record(v), both.record(v)));
        b.forEach((v) => (right.record(v), both.record(v)));
        left.merge(right);
        expect(left.count()).toBe(both.count());
        expect(left.min()).toBe(both.min());
        expect(left.max()).toBe(both.max());
        for (const p of [0, 50, 99, 100]) expect(left.percentile(p)).toBe(both.percentile(p));
      }),
    );
    expect(() => new LatencyHistogram().merge(new LatencyHistogram({ significantDigits: 3 }))).toThrow(/significantDigits/);
  });

  it('is empty (NaN) before recording and after reset', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentile(99)).toBeNaN();
    expect(histogram.summary()).toEqual({ count: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, mean: NaN, max: NaN });
    histogram.record(5);
    histogram.reset();
    expect(histogram.count()).toBe(0);
    expect(histogram.max()).toBeNaN();
  });

  it('counts values above maxValueMs in the top bucket but keeps max exact', () => {
    const histogram = new LatencyHistogram({ maxValueMs: 1000 });
    histogram.record(5);
    histogram.record(5000);
    expect(histogram.max()).toBe(5000);
    expect(histogram.percentile(100)).toBeGreaterThanOrEqual(990);
    expect(histogram.percentile(100)).toBeLessThanOrEqual(5000);
  });

  it('refuses bad input by name', () => {
    const histogram = new LatencyHistogram();
    expect(() => histogram.record(-1)).toThrow(/ms must be/);
    expect(() => histogram.record(Number.NaN)).toThrow(/ms must be/);
    expect(() => histogram.percentile(101)).toThrow(/p must be/);
    expect(() => new LatencyHistogram({ significantDigits: 4 as 2 })).toThrow(/significantDigits/);
    expect(() => new LatencyHistogram({ maxValueMs: 0 })).toThrow(/maxValueMs/);
  });

  it('uses fixed memory however many values it sees', () => {
    const histogram = new LatencyHistogram();
    const before = (histogram as unknown as { counts: Float64Array }).counts.length;
    const prng = createPrng(2, 'mem');
    for (let i = 0; i < 200_000; i++) histogram.record(prng.next() * 1e7);
    expect((histogram as unknown as { counts: Float64Array }).counts.length).toBe(before);
    expect(before).toBeLessThan(5000);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DistributionSyntaxError,
  formatDistribution,
  meanOf,
  minOf,
  parseDistribution,
  sampleDistribution,
  type Distribution,
} from '../../src/sim/distribution.ts';
import { createPrng } from '../../src/sim/prng.ts';

function syntaxError(spec: string): DistributionSyntaxError {
  try {
    parseDistribution(spec);
  } catch (error) {
    if (error instanceof DistributionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${spec} to be refused`);
}

const positive = fc.double({ min: 1e-3, max: 1e4, noNaN: true });
const nonNegative = fc.oneof(fc.constant(0), positive);
const anyFinite = fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((x) => (x === 0 ? 0 : x));

const distributionArb: fc.Arbitrary<Distribution> = fc.letrec<{ dist: Distribution }>((tie) => ({
  dist: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('const' as const), ms: nonNegative }),
    fc.tuple(nonNegative, nonNegative).map(([a, b]): Distribution => ({ kind: 'uniform', lo: Math.min(a, b), hi: Math.max(a, b) })),
    fc.record({ kind: fc.constant('exp' as const), ratePerMs: positive }),
    fc.record({ kind: fc.constant('normal' as const), mean: anyFinite, sd: nonNegative }),
    fc.record({ kind: fc.constant('lognormal' as const), mu: anyFinite, sigma: nonNegative }),
    fc.record({ kind: fc.constant('pareto' as const), xm: positive, alpha: positive }),
    // Weights that are exact in binary so they sum to 1 exactly.
    fc.array(tie('dist'), { minLength: 1, maxLength: 4 }).map((dists): Distribution => ({
      kind: 'mix',
      parts: dists.map((dist, i) => ({ weight: i === dists.length - 1 ? 1 - (dists.length - 1) * 0.125 : 0.125, dist })),
    })),
    fc.record({ kind: fc.constant('shift' as const), dist: tie('dist'), ms: nonNegative }),
  ),
})).dist;

describe('the latency grammar', () => {
  it('reads each kind, with whitespace and exponent notation', () => {
    expect(parseDistribution('const(5)')).toEqual({ kind: 'const', ms: 5 });
    expect(parseDistribution(' uniform( 1 , 2.5 ) ')).toEqual({ kind: 'uniform', lo: 1, hi: 2.5 });
    expect(parseDistribution('exp(1e-3)')).toEqual({ kind: 'exp', ratePerMs: 0.001 });
    expect(parseDistribution('exponential(.5)')).toEqual({ kind: 'exp', ratePerMs: 0.5 });
    expect(parseDistribution('normal(10,2)')).toEqual({ kind: 'normal', mean: 10, sd: 2 });
    expect(parseDistribution('lognormal(-1,0.5)')).toEqual({ kind: 'lognormal', mu: -1, sigma: 0.5 });
    expect(parseDistribution('pareto(20, 1.5)')).toEqual({ kind: 'pareto', xm: 20, alpha: 1.5 });
  });

  it('reads the paper-style tail: a fast mode mixed with a heavy tail, shifted', () => {
    expect(parseDistribution('mix(0.9:normal(5,1), 0.1:pareto(20,1.5) + 3) + 1 + 0.5')).toEqual({
      kind: 'shift',
      ms: 0.5,
      dist: {
        kind: 'shift',
        ms: 1,
        dist: {
          kind: 'mix',
          parts: [
            { weight: 0.9, dist: { kind: 'normal', mean: 5, sd: 1 } },
            { weight: 0.1, dist: { kind: 'shift', ms: 3, dist: { kind: 'pareto', xm: 20, alpha: 1.5 } } },
          ],
        },
      },
    });
  });

  it('round-trips: parse(format(d)) deep-equals d', () => {
    fc.assert(
      fc.property(distributionArb, (d) => {
        expect(parseDistribution(formatDistribution(d))).toEqual(d);
      }),
    );
  });

  it('formats canonically', () => {
    expect(formatDistribution(parseDistribution('mix( 0.5 : uniform(1,2) ,0.5:exp(2))+1'))).toBe('mix(0.5:uniform(1, 2), 0.5:exp(2)) + 1');
  });
});

describe('syntax errors point at the column and say what was expected', () => {
  it.each([
    ['uniform(1,', 11, 'a number for HI in uniform(LO,HI)'],
    ['uniform(1 2)', 11, "',' after LO in uniform(LO,HI)"],
    ['uniform(1,2,3)', 12, "')' after HI in uniform(LO,HI)"],
    ['gauss(1,2)', 1, 'a distribution: const, uniform, exp, normal, lognormal, pareto or mix'],
    ['', 1, 'a distribution: const, uniform, exp, normal, lognormal, pareto or mix'],
    ['const 5', 7, "'(' after const in const(MS)"],
    ['const(5) x', 10, "'+' or the end of the spec"],
    ['const(5) +', 11, "a number of ms after '+'"],
    ['mix(0.5 const(1))', 9, "':' after weight P1 in mix(P1:DIST, P2:DIST, …)"],
    ['mix(0.5:const(1) 0.5:const(2))', 18, "',' or ')' after a part in mix(P1:DIST, P2:DIST, …)"],
    ['mix(0.5:const(1), 0.4:const(2))', 1, 'weights summing to 1 in mix(P1:DIST, P2:DIST, …)'],
    ['const(1e999)', 7, 'a number for MS in const(MS)'],
  ])('%s → column %i', (spec, column, expected) => {
    const error = syntaxError(spec);
    expect(error.column).toBe(column);
    expect(error.expected).toBe(expected);
    expect(error.message).toMatch(new RegExp(`^at column ${column}: expected `));
  });

  it.each([
    ['const(-1)', 7, 'MS >= 0 in const(MS)'],
    ['uniform(5, 1)', 12, 'HI >= LO in uniform(LO,HI)'],
    ['uniform(-1, 1)', 9, 'LO >= 0 in uniform(LO,HI)'],
    ['exp(0)', 5, 'RATE_PER_MS > 0 in exp(RATE_PER_MS)'],
    ['normal(5, -1)', 11, 'SD >= 0 in normal(MEAN,SD)'],
    ['lognormal(1, -1)', 14, 'SIGMA >= 0 in lognormal(MU,SIGMA)'],
    ['pareto(0, 1)', 8, 'XM > 0 in pareto(XM,ALPHA)'],
    ['pareto(1, 0)', 11, 'ALPHA > 0 in pareto(XM,ALPHA)'],
    ['const(1) + -2', 12, "a shift >= 0 after '+'"],
  ])('refuses out-of-range values: %s', (spec, column, expected) => {
    const error = syntaxError(spec);
    expect(error.column).toBe(column);
    expect(error.expected).toBe(expected);
  });

  it('accepts weights that sum to 1 within 1e-9', () => {
    expect(() => parseDistribution('mix(0.1:const(1), 0.2:const(2), 0.7:const(3))')).not.toThrow();
  });
});

describe('sampling', () => {
  const samples = 100_000;
  const sampleMean = (spec: string, seed = 1): { mean: number; min: number } => {
    const d = parseDistribution(spec);
    const prng = createPrng(seed, `dist:${spec}`);
    let sum = 0;
    let min = Infinity;
    for (let i = 0; i < samples; i++) {
      const x = sampleDistribution(d, prng);
      sum += x;
      min = Math.min(min, x);
    }
    return { mean: sum / samples, min };
  };

  it.each([
    ['const(7)', 7],
    ['uniform(2, 6)', 4],
    ['exp(0.5)', 2],
    ['normal(10, 2)', 10],
    ['lognormal(1, 0.5)', Math.exp(1.125)],
    ['pareto(2, 3)', 3],
    ['mix(0.25:const(4), 0.75:uniform(0, 8))', 4],
    ['exp(1) + 10', 11],
  ])('%s has a sample mean near %d and no sample below minOf', (spec, expected) => {
    const d = parseDistribution(spec);
    expect(meanOf(d)).toBeCloseTo(expected, 6);
    const { mean, min } = sampleMean(spec);
    expect(Math.abs(mean - expected)).toBeLessThan(0.03 * expected);
    expect(min).toBeGreaterThanOrEqual(minOf(d));
  });

  it('clamps a normal at 0 and its mean accounts for the clamp', () => {
    const d = parseDistribution('normal(0, 1)');
    expect(meanOf(d)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 6);
    const { mean, min } = sampleMean('normal(0, 1)');
    expect(min).toBe(0);
    expect(Math.abs(mean - 0.3989)).toBeLessThan(0.01);
  });

  it('pareto with alpha <= 1 has an infinite mean', () => {
    expect(meanOf(parseDistribution('pareto(1, 1)'))).toBe(Infinity);
  });

  it('is deterministic, and normal always draws twice so streams stay aligned', () => {
    const d = parseDistribution('mix(0.5:normal(5,1), 0.5:lognormal(1,1))');
    const a = createPrng(3, 'x');
    const b = createPrng(3, 'x');
    const run = (p: typeof a): number[] => Array.from({ length: 50 }, () => sampleDistribution(d, p));
    expect(run(a)).toEqual(run(b));
    const c = createPrng(4, 'y');
    const e = createPrng(4, 'y');
    sampleDistribution(parseDistribution('normal(5,1)'), c);
    sampleDistribution(parseDistribution('lognormal(1,1)'), e);
    expect(c.next()).toBe(e.next());
  });

  it('never samples below minOf, for any distribution', () => {
    fc.assert(
      fc.property(distributionArb, fc.nat(), (d, seed) => {
        const prng = createPrng(seed, 'min');
        const min = minOf(d);
        for (let i = 0; i < 20; i++) {
          const x = sampleDistribution(d, prng);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeGreaterThanOrEqual(min * (1 - 1e-12));
        }
      }),
    );
  });

  it('minOf is the tight lower bound of each shape', () => {
    expect(minOf(parseDistribution('uniform(3, 9) + 2'))).toBe(5);
    expect(minOf(parseDistribution('pareto(4, 2)'))).toBe(4);
    expect(minOf(parseDistribution('normal(5, 1)'))).toBe(0);
    expect(minOf(parseDistribution('exp(1)'))).toBe(0);
    expect(minOf(parseDistribution('mix(0.5:const(8), 0.5:uniform(3,4))'))).toBe(3);
  });
});

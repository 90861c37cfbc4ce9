/**
 * Latency distributions and their one-line grammar, shared by the UI's latency fields and the
 * CLI's flags; the network samples them per message (Dynamo §6 measures latency as tails, so the
 * model needs heavy-tailed and mixed shapes, not just a constant).
 *
 * Grammar (whitespace anywhere between tokens; every number is in ms, rates per ms):
 *
 *   dist  := term ('+' NUMBER)*            a fixed shift, may chain: exp(0.1) + 2
 *   term  := const(MS) | uniform(LO,HI) | exp(RATE_PER_MS) | normal(MEAN,SD)
 *          | lognormal(MU,SIGMA) | pareto(XM,ALPHA) | mix(P1:dist, P2:dist, …)
 *
 * `exponential` is accepted for `exp`. Mixture weights must sum to 1 (±1e-9).
 */
import type { Prng } from '../core/types.ts';
import { parseDistributionSpec } from './distribution-grammar.ts';

export type Distribution =
  /** Always `ms`. */
  | { readonly kind: 'const'; readonly ms: number }
  /** Uniform on [lo, hi] ms, 0 ≤ lo ≤ hi. */
  | { readonly kind: 'uniform'; readonly lo: number; readonly hi: number }
  /** Exponential with rate `ratePerMs` (mean 1/rate ms). */
  | { readonly kind: 'exp'; readonly ratePerMs: number }
  /** Normal with `mean` and standard deviation `sd` in ms, clamped at 0. */
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  /** exp(Normal(mu, sigma)) ms: `mu` and `sigma` are on the log scale. */
  | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number }
  /** Pareto with scale `xm` ms (the minimum) and shape `alpha`: the heavy tail. */
  | { readonly kind: 'pareto'; readonly xm: number; readonly alpha: number }
  /** Picks part i with probability `weight`; weights sum to 1. */
  | { readonly kind: 'mix'; readonly parts: readonly MixPart[] }
  /** `dist` plus a fixed `ms` ≥ 0. */
  | { readonly kind: 'shift'; readonly dist: Distribution; readonly ms: number };

export interface MixPart {
  readonly weight: number;
  readonly dist: Distribution;
}

/** A spec that does not parse or whose values are out of range, pointing at the spot. */
export class DistributionSyntaxError extends Error {
  /** 1-based column in the spec; one past the end when input ran out. */
  readonly column: number;
  /** What would have been valid there, e.g. "a number for HI in uniform(LO,HI)". */
  readonly expected: string;

  constructor(column: number, expected: string, found: string) {
    super(`at column ${column}: expected ${expected}, ${found}`);
    this.name = 'DistributionSyntaxError';
    this.column = column;
    this.expected = expected;
  }
}

/** Parses and validates a spec such as `mix(0.9:normal(5,1), 0.1:pareto(20,1.5)) + 1`. */
export function parseDistribution(spec: string): Distribution {
  if (typeof spec !== 'string') throw new Error(`parseDistribution: spec must be a string, got ${typeof spec}`);
  return parseDistributionSpec(spec, (column, expected, found) => new DistributionSyntaxError(column, expected, found));
}

/** Specs parsed by `sharedDistribution`; bounded, as a spec typed in the UI is parsed too. */
const parsedSpecs = new Map<string, Distribution>();
const PARSED_SPECS_KEPT = 256;

/**
 * `parseDistribution(spec)`, parsed once per spec and shared: every world builds its network from
 * the same few specs (a staleness probe builds a world per hundred trials). Callers must not
 * modify the result; a spec that does not parse throws every time.
 */
export function sharedDistribution(spec: string): Distribution {
  let d = parsedSpecs.get(spec);
  if (d === undefined) {
    d = parseDistribution(spec);
    if (parsedSpecs.size >= PARSED_SPECS_KEPT) parsedSpecs.clear();
    parsedSpecs.set(spec, d);
  }
  return d;
}

/** The canonical spec of `d`: `parseDistribution(formatDistribution(d))` deep-equals `d`. */
export function formatDistribution(d: Distribution): string {
  switch (d.kind) {
    case 'const':
      return `const(${d.ms})`;
    case 'uniform':
      return `uniform(${d.lo}, ${d.hi})`;
    case 'exp':
      return `exp(${d.ratePerMs})`;
    case 'normal':
      return `normal(${d.mean}, ${d.sd})`;
    case 'lognormal':
      return `lognormal(${d.mu}, ${d.sigma})`;
    case 'pareto':
      return `pareto(${d.xm}, ${d.alpha})`;
    case 'mix':
      return `mix(${d.parts.map((part) => `${part.weight}:${formatDistribution(part.dist)}`).join(', ')})`;
    case 'shift':
      return `${formatDistribution(d.dist)} + ${d.ms}`;
  }
}

/**
 * One sample in ms, never negative. Each kind draws a fixed number of values (normal and lognormal
 * always two, Box–Muller without caching the spare) so a stream's later draws do not depend on
 * which branch a sample took; a mix draws one more to choose its part.
 */
export function sampleDistribution(d: Distribution, prng: Prng): number {
  switch (d.kind) {
    case 'const':
      return d.ms;
    case 'uniform':
      return d.lo + (d.hi - d.lo) * prng.next();
    case 'exp':
      return -Math.log1p(-prng.next()) / d.ratePerMs;
    case 'normal':
      return Math.max(0, d.mean + d.sd * standardNormal(prng));
    case 'lognormal':
      return Math.exp(d.mu + d.sigma * standardNormal(prng));
    case 'pareto':
      return d.xm / Math.pow(1 - prng.next(), 1 / d.alpha);
    case 'mix': {
      const u = prng.next();
      let cumulative = 0;
      for (const part of d.parts) {
        cumulative += part.weight;
        if (u < cumulative) return sampleDistribution(part.dist, prng);
      }
      // Rounding can leave the weights' sum a hair under 1.
      const last = d.parts[d.parts.length - 1];
      return last === undefined ? 0 : sampleDistribution(last.dist, prng);
    }
    case 'shift':
      return sampleDistribution(d.dist, prng) + d.ms;
  }
}

/** The mean of the samples in ms (normal accounts for the clamp at 0); Infinity for pareto α ≤ 1. */
export function meanOf(d: Distribution): number | undefined {
  switch (d.kind) {
    case 'const':
      return d.ms;
    case 'uniform':
      return (d.lo + d.hi) / 2;
    case 'exp':
      return 1 / d.ratePerMs;
    case 'normal': {
      if (d.sd === 0) return Math.max(0, d.mean);
      // E[max(0, X)] for X ~ N(μ, σ²) = μΦ(μ/σ) + σφ(μ/σ).
      const z = d.mean / d.sd;
      return d.mean * normalCdf(z) + (d.sd * Math.exp(-z * z / 2)) / Math.sqrt(2 * Math.PI);
    }
    case 'lognormal':
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'pareto':
      return d.alpha > 1 ? (d.alpha * d.xm) / (d.alpha - 1) : Infinity;
    case 'mix': {
      let sum = 0;
      for (const part of d.parts) {
        if (part.weight === 0) continue;
        const mean = meanOf(part.dist);
        if (mean === undefined) return undefined;
        sum += part.weight * mean;
      }
      return sum;
    }
    case 'shift': {
      const mean = meanOf(d.dist);
      return mean === undefined ? undefined : mean + d.ms;
    }
  }
}

/** The greatest lower bound of the samples in ms: the scheduler's safe parallel-dispatch window. */
export function minOf(d: Distribution): number {
  switch (d.kind) {
    case 'const':
      return d.ms;
    case 'uniform':
      return d.lo;
    case 'exp':
      return 0;
    case 'normal':
      return d.sd === 0 ? Math.max(0, d.mean) : 0;
    case 'lognormal':
      return d.sigma === 0 ? Math.exp(d.mu) : 0;
    case 'pareto':
      return d.xm;
    case 'mix': {
      let min = Infinity;
      for (const part of d.parts) if (part.weight > 0) min = Math.min(min, minOf(part.dist));
      return min === Infinity ? 0 : min;
    }
    case 'shift':
      return minOf(d.dist) + d.ms;
  }
}

function standardNormal(prng: Prng): number {
  const u1 = prng.next();
  const u2 = prng.next();
  // 1 - u1 is in (0, 1], so the log is finite.
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** Φ(z) via Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for a displayed mean. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * A recursive-descent parser for the latency grammar documented in `distribution.ts`, with
 * column-precise errors so the UI can underline the bad spot (Dynamo §6 latency models).
 */
import type { Distribution, MixPart } from './distribution.ts';

type ErrorFactory = (column: number, expected: string, found: string) => Error;

interface Signature {
  readonly kind: Exclude<Distribution['kind'], 'mix' | 'shift'>;
  readonly params: readonly string[];
  readonly build: (args: readonly number[], check: (argIndex: number, ok: boolean, rule: string) => void) => Distribution;
}

const weightTolerance = 1e-9;

const signatures: Readonly<Record<string, Signature>> = {
  const: {
    kind: 'const',
    params: ['MS'],
    build: ([ms = 0], check) => (check(0, ms >= 0, 'MS >= 0'), { kind: 'const', ms }),
  },
  uniform: {
    kind: 'uniform',
    params: ['LO', 'HI'],
    build: ([lo = 0, hi = 0], check) => (check(0, lo >= 0, 'LO >= 0'), check(1, hi >= lo, 'HI >= LO'), { kind: 'uniform', lo, hi }),
  },
  exp: {
    kind: 'exp',
    params: ['RATE_PER_MS'],
    build: ([ratePerMs = 0], check) => (check(0, ratePerMs > 0, 'RATE_PER_MS > 0'), { kind: 'exp', ratePerMs }),
  },
  normal: {
    kind: 'normal',
    params: ['MEAN', 'SD'],
    build: ([mean = 0, sd = 0], check) => (check(1, sd >= 0, 'SD >= 0'), { kind: 'normal', mean, sd }),
  },
  lognormal: {
    kind: 'lognormal',
    params: ['MU', 'SIGMA'],
    build: ([mu = 0, sigma = 0], check) => (check(1, sigma >= 0, 'SIGMA >= 0'), { kind: 'lognormal', mu, sigma }),
  },
  pareto: {
    kind: 'pareto',
    params: ['XM', 'ALPHA'],
    build: ([xm = 0, alpha = 0], check) => (check(0, xm > 0, 'XM > 0'), check(1, alpha > 0, 'ALPHA > 0'), { kind: 'pareto', xm, alpha }),
  },
};
const aliases: Readonly<Record<string, string>> = { exponential: 'exp' };
const kindList = 'const, uniform, exp, normal, lognormal, pareto or mix';
const mixUsage = 'mix(P1:DIST, P2:DIST, …)';

const numberPattern = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const namePattern = /[A-Za-z_][A-Za-z0-9_]*/y;

export function parseDistributionSpec(spec: string, fail: ErrorFactory): Distribution {
  let pos = 0;

  const skipSpace = (): void => {
    while (pos < spec.length && /\s/.test(spec[pos] as string)) pos++;
  };
  const found = (): string => (pos >= spec.length ? 'found the end of the spec' : `found '${spec.slice(pos, pos + 12)}'`);
  const error = (expected: string): Error => fail(pos + 1, expected, found());
  const expectChar = (char: string, expected: string): void => {
    skipSpace();
    if (spec[pos] !== char) throw error(expected);
    pos++;
  };
  const readNumber = (expected: string): { value: number; column: number } => {
    skipSpace();
    numberPattern.lastIndex = pos;
    const match = numberPattern.exec(spec);
    if (match === null) throw error(expected);
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw fail(pos + 1, expected, `found '${match[0]}', which is not finite`);
    const column = pos + 1;
    pos += match[0].length;
    // -0 prints as "0"; normalise so format/parse round trips are exact.
    return { value: value === 0 ? 0 : value, column };
  };

  const parseTerm = (): Distribution => {
    skipSpace();
    namePattern.lastIndex = pos;
    const match = namePattern.exec(spec);
    if (match === null) throw error(`a distribution: ${kindList}`);
    const nameColumn = pos + 1;
    const name = aliases[match[0]] ?? match[0];
    if (name !== 'mix' && signatures[name] === undefined) throw error(`a distribution: ${kindList}`);
    pos += match[0].length;
    if (name === 'mix') return parseMix(nameColumn);
    const signature = signatures[name] as Signature;
    const usage = `${signature.kind}(${signature.params.join(',')})`;
    expectChar('(', `'(' after ${name} in ${usage}`);
    const args: { value: number; column: number }[] = [];
    signature.params.forEach((param, i) => {
      args.push(readNumber(`a number for ${param} in ${usage}`));
      const last = i === signature.params.length - 1;
      expectChar(last ? ')' : ',', `${last ? "')'" : "','"} after ${param} in ${usage}`);
    });
    return signature.build(
      args.map((arg) => arg.value),
      (argIndex, ok, rule) => {
        const arg = args[argIndex] as { value: number; column: number };
        if (!ok) throw fail(arg.column, `${rule} in ${usage}`, `found ${arg.value}`);
      },
    );
  };

  const parseMix = (nameColumn: number): Distribution => {
    expectChar('(', `'(' after mix in ${mixUsage}`);
    const parts: MixPart[] = [];
    for (;;) {
      const weight = readNumber(`a number for weight P${parts.length + 1} in ${mixUsage}`);
      if (!(weight.value >= 0 && weight.value <= 1)) {
        throw fail(weight.column, `a weight in [0, 1] in ${mixUsage}`, `found ${weight.value}`);
      }
      expectChar(':', `':' after weight P${parts.length + 1} in ${mixUsage}`);
      parts.push({ weight: weight.value, dist: parseDist() });
      skipSpace();
      if (spec[pos] === ')') break;
      if (spec[pos] !== ',') throw error(`',' or ')' after a part in ${mixUsage}`);
      pos++;
    }
    pos++;
    const sum = parts.reduce((total, part) => total + part.weight, 0);
    if (Math.abs(sum - 1) > weightTolerance) {
      throw fail(nameColumn, `weights summing to 1 in ${mixUsage}`, `found a sum of ${sum}`);
    }
    return { kind: 'mix', parts };
  };

  const parseDist = (): Distribution => {
    let dist = parseTerm();
    for (;;) {
      skipSpace();
      if (spec[pos] !== '+') return dist;
      pos++;
      const shift = readNumber("a number of ms after '+'");
      if (shift.value < 0) throw fail(shift.column, "a shift >= 0 after '+'", `found ${shift.value}`);
      dist = { kind: 'shift', dist, ms: shift.value };
    }
  };

  const dist = parseDist();
  skipSpace();
  if (pos < spec.length) throw error("'+' or the end of the spec");
  return dist;
}

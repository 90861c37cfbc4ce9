/**
 * What is wrong with a scenario file, said once: the path of the first bad field and a plain
 * sentence (design.md "Contracts": an invalid file is refused with the path of the first bad field).
 */
import type { z } from 'zod';

export interface ScenarioError {
  /** Where the problem is, e.g. `schedule[2].fault.node`; empty for the document itself. */
  path: string;
  /** One sentence, no path in it. */
  message: string;
}

export type PathPart = string | number;

/** `['schedule', 2, 'fault', 'node']` → `schedule[2].fault.node`. */
export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part);
      out += /^[A-Za-z_$][\w$]*$/.test(name)
        ? out === ''
          ? name
          : `.${name}`
        : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

export function scenarioError(
  path: readonly PropertyKey[] | string,
  message: string,
): ScenarioError {
  return { path: typeof path === 'string' ? path : formatPath(path), message };
}

/** `cluster.N: N (6) is larger than the cluster (5 nodes)`, or the bare message for the whole document. */
export function formatScenarioError(e: ScenarioError): string {
  return e.path === '' ? e.message : `${e.path}: ${e.message}`;
}

/** A refused scenario as an exception, for callers that throw (the CLI exits 2 on it). */
export class InvalidScenarioError extends Error {
  readonly path: string;
  constructor(
    readonly error: ScenarioError,
    /** Where the scenario came from, e.g. a file name, put in front of the message. */
    source?: string,
  ) {
    super(
      source === undefined
        ? formatScenarioError(error)
        : `${source}: ${formatScenarioError(error)}`,
    );
    this.name = 'InvalidScenarioError';
    this.path = error.path;
  }
}

/** Shows a value in a message: strings quoted, long things cut short. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const article = (noun: string): string => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

const typeNames: Record<string, string> = {
  int: 'whole number',
  object: 'object (in braces)',
  array: 'list',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return show(value);
}

/** Turns zod's first issue into our path and a plain sentence. */
export function fromZodIssue(issue: z.core.$ZodIssue): ScenarioError {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeNames[issue.expected] ?? issue.expected;
      if (input === undefined && !('received' in issue))
        return scenarioError(issue.path, `missing; expected ${article(expected)}`);
      const got = 'received' in issue && issue.received === 'Infinity' ? 'Infinity' : typeOf(input);
      return scenarioError(issue.path, `expected ${article(expected)}, got ${got}`);
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      if (issue.origin === 'array')
        return scenarioError(
          issue.path,
          small
            ? `needs at least ${String(bound)} item(s)`
            : `holds at most ${String(bound)} item(s)`,
        );
      if (issue.origin === 'string')
        return scenarioError(
          issue.path,
          small ? 'must not be empty' : `is longer than ${String(bound)} characters`,
        );
      const relation = small
        ? issue.inclusive
          ? 'at least'
          : 'more than'
        : issue.inclusive
          ? 'at most'
          : 'less than';
      return scenarioError(issue.path, `must be ${relation} ${String(bound)} (got ${show(input)})`);
    }
    case 'invalid_value':
      return scenarioError(
        issue.path,
        `must be ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map(show).join(', ')}`} (got ${show(input)})`,
      );
    case 'unrecognized_keys':
      return scenarioError(
        [...issue.path, issue.keys[0] ?? '?'],
        'unknown field (check its spelling)',
      );
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const got = (input as Record<string, unknown> | undefined)?.[issue.discriminator];
        const options = (issue as { options?: unknown[] }).options ?? [];
        return scenarioError(
          issue.path,
          `${got === undefined ? 'missing' : `unknown kind ${show(got)}`}; expected one of ${options.join(', ')}`,
        );
      }
      return scenarioError(
        issue.path,
        issue.message === 'Invalid input'
          ? `has the wrong shape (got ${typeOf(input)})`
          : issue.message,
      );
    }
    default:
      return scenarioError(issue.path, issue.message);
  }
}

/**
 * The flag parser every `npm run cli -- <command>` shares: `--name value`, `--name=value`,
 * repeated flags collected into lists, booleans such as `--json`. Bad input throws a
 * CliUsageError whose one-line message names the flag (design.md, "Contracts").
 */

/** Bad command-line input; main prints the message on one line and exits with code 2. */
export class CliUsageError extends Error {
  /** The flag at fault, without dashes, when there is one. */
  readonly flag: string | undefined;
  constructor(message: string, flag?: string) {
    super(message);
    this.name = 'CliUsageError';
    this.flag = flag;
  }
}

export type FlagType = 'string' | 'number' | 'integer' | 'boolean';

export interface FlagSpec {
  readonly type: FlagType;
  /** Collect every occurrence into a list instead of refusing a second one. */
  readonly repeated?: boolean;
  /** One line for usage text. */
  readonly description?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ScalarOf<F extends FlagSpec> = F['type'] extends 'number' | 'integer' ? number : string;

/** Booleans are always present (false when absent); repeated flags are lists; others may be undefined. */
export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K] extends { repeated: true }
      ? ScalarOf<S[K]>[]
      : ScalarOf<S[K]> | undefined;
};

export interface ParsedArgs<S extends FlagSpecs> {
  flags: ParsedFlags<S>;
  /** Words that are not flags, and everything after a bare `--`. */
  positionals: string[];
}

export function parseArgs<const S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
): ParsedArgs<S> {
  const values = new Map<string, (string | number)[]>();
  const booleans = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      positionals.push(word);
      continue;
    }
    if (word === '-h' && specs.help?.type === 'boolean') {
      // The one short flag: `-h` is `--help` wherever a command has --help.
      booleans.add('help');
      continue;
    }
    const equals = word.indexOf('=');
    const name = word.slice(word.startsWith('--') ? 2 : 1, equals < 0 ? undefined : equals);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec || !word.startsWith('--'))
      throw new CliUsageError(
        `unknown flag ${word.slice(0, equals < 0 ? undefined : equals)}`,
        name,
      );
    const inline = equals < 0 ? undefined : word.slice(equals + 1);
    if (spec.type === 'boolean') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw new CliUsageError(
          `--${name} takes no value, or =true / =false (got ${JSON.stringify(inline)})`,
          name,
        );
      }
      if (inline === 'false') booleans.delete(name);
      else booleans.add(name);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new CliUsageError(`--${name} needs a value`, name);
      raw = next;
      i++;
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeated)
      throw new CliUsageError(`--${name} was given more than once`, name);
    list.push(convert(name, spec.type, raw));
    values.set(name, list);
  }
  const flags: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const list = values.get(name) ?? [];
    flags[name] = spec.type === 'boolean' ? booleans.has(name) : spec.repeated ? list : list[0];
  }
  return { flags: flags as ParsedFlags<S>, positionals };
}

/**
 * Splits a comma-separated flag value (`A,B,C`): spaces around items and one trailing comma are
 * let go; any other empty item (`1,,2`) is refused, worded as the experiment forms word it.
 */
export function splitList(flag: string, value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.length > 1 && items.at(-1) === '') items.pop();
  const empty = items.indexOf('');
  if (empty >= 0)
    throw new CliUsageError(
      `--${flag}: item ${empty + 1} is empty (got ${JSON.stringify(value)})`,
      flag,
    );
  return items;
}

/** Refuses a missing required flag. */
export function required<T>(flag: string, value: T | undefined): T {
  if (value === undefined) throw new CliUsageError(`--${flag} is required`, flag);
  return value;
}

/** Usage lines for a command's flags, for `--help` and error hints. */
export function describeFlags(specs: FlagSpecs): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const value = spec.type === 'boolean' ? '' : ` <${spec.type}>`;
      const repeat = spec.repeated ? ' (repeatable)' : '';
      return `  --${name}${value}${repeat}${spec.description ? `  ${spec.description}` : ''}`;
    })
    .join('\n');
}

function convert(name: string, type: FlagType, raw: string): string | number {
  if (type === 'string') return raw;
  // Decimal only: JavaScript's Number() would also take 0x3, 0b11 and Infinity.
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (type === 'integer' && !Number.isSafeInteger(value))
    throw new CliUsageError(`--${name} must be an integer (got ${JSON.stringify(raw)})`, name);
  if (!Number.isFinite(value))
    throw new CliUsageError(`--${name} must be a number (got ${JSON.stringify(raw)})`, name);
  return value;
}

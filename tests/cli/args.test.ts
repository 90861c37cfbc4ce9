import { describe, expect, it } from 'vitest';
import {
  CliUsageError,
  describeFlags,
  parseArgs,
  required,
  splitList,
} from '../../src/cli/args.ts';

const specs = {
  nodes: { type: 'string' },
  N: { type: 'integer' },
  rate: { type: 'number' },
  key: { type: 'string', repeated: true },
  json: { type: 'boolean' },
} as const;

function usageError(thunk: () => unknown): CliUsageError {
  try {
    thunk();
  } catch (error) {
    if (error instanceof CliUsageError) return error;
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

describe('the shared flag parser', () => {
  it('reads values, repeated flags, booleans and positionals', () => {
    const { flags, positionals } = parseArgs(
      [
        'run',
        '--nodes',
        'A,B',
        '--N=3',
        '--rate',
        '-2.5',
        '--key',
        'x',
        '--key',
        'y',
        '--json',
        '--',
        '--not-a-flag',
      ],
      specs,
    );
    expect(flags).toEqual({ nodes: 'A,B', N: 3, rate: -2.5, key: ['x', 'y'], json: true });
    expect(positionals).toEqual(['run', '--not-a-flag']);
  });

  it('leaves absent flags undefined, lists empty and booleans false', () => {
    expect(parseArgs([], specs).flags).toEqual({
      nodes: undefined,
      N: undefined,
      rate: undefined,
      key: [],
      json: false,
    });
    expect(parseArgs(['--json=false'], specs).flags.json).toBe(false);
  });

  it.each([
    [['--colour', 'red'], 'colour', 'unknown flag --colour'],
    [['-n', '3'], 'n', 'unknown flag -n'],
    [['--nodes'], 'nodes', '--nodes needs a value'],
    [['--nodes', '--json'], 'nodes', '--nodes needs a value'],
    [['--N', '2.5'], 'N', '--N must be an integer (got "2.5")'],
    [['--rate', 'fast'], 'rate', '--rate must be a number (got "fast")'],
    [['--rate', ''], 'rate', '--rate must be a number (got "")'],
    [['--N', '0x3'], 'N', '--N must be an integer (got "0x3")'],
    [['--rate', 'Infinity'], 'rate', '--rate must be a number (got "Infinity")'],
    [['--N', '1', '--N', '2'], 'N', '--N was given more than once'],
    [['--json=yes'], 'json', '--json takes no value, or =true / =false (got "yes")'],
  ])('%j is refused naming the flag', (argv, flag, message) => {
    const error = usageError(() => parseArgs(argv, specs));
    expect(error.flag).toBe(flag);
    expect(error.message).toBe(message);
  });

  it('splits lists and insists on required flags', () => {
    expect(splitList('nodes', 'A, B ,C')).toEqual(['A', 'B', 'C']);
    expect(usageError(() => splitList('nodes', 'A,,B')).message).toBe(
      '--nodes: item 2 is empty (got "A,,B")',
    );
    expect(usageError(() => required('nodes', undefined)).message).toBe('--nodes is required');
    expect(describeFlags(specs)).toMatch(/--key <string> \(repeatable\)/);
  });
});

describe('comma-separated lists', () => {
  it.each([
    ['1,,2', '--t: item 2 is empty (got "1,,2")'],
    [',1', '--t: item 1 is empty (got ",1")'],
    ['1, ,2', '--t: item 2 is empty (got "1, ,2")'],
    ['1,,', '--t: item 2 is empty (got "1,,")'],
    [',', '--t: item 1 is empty (got ",")'],
    ['', '--t: item 1 is empty (got "")'],
  ])('%j is refused naming the empty item', (value, message) => {
    const error = usageError(() => splitList('t', value));
    expect(error.flag).toBe('t');
    expect(error.message).toBe(message);
  });

  it('lets go of spaces around items and one trailing comma', () => {
    expect(splitList('t', '1, 2, ')).toEqual(['1', '2']);
    expect(splitList('t', '1,2,')).toEqual(['1', '2']);
  });
});

describe('-h', () => {
  it('is --help where a command has --help, and an unknown flag where it has not', () => {
    const withHelp = { ...specs, help: { type: 'boolean' } } as const;
    expect(parseArgs(['-h'], withHelp).flags.help).toBe(true);
    expect(usageError(() => parseArgs(['-h'], specs)).message).toBe('unknown flag -h');
  });
});

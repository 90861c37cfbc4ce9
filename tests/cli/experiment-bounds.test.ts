/** Flags out of order name the flag the person gave, and the other with its value. */
import { describe, expect, it } from 'vitest';
import { checkFlagBounds, quorumBounds, replicaBound } from '../../src/cli/experiment-bounds.ts';

const defaults = { nodes: 5, N: 3, R: 2, W: 2 };
const check = (flags: object) => () => checkFlagBounds([replicaBound, ...quorumBounds], flags, defaults);

describe('flags that bound each other', () => {
  it('blame --nodes when only --nodes was given', () => {
    expect(check({ nodes: 2 })).toThrow(/^--nodes: must be at least the default of --N \(3\):.*\(got 2\)$/);
  });
  it('blame --N when --N was given, naming --nodes and its value', () => {
    expect(check({ nodes: 2, N: 3 })).toThrow(/^--N: must be at most --nodes \(2\)/);
    expect(check({ N: 6 })).toThrow(/^--N: must be at most the default of --nodes \(5\)/);
  });
  it('blame --N lowered under the default R', () => {
    expect(check({ N: 1 })).toThrow(/^--N: must be at least the default of --R \(2\)/);
  });
  it('let pairs in order and flags that are not numbers through', () => {
    expect(check({ nodes: 3, N: 3, R: 3, W: 1 })).not.toThrow();
    expect(check({ nodes: undefined, json: true })).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, draftOf, formatNodes, parseNodes, validateSettings } from '../../../src/ui/store/settings-validation.ts';

const draft = (changes: Partial<ReturnType<typeof draftOf>>) => ({ ...draftOf(DEFAULT_SETTINGS), ...changes });

describe('cluster settings as typed', () => {
  it('accepts the defaults unchanged', () => {
    expect(validateSettings(draftOf(DEFAULT_SETTINGS))).toEqual({ errors: {}, settings: DEFAULT_SETTINGS });
  });

  it('reads nodes as a count or as names', () => {
    expect(parseNodes('3').nodes).toEqual(['n1', 'n2', 'n3']);
    expect(parseNodes('A, B C').nodes).toEqual(['A', 'B', 'C']);
    expect(parseNodes('A, A').error).toBe('Node name "A" appears twice');
    expect(parseNodes('0').error).toBe('Nodes must be between 1 and 128');
    expect(formatNodes(['n1', 'n2'])).toBe('2');
    expect(formatNodes(['A', 'B'])).toBe('A, B');
  });

  it('explains an N larger than the cluster, naming the cluster size', () => {
    expect(validateSettings(draft({ N: '7' })).errors.N).toBe('N must be at most the number of nodes (5)');
  });

  it('keeps R and W between 1 and N, naming N’s value and what was typed', () => {
    expect(validateSettings(draft({ R: '4' })).errors.R).toBe('R must be a whole number from 1 to N = 3, got 4');
    expect(validateSettings(draft({ W: '0' })).errors.W).toBe('W must be a whole number from 1 to N = 3, got 0');
    expect(validateSettings(draft({ N: '2', R: '2', W: '1' })).settings?.N).toBe(2);
  });

  it('tells a fraction from text from nothing in R and W', () => {
    expect(validateSettings(draft({ R: '2.5' })).errors.R).toBe('R must be a whole number from 1 to N = 3, got 2.5');
    expect(validateSettings(draft({ W: 'abc' })).errors.W).toBe('W must be a whole number from 1 to N = 3, got "abc"');
    expect(validateSettings(draft({ R: ' ' })).errors.R).toBe('R must be a whole number from 1 to N = 3, got nothing');
    expect(validateSettings(draft({ N: '4', W: '5' })).errors.W).toBe('W must be a whole number from 1 to N = 4, got 5');
  });

  it('leaves N’s value out of R’s error while N itself is wrong', () => {
    const { errors } = validateSettings(draft({ N: '9', R: '0' }));
    expect(errors.N).toBe('N must be at most the number of nodes (5)');
    expect(errors.R).toBe('R must be a whole number from 1 to N, got 0');
    expect(validateSettings(draft({ N: 'x' })).errors.N).toBe('N must be a whole number of at least 1, got "x"');
  });

  it('refuses text where a number belongs, and says which field', () => {
    const { errors, settings } = validateSettings(draft({ partitionCount: 'lots', seed: '-1' }));
    expect(settings).toBeUndefined();
    expect(errors.partitionCount).toBe('Q (partitions) must be a whole number from 1 to 16384, got "lots"');
    expect(errors.seed).toBe('Seed must be a whole number from 0 to 4294967295, got -1');
  });

  it('needs at least one partition per node for strategy 3', () => {
    expect(validateSettings(draft({ nodes: '40' })).errors.partitionCount).toBe('Q must be at least the number of nodes (40) so each node holds a partition');
  });
});

describe('settings that only another strategy would refuse', () => {
  it('lets strategy 1 run 64 nodes even though Q = 30 is too small for strategy 3', () => {
    const checked = validateSettings(draft({ strategy: '1', nodes: '64' }));
    expect(checked.errors).toEqual({});
    expect(checked.settings?.nodes).toHaveLength(64);
  });
});

import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../../src/ui/share/active-scenario.ts';
import { DEFAULT_SETTINGS } from '../../../src/ui/store/settings-validation.ts';

describe('the notice of a change of settings', () => {
  it('names the fields and values as the settings form does', () => {
    expect(describeChanges(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, R: 1, W: 1 })).toBe('R 2 → 1, W 2 → 1');
    expect(
      describeChanges(DEFAULT_SETTINGS, {
        ...DEFAULT_SETTINGS,
        strategy: 2,
        tokensPerNode: 1,
        partitionCount: 12,
        quorumMode: 'strict',
        conflictResolution: 'lww',
      }),
    ).toBe('strategy 3 → 2, T 6 → 1, Q 30 → 12, quorum sloppy → strict, conflicts keep siblings → last writer wins');
  });

  it('gives the node list by its length, or says the nodes were renamed', () => {
    expect(describeChanges(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, nodes: ['n1', 'n2', 'n3', 'n4'] })).toBe('5 → 4 nodes');
    expect(describeChanges(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, nodes: ['A', 'B', 'C', 'D', 'E'] })).toBe('nodes renamed');
  });
});

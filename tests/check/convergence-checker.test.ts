import { describe, expect, it } from 'vitest';
import { checkConvergence, checkQuiet } from '../../src/check/convergence-checker.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import { forgeState, place, version } from './forge.ts';

describe('convergence after healing (§4.7, notes #27)', () => {
  it('holds when every home replica has the same siblings, whatever their order', () => {
    const state = forgeState(5);
    const a = version('book', 'n1', 1);
    const b = version('pen', 'n2', 1);
    place(state, 'cart', [a, b]);
    const [first] = homeReplicas(state.ring, 'cart', 3);
    place(state, 'cart', [b, a], [first!]);
    expect(checkConvergence(state)).toEqual([]);
  });

  it('fails when one home replica is behind, naming the key and what each replica holds', () => {
    const state = forgeState(5);
    place(state, 'cart', [version('book', 'n1', 2)]);
    const [, second] = homeReplicas(state.ring, 'cart', 3);
    place(state, 'cart', [version('book', 'n1', 1)], [second!]);
    const violations = checkConvergence(state);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ checker: 'convergence', key: 'cart' });
  });

  it('further rounds must transfer nothing', () => {
    expect(
      checkQuiet({ sinceMs: 0, untilMs: 100, antiEntropyKeys: 0, stores: 0, hintDeliveries: 0 }),
    ).toEqual([]);
    expect(
      checkQuiet({ sinceMs: 0, untilMs: 100, antiEntropyKeys: 3, stores: 1, hintDeliveries: 0 })[0]
        ?.message,
    ).toMatch(/moved 3 keys/);
  });
});

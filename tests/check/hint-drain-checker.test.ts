import { describe, expect, it } from 'vitest';
import { checkHintsDrained } from '../../src/check/hint-drain-checker.ts';
import { forgeState, hint, withNode } from './forge.ts';

describe('hinted handoff drains (§4.6)', () => {
  it('passes with empty hint stores and names the holder and owners otherwise', () => {
    const state = forgeState(5);
    expect(checkHintsDrained(state)).toEqual([]);
    const stuck = withNode(state, 'n4', { hints: [hint('cart', 'n2'), hint('pen', 'n1')] });
    expect(checkHintsDrained(stuck)).toEqual([
      {
        checker: 'hint-drain',
        node: 'n4',
        atMs: 1000,
        key: 'cart',
        message: 'n4 still holds 2 hints after recovery, for n1,n2',
      },
    ]);
  });
});

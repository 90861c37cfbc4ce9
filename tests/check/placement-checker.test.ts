import { describe, expect, it } from 'vitest';
import { checkPlacement, checkPreferenceLists } from '../../src/check/placement-checker.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import { forgeState, hint, place, version, withNode } from './forge.ts';

describe('placement (§4.3, §4.9)', () => {
  it('preference lists start with N distinct primaries, for every strategy-3 ring size', () => {
    for (const S of [3, 4, 7]) {
      const state = forgeState(S, 3);
      const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
      expect(checkPreferenceLists(state.ring, 3, keys)).toEqual([]);
    }
  });

  it('keys sit only on their home replicas', () => {
    const state = forgeState(5);
    place(state, 'cart', [version('book', 'n1', 1)]);
    expect(checkPlacement(state)).toEqual([]);
    const stranger = state.nodes.find((n) => !homeReplicas(state.ring, 'cart', 3).includes(n.id))!;
    place(state, 'cart', [version('book', 'n1', 1)], [stranger.id]);
    expect(checkPlacement(state)[0]).toMatchObject({
      checker: 'placement',
      node: stranger.id,
      key: 'cart',
    });
  });

  it('a node that left holds nothing, neither keys nor hints', () => {
    const base = forgeState(5);
    const left = {
      ...base,
      ring: {
        ...base.ring,
        nodes: base.ring.nodes.filter((n) => n.id !== 'n5'),
        tokens: base.ring.tokens,
      },
    };
    const state = withNode(left, 'n5', { status: 'left', hints: [hint('cart', 'n1')] });
    expect(checkPlacement(state).map((v) => v.message)).toContain(
      'n5 left the ring but still holds 0 keys and 1 hints',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { checkGossipAgreement } from '../../src/check/gossip-agreement-checker.ts';
import { forgeState, withNode } from './forge.ts';

describe('gossip agreement (§4.8.1)', () => {
  it('passes when every running member has the same view of the administrator’s ring', () => {
    expect(checkGossipAgreement(forgeState(5))).toEqual([]);
  });

  it('fails on a different digest or a view missing a member; crashed nodes are not asked', () => {
    const state = forgeState(5);
    expect(checkGossipAgreement(withNode(state, 'n2', { membershipDigest: 'd0' }))).toHaveLength(1);
    expect(
      checkGossipAgreement(withNode(state, 'n3', { members: ['n1', 'n2', 'n3'] }))[0]?.node,
    ).toBe('n3');
    expect(
      checkGossipAgreement(withNode(state, 'n2', { status: 'crashed', membershipDigest: 'd0' })),
    ).toEqual([]);
  });
});

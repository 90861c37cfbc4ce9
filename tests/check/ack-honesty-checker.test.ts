import { describe, expect, it } from 'vitest';
import { checkAckHonesty } from '../../src/check/ack-honesty-checker.ts';
import { recordedWorld } from '../../src/check/fuzz-run.ts';
import { makeSetup } from '../../src/sim/setup.ts';

function quietRun() {
  const r = recordedWorld(makeSetup({ nodes: 5, seed: 5 }));
  for (let i = 0; i < 6; i++) {
    r.world.inject({ kind: 'put', key: `k${i}`, value: 'v' });
    r.world.inject({ kind: 'get', key: `k${i}` }, r.world.nowMs() + 20);
    r.world.runFor(50);
  }
  r.world.runFor(1000);
  return r;
}

describe('acknowledgement honesty (§4.5, notes #17)', () => {
  it('every answered request had W acks or R replies in hand, proven by delivered messages', () => {
    const { world, evidence } = quietRun();
    expect(evidence.answered.length).toBe(12);
    expect(evidence.replies.filter((r) => r.ok)).toHaveLength(12);
    expect(checkAckHonesty(evidence, world.setup.cluster.node)).toEqual([]);
  });

  it('catches a request that counted a replica nobody heard from, and an ok reply without a quorum', () => {
    const { world, evidence } = quietRun();
    const first = evidence.answered[0]!;
    evidence.answered[0] = {
      ...first,
      evidence: [],
      observation: { ...first.observation, targets: [] },
    };
    evidence.replies.push({ node: 'n1', incarnation: 0, op: 'put', opId: 999, ok: true, atMs: 5 });
    const messages = checkAckHonesty(evidence, world.setup.cluster.node).map((v) => v.message);
    expect(messages.some((m) => /without an ack or reply/.test(m))).toBe(true);
    expect(messages.some((m) => /answered with 0 of 2/.test(m))).toBe(true);
    expect(messages).toContain(
      'n1 told the client put #999 succeeded, but no request machine there reached a quorum',
    );
  });
});

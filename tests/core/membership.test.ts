/**
 * Membership and failure detection through the real protocol (Dynamo §4.8): seeds keep two
 * separately joined groups from staying a logical partition, failure detection is each node's own
 * local view, and a node that is merely down changes no one's membership.
 */
import { describe, expect, it } from 'vitest';
import { emptyDiskImage, type Effect } from '../../src/core/effects.ts';
import { upMembers, viewFromRing, type MembershipView } from '../../src/core/membership.ts';
import type { Message } from '../../src/core/messages.ts';
import { DynamoNode } from '../../src/core/node.ts';
import { defaultNodeConfig } from '../../src/core/node-config.ts';
import { createRing } from '../../src/core/partitioning.ts';
import type { NodeId } from '../../src/core/types.ts';
import { cluster } from '../../src/runtime/cluster.ts';
import { createPrng } from '../../src/sim/prng.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';

/**
 * Nodes that each start from their own membership view, wired by a bare network (1 ms per hop,
 * timers in due order): the paper's two administrators joining A and B separately.
 */
function separatelyJoined(groups: readonly (readonly NodeId[])[], seeds: readonly NodeId[], seed: number) {
  const N = 2;
  const all = groups.flat();
  const whole = createRing({ params: { strategy: 1, tokensPerNode: 4 }, nodes: all.map((id) => ({ id })), N, prng: createPrng(seed, 'ring') });
  const viewOf = (group: readonly NodeId[]): MembershipView =>
    viewFromRing({ ...whole, nodes: whole.nodes.filter((n) => group.includes(n.id)), tokens: whole.tokens.filter((t) => group.includes(t.node)) });
  const config = { ...defaultNodeConfig, N, R: 1, W: 1, seeds, antiEntropy: false };
  const nodes = new Map<NodeId, DynamoNode>();
  for (const group of groups) {
    for (const id of group) nodes.set(id, new DynamoNode({ id, config, disk: emptyDiskImage(), membership: viewOf(group), prng: createPrng(seed, `node:${id}`) }));
  }
  type Pending = { atMs: number; seq: number; node: NodeId; message?: Message; timerId?: number };
  let queue: Pending[] = [];
  let seq = 0;
  let messageId = 1;
  const cleared = new Set<string>();
  const apply = (node: NodeId, nowMs: number, effects: Effect[]): void => {
    for (const e of effects) {
      if (e.kind === 'send') queue.push({ atMs: nowMs + 1, seq: seq++, node: e.to, message: { ...e.body, from: node, to: e.to, id: messageId++ } });
      else if (e.kind === 'set-timer') queue.push({ atMs: e.dueAtMs, seq: seq++, node, timerId: e.timerId });
      else if (e.kind === 'clear-timer') cleared.add(`${node}:${e.timerId}`);
    }
  };
  for (const [id, node] of nodes) apply(id, 0, node.start(0));
  return {
    nodes,
    runUntil(untilMs: number): void {
      for (;;) {
        queue.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
        const next = queue[0];
        if (!next || next.atMs > untilMs) return;
        queue = queue.slice(1);
        const node = nodes.get(next.node);
        if (!node) continue;
        if (next.message) apply(next.node, next.atMs, node.deliver(next.message, next.atMs));
        else if (next.timerId !== undefined && !cleared.delete(`${next.node}:${next.timerId}`)) apply(next.node, next.atMs, node.fire(next.timerId, next.atMs));
      }
    },
    membersOf: (id: NodeId): readonly NodeId[] => upMembers(nodes.get(id)!.membership()),
  };
}

describe('seeds (§4.8.2)', () => {
  const groups = [
    ['a1', 'a2', 'a3'],
    ['b1', 'b2', 'b3'],
  ];

  it('without seeds, two groups joined by different administrators never learn of each other', () => {
    const w = separatelyJoined(groups, [], 3);
    w.runUntil(60_000);
    expect(w.membersOf('a1')).toEqual(['a1', 'a2', 'a3']);
    expect(w.membersOf('b1')).toEqual(['b1', 'b2', 'b3']);
  });

  it('with a seed known to all, every node ends up with the whole ring', () => {
    const w = separatelyJoined(groups, ['a1'], 3);
    w.runUntil(60_000);
    for (const id of groups.flat()) expect(w.membersOf(id), id).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });
});

describe('failure detection is local (§4.8.3)', () => {
  it('A thinks B is down while C, who still hears B, does not; A keeps probing and takes B back', () => {
    const c = cluster({ nodes: 3, N: 3, R: 2, W: 2, seed: 51 });
    c.cut('n1', 'n2').cut('n2', 'n1');
    expect(c.await(c.put('cart', 'via A', { coordinator: 'n1' })).ok).toBe(true);
    expect(c.await(c.put('cart', 'via C', { coordinator: 'n3' })).ok).toBe(true);
    c.runFor(3000);
    expect(c.host.inspect('n1').unreachable).toEqual(['n2']);
    expect(c.host.inspect('n3').unreachable).toEqual([]);
    c.world.inject({ kind: 'restore', from: 'n1', to: 'n2' });
    c.world.inject({ kind: 'restore', from: 'n2', to: 'n1' });
    c.runFor(3000);
    expect(c.host.inspect('n1').unreachable).toEqual([]);
  });
});

describe('explicit membership (§4.8.1)', () => {
  it('a transient crash triggers no rebalancing: membership unchanged, no key moved', () => {
    const writes = { ...defaultWorkload, id: 'w', ratePerSec: 100, keyCount: 50, stopMs: 6000 };
    const c = cluster({ nodes: 5, seed: 52, node: { antiEntropyIntervalMs: 500 }, workloads: [writes] });
    c.runUntil(1000);
    const digest = c.host.inspect('n1').membershipDigest;
    c.crash('n2');
    c.runUntil(6000);
    for (const n of c.world.liveNodes()) {
      const s = c.host.inspect(n);
      expect(s.members, n).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
      expect(s.membershipDigest, n).toBe(digest);
      expect(s.keysHandedOff, n).toBe(0);
    }
    expect(c.world.trace.window().filter((r) => r.detail?.startsWith('transfer'))).toEqual([]);
    c.recover('n2');
    c.runFor(4000);
    expect(c.host.inspect('n2').membershipDigest).toBe(digest);
  });
});

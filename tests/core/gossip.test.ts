/**
 * Gossip-based membership through the real protocol (Dynamo §4.8.1): after an administrator joins
 * a node, each node contacting one random peer per second spreads the change until every node's
 * membership view is the same. The rounds this takes grow about with log n (paper notes #31).
 */
import { describe, expect, it } from 'vitest';
import { viewDigest } from '../../src/core/membership.ts';
import { cluster, type Cluster } from '../../src/runtime/cluster.ts';

const gossipIntervalMs = 1000;

function agreed(c: Cluster): boolean {
  const digests = new Set(c.world.liveNodes().map((n) => viewDigest(c.host.node(n).membership())));
  return digests.size === 1;
}

/** Gossip rounds (periods) from an administrator's join until every node's membership digest is equal. */
function roundsToAgree(nodes: number, seed: number): number {
  const c = cluster({ nodes, seed, node: { antiEntropy: false, gossipIntervalMs } });
  c.runUntil(2000);
  expect(agreed(c)).toBe(true);
  const joinedAtMs = c.now;
  c.join(`n${nodes + 1}`);
  expect(agreed(c)).toBe(false);
  while (!agreed(c)) {
    if (c.now - joinedAtMs > 60 * gossipIntervalMs) throw new Error(`no agreement within 60 rounds (${nodes} nodes, seed ${seed})`);
    c.runFor(gossipIntervalMs / 10);
  }
  return (c.now - joinedAtMs) / gossipIntervalMs;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('gossip agreement after a join (§4.8.1)', () => {
  it('takes a few rounds, growing about with log n: 8, 32 and 128 nodes', () => {
    const seeds = [1, 2, 3];
    const rounds = Object.fromEntries([8, 32, 128].map((n) => [n, mean(seeds.map((s) => roundsToAgree(n, s)))])) as Record<number, number>;
    console.info(`gossip rounds to agree after a join (mean of ${seeds.length} seeds):`, rounds);
    expect(rounds[8]).toBeLessThan(rounds[128]!);
    // log2(n) + ln(n) is the classic push-pull bound; allow twice that.
    for (const n of [8, 32, 128]) expect(rounds[n]).toBeLessThan(2 * (Math.log2(n) + Math.log(n)));
    // Sixteen times the nodes costs only a few more rounds, not sixteen times as many.
    expect(rounds[128]! / rounds[8]!).toBeLessThan(4);
  });
});

/**
 * Anti-entropy scheduling (Dynamo §4.7): a node walks the ranges it holds, one exchange per tick,
 * and takes each range's peers in turn, so no replica is left out for long — one that lost its
 * disk holds no key of the range and never starts an exchange for it itself.
 */
import { describe, expect, it } from 'vitest';
import { KeyRanges } from '../../src/core/key-ranges.ts';
import { defaultNodeConfig } from '../../src/core/node-config.ts';
import { NodeEnv } from '../../src/core/node-env.ts';
import { createRing } from '../../src/core/partitioning.ts';
import { ReplicaSync } from '../../src/core/replica-sync.ts';
import type { Key, Version } from '../../src/core/types.ts';
import { createPrng } from '../../src/sim/prng.ts';

describe('anti-entropy peers (§4.7)', () => {
  it('takes a range’s peers in turn, so every replica is asked within N - 1 rounds', () => {
    const ring = createRing({
      params: { strategy: 3, partitionCount: 8 },
      nodes: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }],
      N: 3,
      prng: createPrng(1, 'ring'),
    });
    const data = new Map<Key, readonly Version[]>();
    const read = (k: Key): readonly Version[] => data.get(k) ?? [];
    const merkle = { depth: defaultNodeConfig.merkleDepth, fanout: defaultNodeConfig.merkleFanout };
    const ranges = new KeyRanges(ring, 'n1', 3, merkle, read);
    const cart: Version = {
      value: 'book',
      clock: [{ node: 'n1', counter: 1, timestampMs: 0 }],
      writtenAtMs: 0,
      writer: 'n1',
    };
    data.set('cart', [cart]);
    ranges.changed('cart', [cart]);
    expect(ranges.heldRanges()).toHaveLength(1);
    for (const seed of [1, 2, 3, 4, 5]) {
      const env = new NodeEnv('n1', createPrng(seed, 'node:n1'));
      const store = { read, write: (k: Key, v: readonly Version[]) => data.set(k, v) };
      const sync = new ReplicaSync(
        env,
        ranges,
        store,
        () => true,
        60_000,
        () => undefined,
      );
      const asked: string[] = [];
      for (let i = 0; i < 6; i++) {
        sync.tick();
        for (const e of env.drain())
          if (e.kind === 'send' && e.body.kind === 'ae.compare') asked.push(e.to);
      }
      expect(new Set(asked.slice(0, 2))).toEqual(new Set(['n2', 'n3']));
      expect(asked).toEqual([...asked.slice(0, 2), ...asked.slice(0, 2), ...asked.slice(0, 2)]);
    }
  });
});

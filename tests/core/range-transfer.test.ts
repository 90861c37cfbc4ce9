/**
 * Key transfer on leave and join (Dynamo §4.9): the old holder drops a key only once every new
 * home replica confirmed holding what it holds. A version the key took after its copy was sent
 * must not be dropped with it.
 */
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/core/effects.ts';
import { NodeEnv } from '../../src/core/node-env.ts';
import { RangeTransfer } from '../../src/core/range-transfer.ts';
import type { Key, Version } from '../../src/core/types.ts';
import { reconcile } from '../../src/core/versions.ts';

const prng = { next: () => 0.5, nextUint32: () => 1 };

function version(node: string, counter: number, value: string): Version {
  return { value: [value], clock: [{ node, counter, timestampMs: counter }], writtenAtMs: counter, writer: node };
}

function setUp() {
  const env = new NodeEnv('n1', prng);
  const data = new Map<Key, readonly Version[]>();
  const store = {
    read: (key: Key) => data.get(key) ?? [],
    write: (key: Key, versions: readonly Version[]) => data.set(key, reconcile([...(data.get(key) ?? []), ...versions])),
    remove: (key: Key) => data.delete(key),
  };
  const transfer = new RangeTransfer(env, store);
  const sent = (): Effect[] => env.drain().filter((e) => e.kind === 'send');
  const offered = (): string[] =>
    sent().flatMap((e) => (e.kind === 'send' && e.body.kind === 'transfer.offer' ? [e.body.transferId] : []));
  /** Each key sent in transfer data since last asked, with how many versions it carried. */
  const carried = (): [Key, number][] =>
    sent().flatMap((e) => (e.kind === 'send' && e.body.kind === 'transfer.data' ? e.body.entries : [])).map(([k, vs]) => [k, vs.length]);
  return { transfer, store, data, offered, carried };
}

describe('range transfer (§4.9)', () => {
  it('drops a key once its new home confirmed the copy it was sent', () => {
    const { transfer, store, data, offered } = setUp();
    store.write('cart', [version('n1', 1, 'book')]);
    transfer.rebalance(new Map([['cart', ['n2']]]));
    const [id] = offered();
    transfer.onAccept(id!);
    transfer.onDone(id!, () => true);
    expect(data.has('cart')).toBe(false);
    expect(transfer.keysHandedOff).toBe(1);
  });

  it('keeps a key that took a new version after its copy was sent, and offers it again', () => {
    const { transfer, store, data, offered, carried } = setUp();
    store.write('cart', [version('n1', 1, 'book')]);
    transfer.rebalance(new Map([['cart', ['n2']]]));
    const [first] = offered();
    transfer.onAccept(first!);
    expect(carried()).toEqual([['cart', 1]]);
    // A put that still reached this node (its coordinator had not heard of the change yet).
    store.write('cart', [version('n3', 1, 'pen')]);
    transfer.onDone(first!, () => true);
    expect(data.get('cart')?.length).toBe(2);
    expect(transfer.keysHandedOff).toBe(0);

    transfer.rebalance(new Map([['cart', ['n2']]]));
    const [second] = offered();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    transfer.onAccept(second!);
    expect(carried()).toEqual([['cart', 2]]);
    transfer.onDone(second!, () => true);
    expect(data.has('cart')).toBe(false);
    expect(transfer.keysHandedOff).toBe(1);
  });

  it('offers a key again only to the home that confirmed an older copy than it now holds', () => {
    const { transfer, store, data, offered } = setUp();
    store.write('cart', [version('n1', 1, 'book')]);
    transfer.rebalance(new Map([['cart', ['n2', 'n3']]]));
    const ids = offered();
    expect(ids).toHaveLength(2);
    transfer.onAccept(ids[0]!);
    transfer.onDone(ids[0]!, () => true);
    // The second home is sent the newer version; the first confirmed only the older one.
    store.write('cart', [version('n1', 2, 'book+pen')]);
    transfer.onAccept(ids[1]!);
    transfer.onDone(ids[1]!, () => true);
    expect(data.has('cart')).toBe(true);
    // Offered again to the home that lacks the newer version only.
    transfer.rebalance(new Map([['cart', ['n2', 'n3']]]));
    const again = offered();
    expect(again).toHaveLength(1);
    expect(again[0]).toMatch(/^n1>n2#/);
    transfer.onAccept(again[0]!);
    transfer.onDone(again[0]!, () => true);
    expect(data.has('cart')).toBe(false);
  });

  it('offers a key again when its homes changed to nodes that all confirmed earlier copies', () => {
    const { transfer, store, data, offered } = setUp();
    const confirm = (id: string): void => {
      transfer.onAccept(id);
      transfer.onDone(id, () => true);
    };
    store.write('cart', [version('n1', 1, 'book')]);
    transfer.rebalance(new Map([['cart', ['n2', 'n4', 'n5']]]));
    const [toN2, toN4] = offered();
    confirm(toN2!);
    confirm(toN4!);
    // A join makes n3 a home in n4's place; n5 has not answered yet.
    transfer.rebalance(new Map([['cart', ['n2', 'n3', 'n5']]]));
    const [toN3] = offered();
    confirm(toN3!);
    expect(data.has('cart')).toBe(true);
    // n5 leaves: the homes are n2, n3 and n4, each of which confirmed a copy under an older ring.
    transfer.dropTargets((n) => n === 'n5');
    transfer.rebalance(new Map([['cart', ['n2', 'n3', 'n4']]]));
    const again = offered();
    expect(again).toHaveLength(3);
    for (const id of again) confirm(id);
    expect(data.has('cart')).toBe(false);
    expect(transfer.keysHandedOff).toBe(1);
  });
});

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

function setUp(self = 'n1') {
  const env = new NodeEnv(self, prng);
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
  return { env, transfer, store, data, offered, carried };
}

/** The bodies a node sent since last asked. */
function bodies(env: NodeEnv) {
  return env.drain().flatMap((e) => (e.kind === 'send' ? [e.body] : []));
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

  it('never loses a key two nodes with different views hand to each other (a leaver and a node that has not heard)', () => {
    // n8 is leaving: in its view n7 is the key's home. n7 has not heard yet: in its view n8 still is.
    const n8 = setUp('n8');
    const n7 = setUp('n7');
    const homeIn = { n8: 'n7', n7: 'n8' } as const;
    const misplacedAt = (self: 'n7' | 'n8') => (_key: Key) => homeIn[self] !== self;
    n8.store.write('cart', [version('n8', 2, 'book')]);
    n8.transfer.rebalance(new Map([['cart', ['n7']]]));
    const [fromN8] = bodies(n8.env);
    expect(fromN8?.kind).toBe('transfer.offer');
    const n8Id = fromN8?.kind === 'transfer.offer' ? fromN8.transferId : '';
    n8.transfer.onAccept(n8Id);
    const [data8] = bodies(n8.env);
    if (data8?.kind !== 'transfer.data') throw new Error('expected transfer data');
    n7.transfer.onData('n8', n8Id, data8.entries, misplacedAt('n7'));
    const [done7] = bodies(n7.env);
    // n7 stores the key but does not vouch for it: in its view it is not a home.
    expect(done7).toEqual({ kind: 'transfer.done', transferId: n8Id, declined: ['cart'] });
    expect(n7.data.has('cart')).toBe(true);

    // Meanwhile n7 hands the key to the home it believes in, n8, which takes it likewise.
    n7.transfer.rebalance(new Map([['cart', ['n8']]]));
    const [offer7] = bodies(n7.env);
    const n7Id = offer7?.kind === 'transfer.offer' ? offer7.transferId : '';
    n7.transfer.onAccept(n7Id);
    const [data7] = bodies(n7.env);
    if (data7?.kind !== 'transfer.data') throw new Error('expected transfer data');
    n8.transfer.onData('n7', n7Id, data7.entries, misplacedAt('n8'));
    const [done8] = bodies(n8.env);

    // Each confirmation arrives: neither counts, and both keep their copy.
    if (done7?.kind !== 'transfer.done' || done8?.kind !== 'transfer.done') throw new Error('expected confirmations');
    n8.transfer.onDone(n8Id, () => true, done7.declined);
    n7.transfer.onDone(n7Id, () => true, done8.declined);
    expect(n8.data.get('cart')?.map((v) => v.value)).toEqual([['book']]);
    expect(n7.data.get('cart')?.map((v) => v.value)).toEqual([['book']]);
    // Both offer again at their next gossip round.
    expect(n8.transfer.awaitingViews && n7.transfer.awaitingViews).toBe(true);

    // Once n7 hears of the change it is a home: it vouches, and only then does n8 drop its copy.
    n8.transfer.rebalance(new Map([['cart', ['n7']]]));
    const [again] = bodies(n8.env);
    const againId = again?.kind === 'transfer.offer' ? again.transferId : '';
    n8.transfer.onAccept(againId);
    const [dataAgain] = bodies(n8.env);
    if (dataAgain?.kind !== 'transfer.data') throw new Error('expected transfer data');
    n7.transfer.onData('n8', againId, dataAgain.entries, () => false);
    const [doneAgain] = bodies(n7.env);
    expect(doneAgain).toEqual({ kind: 'transfer.done', transferId: againId });
    n8.transfer.onDone(againId, () => true, []);
    expect(n8.data.has('cart')).toBe(false);
    expect(n8.transfer.awaitingViews).toBe(false);
    expect(n7.data.has('cart')).toBe(true);
  });
});

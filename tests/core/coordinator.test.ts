/**
 * Request coordination through the real protocol (Dynamo §4.4, §4.5, §4.6, §6.1, §6.4): version
 * clocks named after the coordinator, quorums that count the coordinator's own write, forwarding,
 * sloppy and strict quorums, client-driven coordination, last-writer-wins, buffered writes.
 */
import { describe, expect, it } from 'vitest';
import { cartUnion } from '../../src/core/conflict-resolution.ts';
import { Coordinator } from '../../src/core/coordinator.ts';
import { defaultNodeConfig, minTimerDelayMs } from '../../src/core/node-config.ts';
import type { VectorClock, Version } from '../../src/core/types.ts';
import { cluster } from '../../src/runtime/cluster.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';

/** A clock as (node, counter) pairs, timestamps left out: the paper's notation. */
const pairs = (clock: VectorClock | undefined): [string, number][] => (clock ?? []).map((e) => [e.node, e.counter]);

describe('Figure 3: a version evolving over time (§4.4)', () => {
  it('gives D1…D5 through writes coordinated by Sx, Sy and Sz', () => {
    const c = cluster({ nodes: ['Sx', 'Sy', 'Sz'], N: 3, R: 3, W: 3, seed: 11 });
    const d1 = c.await(c.put('cart', 'D1', { coordinator: 'Sx' }));
    expect(pairs(d1.clock)).toEqual([['Sx', 1]]);
    const d2 = c.await(c.put('cart', 'D2', { coordinator: 'Sx' }));
    expect(pairs(d2.clock)).toEqual([['Sx', 2]]);
    const d3 = c.await(c.put('cart', 'D3', { coordinator: 'Sy' }));
    expect(pairs(d3.clock)).toEqual([['Sx', 2], ['Sy', 1]]);
    // A different client that read D2 updates it through Sz.
    const d4 = c.await(c.put('cart', 'D4', { client: 'c2', context: d2.clock ?? [], coordinator: 'Sz' }));
    expect(pairs(d4.clock)).toEqual([['Sx', 2], ['Sz', 1]]);

    const read = c.await(c.get('cart', { client: 'c3', coordinator: 'Sx' }));
    expect(read.versions?.map((v) => v.value).sort()).toEqual(['D3', 'D4']);
    expect(pairs(read.context)).toEqual([['Sx', 2], ['Sy', 1], ['Sz', 1]]);

    const d5 = c.await(c.put('cart', 'D5', { client: 'c3', coordinator: 'Sx' }));
    expect(pairs(d5.clock)).toEqual([['Sx', 3], ['Sy', 1], ['Sz', 1]]);
    const after = c.await(c.get('cart', { client: 'c4' }));
    expect(after.versions?.map((v) => v.value)).toEqual(['D5']);
    c.runFor(200);
    for (const n of ['Sx', 'Sy', 'Sz']) expect(c.versionsOn(n, 'cart').map((v) => v.value)).toEqual(['D5']);
  });
});

describe('coordinating a put (§4.5)', () => {
  it('a put received by a node outside the top N is forwarded to a home replica', () => {
    const c = cluster({ nodes: 6, seed: 3 });
    const homes = c.homeReplicas('cart');
    const outsider = c.world.nodes().find((n) => !homes.includes(n));
    const r = c.await(c.put('cart', 'x', { coordinator: outsider }));
    expect(r.ok).toBe(true);
    expect(homes).toContain(r.coordinator);
    expect(c.versionsOn(outsider!, 'cart')).toEqual([]);
  });

  it('W counts the coordinator: W = 2 succeeds with the coordinator and one more replica', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 4, node: { quorumMode: 'strict' } });
    const [first, second, third] = c.homeReplicas('cart');
    c.crash(third!);
    expect(c.await(c.put('cart', 'x', { coordinator: first })).ok).toBe(true);
    c.crash(second!);
    // Only the coordinator is left of the three homes: one copy is not W = 2.
    const failed = c.await(c.put('cart', 'y', { coordinator: first }));
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/W=2/);
  });

  it('with W = 1 the coordinator\'s own write is enough, even under a strict quorum', () => {
    const c = cluster({ nodes: 5, N: 3, R: 1, W: 1, seed: 4, node: { quorumMode: 'strict' } });
    const [first, second, third] = c.homeReplicas('cart');
    c.crash(second!).crash(third!);
    expect(c.await(c.put('cart', 'x', { coordinator: first })).ok).toBe(true);
  });

  it('suspects silent replicas at the failure timeout and times the request out requestTimeoutMs after it began', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 3, seed: 6, node: { quorumMode: 'strict' } });
    const [first, , third] = c.homeReplicas('cart');
    c.crash(third!);
    const failed = c.await(c.put('cart', 'x', { coordinator: first }));
    expect(failed.ok).toBe(false);
    const records = c.world.trace.since(0);
    const began = records.find((r) => r.kind === 'deliver' && r.msg === 'client.put' && r.to === first);
    const timers = records.filter((r) => r.kind === 'timer' && r.node === first && r.timeMs > (began?.timeMs ?? 0));
    const { failureTimeoutMs, requestTimeoutMs } = defaultNodeConfig;
    // The detection point (a read-repair-window tag with the request's id negated), then the timeout.
    expect(timers.map((t) => t.detail)).toEqual(['read-repair-window', 'request-timeout']);
    expect(timers[0]!.timeMs).toBeCloseTo(began!.timeMs + failureTimeoutMs, 9);
    expect(timers[1]!.timeMs).toBeCloseTo(began!.timeMs + requestTimeoutMs, 9);
  });

  it('counts the timeout set at the detection point among the shortest timer delays the batches rely on', () => {
    expect(minTimerDelayMs(defaultNodeConfig)).toBe(defaultNodeConfig.readRepairWaitMs);
    expect(minTimerDelayMs({ ...defaultNodeConfig, failureTimeoutMs: 290, requestTimeoutMs: 300 })).toBe(10);
    expect(minTimerDelayMs({ ...defaultNodeConfig, failureTimeoutMs: 400, requestTimeoutMs: 300 })).toBe(defaultNodeConfig.readRepairWaitMs);
  });

  it('a strict quorum fails a put when fewer than W home replicas are reachable', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 5, node: { quorumMode: 'strict' } });
    const [first, second, third] = c.homeReplicas('cart');
    c.crash(second!).crash(third!);
    for (const coordinator of c.world.liveNodes()) {
      const r = c.await(c.put('cart', coordinator, { coordinator }));
      expect(r.ok, `via ${coordinator}`).toBe(false);
    }
    expect(c.world.liveNodes()).toContain(first);
  });

  it('a sloppy quorum with W = 1 accepts a write while any node is up (§4.6)', () => {
    const c = cluster({ nodes: 5, N: 3, R: 1, W: 1, seed: 6 });
    const nodes = c.world.nodes();
    for (const survivor of nodes) {
      for (const n of nodes) if (n !== survivor) c.crash(n);
      const r = c.await(c.put(`cart-${survivor}`, 'x', { coordinator: survivor }));
      expect(r.ok, `only ${survivor} up`).toBe(true);
      for (const n of nodes) if (n !== survivor) c.recover(n);
    }
  });
});

describe('client-driven coordination (§6.4)', () => {
  it('a workload whose clients coordinate succeeds and leaves every write on its home replicas', () => {
    const c = cluster({
      nodes: 5,
      seed: 8,
      workloads: [{ ...defaultWorkload, id: 'cd', coordination: 'client', ratePerSec: 200, keyCount: 20, stopMs: 2000 }],
    });
    c.runUntil(4000);
    const ops = c.world.metrics.ops;
    expect(ops.get.ok + ops.put.ok).toBeGreaterThan(300);
    expect(ops.get.failed + ops.put.failed).toBe(0);
    for (const key of c.world.truth.keys()) {
      for (const home of c.homeReplicas(key)) expect(c.versionsOn(home, key).length, `${key} on ${home}`).toBeGreaterThan(0);
    }
  });

  it('client-coordinated writes carry vector clocks named after storage nodes, not clients', () => {
    const c = cluster({
      nodes: 5,
      seed: 9,
      workloads: [{ ...defaultWorkload, id: 'cd', coordination: 'client', ratePerSec: 100, readFraction: 0.3, keyCount: 5, stopMs: 1000 }],
    });
    c.runUntil(2000);
    const nodes = new Set(c.world.nodes());
    for (const key of c.world.truth.keys()) {
      for (const home of c.homeReplicas(key)) {
        for (const v of c.versionsOn(home, key)) for (const e of v.clock) expect(nodes.has(e.node), e.node).toBe(true);
      }
    }
  });
});

describe('resolution and durability (§4.4, §6.1)', () => {
  it('last-writer-wins keeps one version where siblings would be two', () => {
    const run = (resolution: 'lww' | 'siblings') => {
      const c = cluster({ nodes: 5, seed: 10, node: { resolution } });
      const [a, b] = c.homeReplicas('cart');
      c.await(c.put('cart', 'first', { client: 'c1', coordinator: a }));
      c.await(c.put('cart', 'second', { client: 'c2', coordinator: b }));
      c.runFor(200);
      return { read: c.await(c.get('cart', { client: 'c3' })), stored: c.homeReplicas('cart').map((n) => c.versionsOn(n, 'cart').length) };
    };
    const lww = run('lww');
    expect(lww.read.versions?.map((v) => v.value)).toEqual(['second']);
    expect(lww.stored).toEqual([1, 1, 1]);
    expect(run('siblings').read.versions).toHaveLength(2);
  });

  it('a crash loses buffered writes not yet flushed; durable writes survive', () => {
    const run = (writeMode: 'buffered' | 'durable') => {
      const c = cluster({ nodes: 3, N: 3, R: 2, W: 3, seed: 12, node: { writeMode, flushIntervalMs: 60_000 } });
      expect(c.await(c.put('cart', 'x')).ok).toBe(true);
      for (const n of c.world.nodes()) c.crash(n);
      for (const n of c.world.nodes()) c.recover(n);
      return c.world.nodes().map((n) => c.versionsOn(n, 'cart').length);
    };
    expect(run('buffered')).toEqual([0, 0, 0]);
    expect(run('durable')).toEqual([1, 1, 1]);
  });
});

describe('the coordinator\'s clock counter (§4.4)', () => {
  /** A coordinator on storage node `self` whose local replica answers with `held`, and the versions it sent out. */
  function lonelyCoordinator(
    held: () => readonly Version[],
    resolution: 'siblings' | 'lww' = 'siblings',
    released = new Map<string, number>(),
  ) {
    const sent: Version[] = [];
    const ring = cluster({ nodes: 3, seed: 1 }).world.ring();
    let timer = 0;
    const coordinator = new Coordinator({
      self: 'n1',
      config: { ...defaultNodeConfig, resolution },
      nowMs: () => 0,
      send: (_to, body) => {
        if (body.kind === 'put.replica') sent.push(...body.versions);
      },
      setTimer: () => ++timer,
      clearTimer: () => undefined,
      observe: () => undefined,
      ring: () => ring,
      isReachable: () => true,
      markUnreachable: () => undefined,
      local: { read: () => held(), write: () => undefined },
      answer: () => undefined,
      releaseCounter: (key, counter) => released.set(key, counter),
    });
    return { coordinator, sent };
  }

  it('never reissues a counter for a key it no longer holds (Riak KV679)', () => {
    const { coordinator, sent } = lonelyCoordinator(() => []);
    coordinator.put(1, 'c1', 'cart', [], 'a');
    coordinator.put(2, 'c2', 'cart', [], 'b');
    const counters = [...new Set(sent.map((v) => v.clock[0]?.counter))];
    expect(counters).toEqual([1, 2]);
  });

  it('after a restart it starts above the counters of its own entries found on disk', () => {
    const { coordinator, sent } = lonelyCoordinator(() => []);
    coordinator.noteCounter(41);
    coordinator.put(1, 'c1', 'other-key', [], 'a');
    expect(sent[0]?.clock.map((e) => e.counter)).toEqual([42]);
  });

  it('keeps the paper\'s per-object counters while it holds the key', () => {
    const held: Version[] = [{ value: 'x', clock: [{ node: 'n1', counter: 3, timestampMs: 0 }], writtenAtMs: 0, writer: 'n1' }];
    const { coordinator, sent } = lonelyCoordinator(() => held);
    coordinator.noteCounter(99);
    coordinator.put(1, 'c1', 'cart', held[0]!.clock, 'y');
    expect(sent[0]?.clock.map((e) => e.counter)).toEqual([4]);
  });

  it('stays above the counters of versions it let go when an older copy of the key comes back (§4.6, §4.9)', () => {
    const at = (counter: number, value: string): Version => ({ value, clock: [{ node: 'n1', counter, timestampMs: 0 }], writtenAtMs: 0, writer: 'n1' });
    let held: Version[] = [at(12, 'handed off')];
    const { coordinator, sent } = lonelyCoordinator(() => held);
    // The key is handed off (or its hint delivered), then an older copy arrives as a hint.
    coordinator.forget('cart', held);
    held = [at(11, 'older')];
    coordinator.put(1, 'c1', 'cart', [], 'new');
    expect(sent[0]?.clock.map((e) => e.counter)).toEqual([13]);
  });

  it('keeps the counters of versions it let go across a restart: the released counter is on its disk (§4.4, §4.9)', () => {
    const at = (counter: number, value: string): Version => ({ value, clock: [{ node: 'n1', counter, timestampMs: 0 }], writtenAtMs: 0, writer: 'n1' });
    const persisted = new Map<string, number>();
    const before = lonelyCoordinator(() => [at(12, 'handed off')], 'siblings', persisted);
    before.coordinator.forget('cart', [at(12, 'handed off')]);
    expect([...persisted]).toEqual([['cart', 12]]);
    // The node restarts (a crash that kept its disk, or it left and joins again) and an older
    // copy of the key reaches it as a hint.
    const after = lonelyCoordinator(() => [at(11, 'older')]);
    after.coordinator.noteReleased(persisted);
    after.coordinator.put(1, 'c1', 'cart', [], 'new');
    expect(after.sent[0]?.clock.map((e) => e.counter)).toEqual([13]);
  });

  it('persists a counter ceiling once per 64 counters, and after a crash that kept its disk starts above it (last-writer-wins kept none of its counters)', () => {
    const c = cluster({ nodes: 3, N: 3, R: 2, W: 3, seed: 21, node: { resolution: 'lww' } });
    const first = c.await(c.put('cart', 'first', { client: 'c1', coordinator: 'n1' }));
    expect(pairs(first.clock)).toEqual([['n1', 1]]);
    // A later write through n2 that had not seen n1's wins everywhere: no copy of (n1,1) is left.
    c.await(c.put('cart', 'second', { client: 'c2', context: [], coordinator: 'n2' }));
    c.runFor(200);
    expect(c.versionsOn('n1', 'cart').map((v) => pairs(v.clock))).toEqual([[['n2', 1]]]);
    expect(c.host.disk('n1')?.counterCeiling).toBe(1 + 64);
    c.crash('n1').recover('n1').runFor(500);
    const third = c.await(c.put('cart', 'third', { client: 'c3', context: [], coordinator: 'n1' }));
    expect(pairs(third.clock)).toEqual([['n1', 66]]);
    expect(c.host.disk('n1')?.counterCeiling).toBe(66 + 64);
  });

  it('two puts with the same context through one coordinator are siblings, not ordered (dotted version vectors)', () => {
    const c = cluster({ nodes: 3, N: 3, R: 3, W: 3, seed: 13 });
    const first = c.await(c.put('cart', 'from c1', { client: 'c1', coordinator: 'n1' }));
    const second = c.await(c.put('cart', 'from c2', { client: 'c2', coordinator: 'n1' }));
    // The clocks alone would order them ([(n1,1)] < [(n1,2)]); the dots say neither saw the other.
    expect(pairs(first.clock)).toEqual([['n1', 1]]);
    expect(pairs(second.clock)).toEqual([['n1', 2]]);
    expect(first.dot).toEqual({ node: 'n1', counter: 1, base: 0 });
    expect(second.dot).toEqual({ node: 'n1', counter: 2, base: 0 });
    const read = c.await(c.get('cart', { client: 'c3' }));
    expect(read.versions?.map((v) => v.value).sort()).toEqual(['from c1', 'from c2']);
    expect(pairs(read.context)).toEqual([['n1', 2]]);
    // A put whose context covers both siblings collapses them (§4.4).
    const merged = c.await(c.put('cart', 'merged', { client: 'c3', coordinator: 'n1' }));
    expect(merged.dot).toEqual({ node: 'n1', counter: 3, base: 2 });
    c.runFor(200);
    for (const n of ['n1', 'n2', 'n3']) expect(c.versionsOn(n, 'cart').map((v) => v.value)).toEqual(['merged']);
  });

  it('§4.4 shopping cart: concurrent adds through one coordinator both survive the cart merge', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 3 });
    c.await(c.put('cart', ['book'], { client: 'alice', coordinator: 'n1' }));
    c.await(c.get('cart', { client: 'alice', coordinator: 'n1' }));
    c.await(c.get('cart', { client: 'bob', coordinator: 'n1' }));
    const pen = c.put('cart', ['book', 'pen'], { client: 'alice', coordinator: 'n1' });
    const mug = c.put('cart', ['book', 'mug'], { client: 'bob', coordinator: 'n1' });
    expect(c.await(pen).ok && c.await(mug).ok).toBe(true);
    expect(c.await(pen).dot?.base).toBe(1);
    expect(c.await(mug).dot?.base).toBe(1);
    const read = c.await(c.get('cart', { client: 'alice', coordinator: 'n1' }));
    const siblings = (read.versions ?? []).map((v) => v.value);
    expect(siblings).toHaveLength(2);
    expect(siblings).toEqual(expect.arrayContaining([['book', 'pen'], ['book', 'mug']]));
    c.await(c.put('cart', cartUnion(siblings), { client: 'alice', coordinator: 'n1' }));
    const after = c.await(c.get('cart', { client: 'bob', coordinator: 'n1' }));
    expect(after.versions?.map((v) => v.value)).toEqual([['book', 'mug', 'pen']]);
  });
});

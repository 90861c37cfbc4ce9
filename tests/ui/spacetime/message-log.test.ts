import { describe, expect, it } from 'vitest';
import { cluster } from '../../../src/runtime/cluster.ts';
import type { TraceRecord } from '../../../src/sim/trace-record.ts';
import { buildMessageLog, parseRequestDetail } from '../../../src/ui/spacetime/message-log.ts';

/** The messages an operation's arrows show, as `kind from>to`. */
function messagesOf(log: ReturnType<typeof buildMessageLog>, opId: number): string[] {
  return (log.operationsById.get(opId)?.messageIds ?? []).map((id) => {
    const a = log.arrowsById.get(id);
    return a ? `${a.kind} ${a.from}>${a.to}` : `missing #${id}`;
  });
}

describe('a put and a get read back from the trace (§4.5)', () => {
  const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
  c.runFor(50);
  const start = c.world.trace.count();
  const [home] = c.homeReplicas('cart');
  const put = c.put('cart', ['book'], { coordinator: home! });
  c.await(put);
  const get = c.get('cart');
  c.await(get);
  c.runFor(300);
  const log = buildMessageLog(c.world.trace.since(start));

  it('links the client request, N−1 replica writes, their acks and the reply to the put', () => {
    const messages = messagesOf(log, put);
    expect(messages[0]).toBe(`client.put c1>${home}`);
    expect(messages.filter((m) => m.startsWith('put.replica '))).toHaveLength(2);
    expect(messages.filter((m) => m.startsWith('put.replica-ack '))).toHaveLength(2);
    // W=2: the reply leaves with the first replica's ack, before the last one is in.
    expect(messages.filter((m) => m === `client.put-reply ${home}>c1`)).toHaveLength(1);
    expect(messages).toHaveLength(6);
    const span = log.operationsById.get(put);
    expect(span).toMatchObject({ kind: 'put', key: 'cart', client: 'c1', result: 'ok', stale: false });
  });

  it('links the get to its N replica reads, their replies and the answer with one version', () => {
    const messages = messagesOf(log, get);
    expect(messages.filter((m) => m.startsWith('get.replica '))).toHaveLength(3);
    expect(messages.filter((m) => m.startsWith('get.replica-reply '))).toHaveLength(3);
    expect(log.operationsById.get(get)).toMatchObject({ kind: 'get', result: 'ok', versions: 1 });
  });

  it('keeps background traffic (gossip) out of every operation', () => {
    const gossip = log.arrows.filter((a) => a.trafficClass === 'gossip');
    expect(gossip.length).toBeGreaterThan(0);
    expect(gossip.every((a) => a.opId === undefined)).toBe(true);
  });

  it('draws every delivered message from its send to its delivery, never backwards in time', () => {
    for (const a of log.arrows) {
      if (a.end === 'in-flight') continue;
      expect(a.endAtMs).toBeGreaterThanOrEqual(a.sentAtMs);
    }
  });

  it('follows each coordinator’s request machine through its states, tied to the operation', () => {
    const requests = [...log.requests.values()];
    const putRequest = requests.find((r) => r.op === 'put');
    expect(putRequest?.opId).toBe(put);
    expect(putRequest?.steps.map((s) => s.state)).toEqual(['waiting', 'succeeded', 'done']);
    const getRequest = requests.find((r) => r.op === 'get');
    expect(getRequest?.opId).toBe(get);
    expect(getRequest?.steps.map((s) => s.state)).toEqual(['waiting', 'read-repairing', 'done']);
  });
});

describe('messages that do not arrive', () => {
  it('end at the drop with its reason when the receiver has crashed', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 5 });
    c.runFor(20);
    const start = c.world.trace.count();
    const [first, second] = c.homeReplicas('cart');
    c.crash(second!);
    c.await(c.put('cart', ['book'], { coordinator: first! }));
    const log = buildMessageLog(c.world.trace.since(start));
    const dropped = log.arrows.filter((a) => a.end === 'dropped' && a.to === second);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]?.dropReason).toBe('crashed');
  });

  it('stay in flight with the due time the snapshot gives', () => {
    const records: TraceRecord[] = [{ index: 0, timeMs: 10, kind: 'send', from: 'n1', to: 'n2', msg: 'gossip.push', id: 9 }];
    const log = buildMessageLog(records, new Map([[9, 12.5]]));
    expect(log.arrowsById.get(9)).toMatchObject({ end: 'in-flight', sentAtMs: 10, endAtMs: 12.5, trafficClass: 'gossip' });
  });
});

describe('a coordinator that crashes and recovers (§4.8)', () => {
  it('keeps its earlier requests under their own names, once each, and numbers the new ones afresh', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
    c.runFor(50);
    const start = c.world.trace.count();
    const [home] = c.homeReplicas('cart');
    c.await(c.put('cart', ['book'], { coordinator: home! }));
    c.await(c.get('cart', { coordinator: home! }));
    c.crash(home!);
    c.runFor(100);
    c.recover(home!);
    c.runFor(300);
    c.crash(home!);
    c.runFor(100);
    c.recover(home!);
    c.runFor(300);
    c.await(c.put('cart', ['pen'], { coordinator: home! }));
    // This used to loop for ever: each retired request went back into the map it was read from.
    const log = buildMessageLog(c.world.trace.since(start));
    const mine = [...log.requests.values()].filter((r) => r.coordinator === home);
    expect(mine.map((r) => r.op)).toEqual(['put', 'get', 'put']);
    const [put, get, later] = mine;
    expect(put?.id).toMatch(new RegExp(`^${home}:\\d+@[\\d.]+$`));
    expect(get?.id).toMatch(/@/);
    expect(later?.id).toBe(`${home}:${later?.reqId}`);
    expect(new Set(mine.map((r) => r.id)).size).toBe(3);
  });
});

describe('request observations', () => {
  it('parse the world’s text, keys with spaces included', () => {
    expect(parseRequestDetail('request put my cart #3 waiting 1/2')).toEqual({ op: 'put', key: 'my cart', reqId: 3, state: 'waiting', replied: 1, needed: 2 });
    expect(parseRequestDetail('stored cart 1')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/messages.ts';
import { cluster } from '../../../src/runtime/cluster.ts';
import { pickRequest, requestProgress, stepCounts } from '../../../src/ui/inspect/request-progress.ts';
import { buildMessageLog } from '../../../src/ui/spacetime/message-log.ts';

describe('a coordinator’s request, live (§4.5, §4.6)', () => {
  it('shows a put with W=2 done, every home replica a target that replied', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
    const [home] = c.homeReplicas('cart');
    const put = c.put('cart', ['book'], { coordinator: home! });
    c.await(put);
    c.runFor(100);
    const log = buildMessageLog(c.world.trace.window());
    const history = pickRequest(log, put);
    expect(history?.coordinator).toBe(home);
    const progress = requestProgress(history!, log, () => undefined);
    expect(progress.visited).toEqual(['waiting', 'succeeded', 'done']);
    expect(progress.state).toBe('done');
    expect(progress.needed).toBe(2);
    expect(progress.targets.map((t) => t.node).sort()).toEqual(c.homeReplicas('cart').filter((n) => n !== home).sort());
    expect(progress.targets.every((t) => t.replied)).toBe(true);
  });

  it('names the home replica a fallback stands in for, from the message body (sloppy quorum)', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 3 });
    const [first, second] = c.homeReplicas('cart');
    c.crash(second!);
    // The first writes let the coordinator notice the silent replica; the next goes to a fallback at once.
    c.await(c.put('cart', ['book'], { coordinator: first! }));
    c.await(c.put('cart', ['book', 'pen'], { coordinator: first! }));
    c.runFor(300);
    const put = c.put('cart', ['book', 'pen', 'ink'], { coordinator: first! });
    const bodies = new Map<number, Message>();
    // Catch bodies while they are in flight, as the view does from each snapshot.
    for (let i = 0; i < 400 && !c.world.clients.results.has(put); i++) {
      c.runFor(1);
      for (const f of c.world.inFlight.values()) bodies.set(f.message.id, f.message);
    }
    c.runFor(200);
    const log = buildMessageLog(c.world.trace.window());
    const progress = requestProgress(pickRequest(log, put)!, log, (id) => bodies.get(id));
    const fallback = progress.targets.find((t) => t.hintFor !== undefined);
    expect(fallback?.hintFor).toBe(second);
    expect(fallback?.replied).toBe(true);
  });

  it('picks the newest request when no operation is selected', () => {
    const c = cluster({ nodes: 5, seed: 1 });
    c.await(c.put('a', 'x'));
    const later = c.get('a');
    c.await(later);
    const log = buildMessageLog(c.world.trace.window());
    expect(pickRequest(log, null)?.opId).toBe(later);
  });
});

describe('a request’s counts in words', () => {
  it('says how many replies came and how many were needed, even when more came than needed', () => {
    expect(stepCounts(3, 2)).toBe('3 replies, 2 needed');
    expect(stepCounts(1, 2)).toBe('1 reply, 2 needed');
    expect(stepCounts(0, 1)).toBe('0 replies, 1 needed');
  });
});

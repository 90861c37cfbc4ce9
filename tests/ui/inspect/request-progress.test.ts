import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/messages.ts';
import { cluster } from '../../../src/runtime/cluster.ts';
import { gossipLesson } from '../../../src/scenario/lessons/gossip-lesson.ts';
import { scenarioToSetup } from '../../../src/scenario/scenario-setup.ts';
import { InProcessHost } from '../../../src/runtime/in-process-host.ts';
import { World } from '../../../src/sim/world.ts';
import { describeReadRepair, pickRequest, requestProgress, stateLabel, stepCounts } from '../../../src/ui/inspect/request-progress.ts';
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

  it('lists the fallback a put turned to at its failure timeout, with the replica it stands in for, even without message bodies', () => {
    // The gossip lesson: n5 is down; n3 coordinates a put of cart (home n3, n5, n4) and, when n5
    // stays silent past the failure timeout, hands n5's copy to n1 with a hint.
    const world = new World(scenarioToSetup(gossipLesson.scenario), new InProcessHost());
    void world.init();
    world.runUntil(6500);
    const log = buildMessageLog(world.trace.window());
    const progress = requestProgress(pickRequest(log, 1)!, log, () => undefined);
    expect(progress.state).toBe('done');
    expect(progress.replied).toBe(3);
    const chips = progress.targets.map((t) => ({ node: t.node, replied: t.replied, lost: t.lost, fallback: t.fallback, hintFor: t.hintFor }));
    expect(chips).toEqual([
      { node: 'n5', replied: false, lost: true, fallback: false, hintFor: undefined },
      { node: 'n4', replied: true, lost: false, fallback: false, hintFor: undefined },
      { node: 'n1', replied: true, lost: false, fallback: true, hintFor: 'n5' },
    ]);
    // Every reply counted has its chip: the two listed, and the coordinator's own copy.
    expect(progress.targets.filter((t) => t.replied).length + 1).toBe(progress.replied);
  });

  it('says a get’s read repair had nothing to do when every replica agreed', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
    c.await(c.put('cart', ['book']));
    c.runFor(500);
    const get = c.get('cart');
    c.await(get);
    c.runFor(500);
    const log = buildMessageLog(c.world.trace.window());
    const progress = requestProgress(pickRequest(log, get)!, log, () => undefined);
    expect(progress.visited).toEqual(['waiting', 'read-repairing', 'done']);
    expect(progress.readRepair).toEqual({ kind: 'none-needed' });
    expect(describeReadRepair(progress.readRepair!, [])).toBe('read repair: none needed, all replies agree');
  });

  it('names the replicas a get’s read repair updated', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
    const homes = c.homeReplicas('cart');
    c.await(c.put('cart', ['book']));
    c.runFor(500);
    // A replica that was down for the next write answers the read with the older version; the
    // coordinator of the read has not seen it fail, so it asks it.
    c.crash(homes[2]!);
    c.await(c.put('cart', ['book', 'pen'], { coordinator: homes[0]! }));
    c.runFor(500);
    c.recover(homes[2]!);
    c.runFor(50);
    const get = c.get('cart', { coordinator: homes[1]! });
    c.await(get);
    c.runFor(500);
    const log = buildMessageLog(c.world.trace.window());
    const progress = requestProgress(pickRequest(log, get)!, log, () => undefined);
    expect(progress.readRepair).toEqual({ kind: 'repaired', nodes: [homes[2]] });
    expect(describeReadRepair(progress.readRepair!, [])).toBe(`read repair: sent the newer version to ${homes[2]}`);
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

describe('a request’s state in words', () => {
  it('does not call the window after a get’s answer a repair', () => {
    expect(stateLabel('read-repairing')).toBe('comparing replies');
    expect(stateLabel('succeeded')).toBe('succeeded');
    expect(describeReadRepair({ kind: 'comparing' }, ['n4'])).toBe('read repair: answered; comparing late replies (waiting for n4)');
  });
});

describe('a request’s counts in words', () => {
  it('says how many replies came and how many were needed, even when more came than needed', () => {
    expect(stepCounts(3, 2)).toBe('3 replies, 2 needed');
    expect(stepCounts(1, 2)).toBe('1 reply, 2 needed');
    expect(stepCounts(0, 1)).toBe('0 replies, 1 needed');
  });
});

/**
 * Every lesson runs to its end on the real engine, and what its narration claims is checked
 * against that run — so a lesson cannot teach something the engine does not do (Dynamo §4–§6).
 */
import { describe, expect, it } from 'vitest';
import { homeReplicas, preferenceList, walkStartIndex } from '../../src/core/preference-list.ts';
import { ringPosition } from '../../src/core/hash.ts';
import type { NodeSnapshot } from '../../src/core/node.ts';
import type { OpResult } from '../../src/sim/clients.ts';
import { World } from '../../src/sim/world.ts';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { parseScenario } from '../../src/scenario/scenario.ts';
import { scenarioToSetup } from '../../src/scenario/scenario-setup.ts';
import { runScenario } from '../../src/scenario/scenario-run.ts';
import { LESSONS, lessonById, type LessonEntry } from '../../src/scenario/lessons/lessons.ts';
import { lessonProblems } from '../../src/scenario/lessons/lesson-player.ts';
import type { LessonStep } from '../../src/scenario/lesson-schema.ts';
import { meanOf, parseDistribution } from '../../src/sim/distribution.ts';
import type { TraceRecord } from '../../src/sim/trace-record.ts';

/** The data-testids lessons may point at, by pattern. */
const TARGETS = [
  /^node-n\d+$/,
  /^hints-n\d+$/,
  /^(ring-diagram|key-position|key-walk|key-walk-span|key-walk-replicas|preference-list)$/,
  /^(strategy-card|efficiency|metadata|moved-fraction|load-share)-[123]$/,
  /^add-node$/,
  /^cluster-summary$/,
  /^chart-(stale-reads|write-latency|read-latency|versions|hints|anti-entropy|messages)$/,
  /^stat-(stale|write-p99|read-p99|hints|ae|versions)$/,
  /^(metrics|space-time|key-inspector|replica-table|membership-views)$/,
];

function lesson(id: string): LessonEntry {
  const entry = lessonById(id);
  if (!entry) throw new Error(`no lesson ${id}`);
  return entry;
}

/** A world of the lesson's scenario and the results of every client operation, in order. */
function worldOf(entry: LessonEntry): { world: World; results: OpResult[] } {
  const world = new World(scenarioToSetup(entry.scenario), new InProcessHost());
  void world.init();
  const results: OpResult[] = [];
  world.clients.onResult((r) => results.push(r));
  return { world, results };
}

const inspect = (world: World, node: string) => world.host.inspect(node) as NodeSnapshot;
const holders = (world: World, key: string) =>
  world.liveNodes().filter((n) => (world.host.read(n, key) as unknown[]).length > 0);
const spoken = (nodes: readonly string[]) =>
  `${nodes.slice(0, -1).join(', ')} and ${nodes.at(-1) ?? ''}`;
const clockText = (r: OpResult | undefined) =>
  (r?.versions ?? []).map((v) => v.clock.map((e) => `${e.node}:${e.counter}`).join(',')).sort();

describe('the lesson library', () => {
  it('has the eight lessons of the issue, each a valid scenario with a prediction to make', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'consistent-hashing',
      'partitioning-strategies',
      'quorums',
      'hinted-handoff',
      'vector-clocks',
      'read-repair-anti-entropy',
      'gossip-failure-detection',
      'adding-removing-nodes',
    ]);
    for (const entry of LESSONS) {
      const parsed = parseScenario(JSON.parse(JSON.stringify(entry.scenario)));
      expect(parsed.ok ? [] : [parsed.error], entry.id).toEqual([]);
      expect(lessonProblems(entry), entry.id).toEqual([]);
      for (const step of entry.scenario.lesson.steps) {
        for (const target of [...(step.highlight ?? []), ...(step.conceal ?? [])])
          expect(
            TARGETS.some((t) => t.test(target)),
            `${entry.id}: ${target}`,
          ).toBe(true);
      }
      expect(
        entry.scenario.lesson.steps.some((s) =>
          /§\d/.test(s.narration + (s.question?.explanation ?? '')),
        ),
        entry.id,
      ).toBe(true);
    }
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s runs to its end with every operation answered',
    async (_id, entry) => {
      const summary = await runScenario(entry.scenario, { host: new InProcessHost() });
      expect(summary.untilMs).toBe(entry.scenario.untilMs);
      expect(summary.converged).toBe(true);
      expect(summary.operations.put.failed + summary.operations.get.failed).toBe(0);
    },
  );
});

/** The step of a lesson with this title. */
function stepTitled(entry: LessonEntry, title: string): LessonStep {
  const step = entry.scenario.lesson.steps.find((s) => s.title === title);
  if (!step) throw new Error(`${entry.id} has no step “${title}”`);
  return step;
}

/** A world keeping its whole trace, so a test can see every message a space-time window shows. */
function tracedWorldOf(entry: LessonEntry): World {
  const world = new World(scenarioToSetup(entry.scenario, { traceWindow: 100_000 }), new InProcessHost());
  void world.init();
  return world;
}

interface Arrow {
  id: number;
  from: string;
  to: string;
  msg: string;
  sentAtMs: number;
  endAtMs: number;
  dropped: boolean;
}

/** Every message sent by now, with when it arrived or was dropped (Infinity: still on its way). */
function arrowsOf(records: readonly TraceRecord[]): Arrow[] {
  const arrows = new Map<number, Arrow>();
  for (const r of records) {
    if (r.id === undefined || r.from === undefined || r.to === undefined || r.msg === undefined) continue;
    if (r.kind === 'send')
      arrows.set(r.id, { id: r.id, from: r.from, to: r.to, msg: r.msg, sentAtMs: r.timeMs, endAtMs: Infinity, dropped: false });
    const arrow = arrows.get(r.id);
    if (arrow && (r.kind === 'deliver' || r.kind === 'drop')) {
      arrow.endAtMs = r.timeMs;
      arrow.dropped = r.kind === 'drop';
    }
  }
  return [...arrows.values()];
}

/** The arrows the space-time view draws at a step: those crossing the span that ends at the step's time. */
function arrowsInView(world: World, step: LessonStep): { fromMs: number; toMs: number; arrows: Arrow[] } {
  const toMs = step.atMs ?? 0;
  const fromMs = toMs - (step.spaceTimeSpanMs ?? 120);
  world.runUntil(toMs);
  const arrows = arrowsOf(world.trace.window()).filter((a) => a.sentAtMs <= toMs && a.endAtMs >= fromMs);
  return { fromMs, toMs, arrows };
}

describe('lessons ask before they show', () => {
  it('no lesson asks the same question twice', () => {
    for (const entry of LESSONS) {
      const prompts = entry.scenario.lesson.steps.flatMap((s) => (s.question ? [s.question.prompt] : []));
      expect(new Set(prompts).size, entry.id).toBe(prompts.length);
    }
  });

  it('consistent hashing: while the student predicts wishlist’s replicas, the preference list and the walk’s numbered stops are hidden', () => {
    const entry = lesson('consistent-hashing');
    const steps = entry.scenario.lesson.steps;
    const asks = steps.findIndex((s) => s.question?.prompt.includes('which nodes store wishlist') === true);
    expect(asks).toBeGreaterThan(-1);
    expect(steps[asks]?.conceal).toEqual(expect.arrayContaining(['preference-list', 'key-walk-replicas', 'key-walk-span']));
    // No step before the question shows the key (and with it the answer) uncovered.
    for (const step of steps.slice(0, asks)) expect(step.key, step.title).toBeUndefined();
  });

  it('partitioning strategies: the balance numbers and bars stay hidden until the student has predicted which strategy balances best', () => {
    const steps = lesson('partitioning-strategies').scenario.lesson.steps;
    const asks = steps.findIndex((s) => s.question?.prompt.includes('least load on its hottest node') === true);
    expect(asks).toBeGreaterThan(-1);
    const balance = ['efficiency', 'load-share'].flatMap((p) => [1, 2, 3].map((n) => `${p}-${n}`));
    for (const step of steps.slice(0, asks + 1)) expect(step.conceal, step.title).toEqual(expect.arrayContaining(balance));
    const join = steps.findIndex((s) => s.question?.prompt.includes('n6 joins') === true);
    expect(steps[join]?.conceal).toEqual(['moved-fraction-1', 'moved-fraction-2', 'moved-fraction-3']);
  });
});

describe('what each lesson claims', () => {
  it('consistent hashing: the step “Three replicas, no more” shows the whole put in its space-time span, and n4 answers Alice on the first acknowledgement (W = 2)', () => {
    const entry = lesson('consistent-hashing');
    const step = stepTitled(entry, 'Three replicas, no more');
    expect(step.view).toBe('spacetime');
    const world = tracedWorldOf(entry);
    const { fromMs, toMs, arrows } = arrowsInView(world, step);
    expect(step.narration).toContain(`The diagram shows ${fromMs}–${toMs} ms`);
    const put = arrows.filter((a) => a.msg.startsWith('put.') || a.msg.startsWith('client.'));
    // Every message of the put is whole in the view: sent and answered inside the span.
    expect(put.map((a) => `${a.from}>${a.to} ${a.msg}`).sort()).toEqual([
      'alice>n4 client.put',
      'n1>n4 put.replica-ack',
      'n2>n4 put.replica-ack',
      'n4>alice client.put-reply',
      'n4>n1 put.replica',
      'n4>n2 put.replica',
    ]);
    for (const a of put) {
      expect(a.sentAtMs).toBeGreaterThanOrEqual(fromMs);
      expect(a.endAtMs).toBeLessThanOrEqual(toMs);
    }
    // The rest is gossip, among the nodes the narration names.
    const others = arrows.filter((a) => !put.includes(a));
    for (const a of others) expect(a.msg).toMatch(/^gossip/);
    expect([...new Set(others.flatMap((a) => [a.from, a.to]))].sort()).toEqual(['n2', 'n3', 'n4']);
    expect(step.narration).toContain('among n2, n3 and n4, are gossip');
    // The reply leaves when n1's acknowledgement arrives, before n2's.
    const at = (from: string, msg: string) => put.find((a) => a.from === from && a.msg === msg);
    expect(at('n4', 'client.put-reply')?.sentAtMs).toBe(at('n1', 'put.replica-ack')?.endAtMs);
    expect(at('n1', 'put.replica-ack')?.endAtMs ?? 0).toBeLessThan(at('n2', 'put.replica-ack')?.endAtMs ?? 0);
    expect(entry.scenario.cluster?.W).toBe(2);
  });


  it('consistent hashing: the walk meets n4 twice and the preference list skips it; exactly n4, n1, n2 hold wishlist', () => {
    const entry = lesson('consistent-hashing');
    const { world } = worldOf(entry);
    const ring = world.ring();
    const start = walkStartIndex(ring, ringPosition('wishlist'));
    const walked = [0, 1, 2].map((i) => ring.tokens[(start + i) % ring.tokens.length]?.node);
    expect(walked).toEqual(['n4', 'n1', 'n4']);
    expect(homeReplicas(ring, 'wishlist', 3)).toEqual(['n4', 'n1', 'n2']);
    world.runUntil(1200);
    expect(holders(world, 'wishlist').sort()).toEqual(['n1', 'n2', 'n4']);
  });

  it('quorums: R = W = 1 reads stale values without failures; R = W = 2 on the same seed does not, and puts are slower', async () => {
    const entry = lesson('quorums');
    const weak = await runScenario(entry.scenario, { host: new InProcessHost() });
    const strong = await runScenario(
      { ...entry.scenario, cluster: { ...entry.scenario.cluster, R: 2, W: 2 } },
      { host: new InProcessHost() },
    );
    expect(weak.staleReads).toBeGreaterThan(10);
    // The latencies the description and the first step state.
    const latency = entry.scenario.network?.latency;
    expect(meanOf(parseDistribution(latency?.default ?? ''))).toBeCloseTo(3, 9);
    expect(latency?.write).toBe('uniform(20, 60)');
    expect(entry.scenario.description).toContain('take 20–60 ms, every other message 3 ms on average');
    const first = entry.scenario.lesson.steps[0]?.narration ?? '';
    expect(first).toContain('takes 20–60 ms, every other message 3 ms on average');
    const getMs = Math.round(weak.operations.get.latencyMs.p50 ?? 0);
    const putMs = Math.round(weak.operations.put.latencyMs.p50 ?? 0);
    expect(first).toContain(`a get takes about ${getMs} ms from request to answer and a put about ${putMs} ms`);
    expect(strong.staleReads).toBe(0);
    expect(strong.operations.put.latencyMs.p50 ?? 0).toBeGreaterThan(
      (weak.operations.put.latencyMs.p50 ?? 0) + 10,
    );
  });

  it('hinted handoff: n1 holds n4’s copy as a hint, not as its own key, and hands it back after n4 recovers', async () => {
    const entry = lesson('hinted-handoff');
    const { world, results } = worldOf(entry);
    expect(preferenceList(world.ring(), 'cart', 5).map((e) => e.node)).toEqual([
      'n3',
      'n5',
      'n4',
      'n1',
      'n2',
    ]);
    world.runUntil(2000);
    expect(results[0]).toMatchObject({ kind: 'put', ok: true });
    expect(world.hintsOn('n1')).toBe(1);
    expect(world.host.read('n1', 'cart')).toEqual([]);
    world.runUntil(4200);
    expect(world.hintsOn('n1')).toBe(1);
    world.runUntil(5500);
    expect(world.hintsOn('n1')).toBe(0);
    expect(holders(world, 'cart').sort()).toEqual(['n3', 'n4', 'n5']);
    world.runUntil(8000);
    expect(results.at(-1)).toMatchObject({ client: 'bob', kind: 'get', ok: true });
    expect(results.at(-1)?.versions?.map((v) => v.value)).toEqual([['book']]);
    const summary = await runScenario(entry.scenario, { host: new InProcessHost() });
    expect(summary.hintsPeak).toBe(1);
    expect(summary.hintsPending).toBe(0);
  });

  it('vector clocks: Alice reads two siblings [n1:2] and [n1:1,n4:1]; after her merge Bob reads one cart of three items', () => {
    const { world, results } = worldOf(lesson('vector-clocks'));
    world.runUntil(6000);
    const aliceRead = results.find(
      (r) => r.client === 'alice' && r.kind === 'get' && r.startMs >= 3000,
    );
    expect(aliceRead?.versions).toHaveLength(2);
    expect(clockText(aliceRead)).toEqual(['n1:1,n4:1', 'n1:2']);
    expect(aliceRead?.context?.map((e) => `${e.node}:${e.counter}`).sort()).toEqual([
      'n1:2',
      'n4:1',
    ]);
    const bobRead = results.find(
      (r) => r.client === 'bob' && r.kind === 'get' && r.startMs >= 4500,
    );
    expect(bobRead?.versions?.map((v) => v.value)).toEqual([['book', 'mug', 'pen']]);
    expect(clockText(bobRead)).toEqual(['n1:2,n3:1,n4:1']);
  });

  it('read repair and anti-entropy: the read repairs cart on n4; a Merkle exchange later repairs profile', async () => {
    const entry = lesson('read-repair-anti-entropy');
    const { world } = worldOf(entry);
    expect(homeReplicas(world.ring(), 'cart', 3)).toEqual(['n3', 'n5', 'n4']);
    expect(homeReplicas(world.ring(), 'profile', 3)).toEqual(['n3', 'n5', 'n4']);
    world.runUntil(2550);
    expect(holders(world, 'cart').sort()).toEqual(['n3', 'n5']);
    world.runUntil(2800);
    expect(holders(world, 'cart').sort()).toEqual(['n3', 'n4', 'n5']);
    expect(holders(world, 'profile').sort()).toEqual(['n3', 'n5']);
    world.runUntil(7000);
    expect(holders(world, 'profile').sort()).toEqual(['n3', 'n4', 'n5']);
    const summary = await runScenario(entry.scenario, { host: new InProcessHost() });
    expect(summary.readRepairs).toBe(1);
    expect(summary.antiEntropy.keysSent).toBe(1);
  });

  it('gossip and failure detection: the first step’s space-time span shows gossip arrows', () => {
    const entry = lesson('gossip-failure-detection');
    const step = entry.scenario.lesson.steps[0];
    const world = new World(scenarioToSetup(entry.scenario, { traceWindow: 100_000 }), new InProcessHost());
    void world.init();
    world.runUntil(step?.atMs ?? 0);
    const from = (step?.atMs ?? 0) - (step?.spaceTimeSpanMs ?? 120);
    const gossip = world.trace.window().filter((r) => r.kind === 'send' && r.timeMs >= from && r.msg?.startsWith('gossip') === true);
    // Three nodes' rounds, request and reply each, in the second before the step.
    expect(gossip.length).toBeGreaterThanOrEqual(6);
  });

  it('gossip and failure detection: the step “A local verdict” shows, in its space-time span, n3’s copy to n5 dropped, n3’s verdict a failure timeout later and the hinted copy to n1; nobody else has tried n5', () => {
    const entry = lesson('gossip-failure-detection');
    const step = stepTitled(entry, 'A local verdict');
    expect(step.view).toBe('spacetime');
    expect(step.key).toBe('cart');
    const world = tracedWorldOf(entry);
    const { fromMs, toMs, arrows } = arrowsInView(world, step);
    const toN5 = arrows.find((a) => a.from === 'n3' && a.to === 'n5' && a.msg === 'put.replica');
    expect(toN5?.dropped).toBe(true);
    expect(toN5?.sentAtMs ?? 0).toBeGreaterThanOrEqual(fromMs);
    // Nothing comes back from n5.
    expect(arrows.filter((a) => a.from === 'n5')).toEqual([]);
    const verdict = world.trace.window().find((r) => r.kind === 'observe' && r.node === 'n3' && r.detail === 'n5 unreachable');
    const waitedMs = (verdict?.timeMs ?? 0) - (toN5?.sentAtMs ?? 0);
    expect(waitedMs).toBeCloseTo(100, 6);
    expect(step.narration).toContain(`${Math.round(waitedMs)} ms later n3 gives up waiting`);
    const hinted = arrows.find((a) => a.from === 'n3' && a.to === 'n1' && a.msg === 'put.replica');
    expect(hinted?.sentAtMs).toBe(verdict?.timeMs);
    expect(hinted?.endAtMs ?? Infinity).toBeLessThanOrEqual(toMs);
    expect(world.hintsOn('n1')).toBe(1);
    // Since n5 crashed, only n3 has sent it anything.
    const crashMs = 1000;
    const senders = arrowsOf(world.trace.window()).filter((a) => a.to === 'n5' && a.sentAtMs >= crashMs).map((a) => a.from);
    expect([...new Set(senders)]).toEqual(['n3']);
    expect(inspect(world, 'n3').unreachable).toEqual(['n5']);
    for (const n of ['n1', 'n2', 'n4']) expect(inspect(world, n).unreachable, n).toEqual([]);
  });

  it('gossip and failure detection: only n3 suspects n5 at first; n6’s join reaches every node by gossip', () => {
    const world = tracedWorldOf(lesson('gossip-failure-detection'));
    world.runUntil(1800);
    expect(inspect(world, 'n3').unreachable).toEqual(['n5']);
    expect(inspect(world, 'n1').unreachable).toEqual([]);
    expect(inspect(world, 'n2').unreachable).toEqual([]);
    expect(world.hintsOn('n1')).toBe(1);
    world.runUntil(3100);
    const knowsN6 = () => world.liveNodes().filter((n) => inspect(world, n).members.includes('n6'));
    expect(knowsN6()).toEqual(['n6']);
    world.runUntil(3750);
    const n1Since = inspect(world, 'n1').unreachableSinceMs.n5 ?? 0;
    // As the clock and the membership card show a time between 1 and 10 s.
    const formatVirtualTime = (ms: number) => `${(Math.floor(ms) / 1000).toFixed(3)} s`;
    const narration = stepTitled(lesson('gossip-failure-detection'), 'A local verdict').narration;
    expect(narration).toContain(`finds n5 unresponsive at ${formatVirtualTime(n1Since)} in this run`);
    // What n1 sent n5 before that was its hinted copy; n2's gossip push, which needs no answer, taught it nothing.
    const toN5 = (from: string) => world.trace.window().filter((r) => r.kind === 'send' && r.from === from && r.to === 'n5' && r.timeMs > 1000 && r.timeMs < n1Since);
    expect(toN5('n1').map((r) => r.msg)).toEqual(['hint.deliver']);
    const gossip = toN5('n2').filter((r) => r.msg === 'gossip.push');
    expect(gossip.length).toBe(1);
    expect(narration).toContain(`gossip push to n5 at ${formatVirtualTime(gossip[0]?.timeMs ?? 0)} needs no answer`);
    expect(inspect(world, 'n2').unreachable).toEqual([]);
    expect(knowsN6().length).toBeLessThan(5);
    world.runUntil(6500);
    expect(knowsN6().sort()).toEqual(['n1', 'n2', 'n3', 'n4', 'n6']);
    // “Everyone knows”: n3 and n1 mark n5 unresponsive; n2, n4 and n6 still count on it.
    const suspecting = world.liveNodes().filter((n) => inspect(world, n).unreachable.includes('n5'));
    expect(suspecting).toEqual(['n1', 'n3']);
    expect(inspect(world, 'n2').members).toContain('n5');
  });

  it('adding and removing nodes: only keys whose replicas now include n6 moved; n2 leaves; every acknowledged key is still on its home replicas', () => {
    const { world, results } = worldOf(lesson('adding-removing-nodes'));
    world.runUntil(2900);
    const before = world.ring();
    const keys = [...world.truth.keys()];
    expect(keys.length).toBeGreaterThan(15);
    world.runUntil(5500);
    const after = world.ring();
    const moved = keys.filter(
      (k) => homeReplicas(before, k, 3).join() !== homeReplicas(after, k, 3).join(),
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(keys.length);
    for (const k of moved) expect(homeReplicas(after, k, 3)).toContain('n6');
    expect(inspect(world, 'n6').keys).toBeGreaterThan(0);
    world.runUntil(12000);
    expect(world.nodeStatus('n2')).toBe('left');
    for (const k of keys)
      for (const home of homeReplicas(world.ring(), k, 3))
        expect((world.host.read(home, k) as unknown[]).length, `${k} on ${home}`).toBeGreaterThan(
          0,
        );
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('adding and removing nodes: the step “n6 has its keys” inspects a key n6 became a home replica of and holds by then, and n6 held nothing before the join', () => {
    const entry = lesson('adding-removing-nodes');
    const steps = entry.scenario.lesson.steps;
    const step = steps.find((s) => s.title === 'n6 has its keys');
    const key = step?.key ?? '';
    // The key inspector, which shows each node's versions of the key, is in the space-time view.
    expect(step?.view).toBe('spacetime');
    expect(step?.narration).toContain(` ${key}.`);
    const { world } = worldOf(entry);
    world.runUntil(steps[0]?.atMs ?? 0);
    const before = homeReplicas(world.ring(), key, 3);
    expect(before).not.toContain('n6');
    // n6 is not running yet: it holds nothing, and the key is on its old home replicas only.
    expect(world.nodeStatus('n6')).toBeUndefined();
    expect(holders(world, key).sort()).toEqual([...before].sort());
    world.runUntil(step?.atMs ?? 0);
    const after = homeReplicas(world.ring(), key, 3);
    expect(after).toContain('n6');
    expect((world.host.read('n6', key) as unknown[]).length).toBeGreaterThan(0);
    // What the narration says the inspector shows: the node n6 replaced kept no copy, and n6 holds what the other homes hold.
    expect(step?.narration).toContain(
      `home replicas were ${spoken(before)}; on the new ring they are ${spoken(after)}`,
    );
    expect(holders(world, key).sort()).toEqual([...after].sort());
    const versionsOn = (node: string) => JSON.stringify(world.host.read(node, key));
    for (const home of after) expect(versionsOn(home), home).toBe(versionsOn('n6'));
  });
});

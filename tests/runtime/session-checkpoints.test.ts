/**
 * Time travel through checkpoints: a session takes one every K events while it plays, and seeking
 * back restores the nearest one and replays — with the same result as a straight run, on the
 * in-process host and on worker threads (where the nodes' images cross into the threads).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { spawnNodeThread } from '../../src/runtime/node/node-thread-host.ts';
import { SimulationSession } from '../../src/runtime/simulation-session.ts';
import { WorkerHost } from '../../src/runtime/worker-host.ts';
import type { NodeHost } from '../../src/sim/node-host.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';

const setup = makeSetup({
  seed: 21,
  node: { gossip: true, antiEntropy: true },
  workloads: [{ ...defaultWorkload, ratePerSec: 150 }],
  schedule: [
    { atMs: 900, fault: { kind: 'crash', node: 'n3' } },
    { atMs: 2600, fault: { kind: 'recover', node: 'n3' } },
  ],
});

const sessions: SimulationSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

async function session(makeHost: () => NodeHost, checkpointEvery: number): Promise<SimulationSession> {
  // Wall time never decides where checkpoints fall in these tests.
  const s = await SimulationSession.create(setup, makeHost, { checkpointEvery, checkpointTimeShare: 1 });
  sessions.push(s);
  return s;
}

async function fingerprint(s: SimulationSession): Promise<unknown> {
  const w = s.current;
  const reads: Record<string, unknown> = {};
  for (const node of w.liveNodes()) {
    for (const key of ['k1', 'k2', 'k3']) reads[`${node}/${key}`] = await w.host.read(node, key);
  }
  return { now: w.nowMs(), events: w.events(), hash: w.trace.hash(), status: w.nodes().map((n) => w.nodeStatus(n)), reads };
}

const hosts: [string, () => NodeHost][] = [
  ['in process', () => new InProcessHost()],
  ['worker threads', () => new WorkerHost(spawnNodeThread)],
];

describe.each(hosts)('checkpoints on the %s host', (_name, makeHost) => {
  it('seeking back restores the nearest checkpoint and reaches the straight run’s state', { timeout: 60_000 }, async () => {
    const straight = await session(makeHost, 0);
    await straight.runUntil(600);
    const at600 = await fingerprint(straight);
    await straight.runUntil(2000);
    const at2000 = await fingerprint(straight);
    await straight.runUntil(3500);
    const at3500 = await fingerprint(straight);
    expect(straight.checkpointTimes()).toEqual([]);

    const scrubbed = await session(makeHost, 300);
    await scrubbed.runUntil(3500);
    const taken = scrubbed.checkpointTimes();
    expect(taken.length).toBeGreaterThan(3);
    expect(taken.some((c) => c.nowMs > 1000 && c.nowMs <= 2000)).toBe(true);
    await scrubbed.seek(2000);
    expect(scrubbed.seekOrigin?.from).toBe('checkpoint');
    expect(scrubbed.seekOrigin?.nowMs).toBeGreaterThan(1000);
    expect(await fingerprint(scrubbed)).toEqual(at2000);
    // n3 is down at 2000 and up at 600: its node comes back from the checkpoint's image.
    await scrubbed.seek(600);
    expect(await fingerprint(scrubbed)).toEqual(at600);
    await scrubbed.runUntil(3500);
    expect(await fingerprint(scrubbed)).toEqual(at3500);
    // Seeking back twice to the same place restores the same checkpoint again.
    await scrubbed.seek(2000);
    expect(await fingerprint(scrubbed)).toEqual(at2000);
    // Before the first checkpoint the run starts over from its seed.
    await scrubbed.seek(taken[0]!.nowMs / 2);
    expect(scrubbed.seekOrigin).toEqual({ from: 'seed', events: 0, nowMs: 0 });
  });

  it('interventions survive a restore, and a fork drops the checkpoints of the old future', { timeout: 60_000 }, async () => {
    const live = await session(makeHost, 250);
    await live.runUntil(1200);
    await live.intervene({ kind: 'partition', groups: [['n1', 'n2'], ['n4', 'n5']] });
    await live.runUntil(1800);
    await live.intervene({ kind: 'heal' });
    await live.runUntil(3000);
    const end = await fingerprint(live);

    await live.seek(1500);
    expect(live.current.network.options().partitions.length).toBe(2);
    await live.runUntil(3000);
    expect(await fingerprint(live)).toEqual(end);

    await live.seek(1500);
    const forkAt = live.current.events();
    await live.intervene({ kind: 'crash', node: 'n1' });
    expect(live.checkpointTimes().every((c) => c.events <= forkAt)).toBe(true);
    await live.runUntil(3000);
    expect(live.current.nodeStatus('n1')).toBe('crashed');
    expect((await fingerprint(live)) as object).not.toEqual(end);
  });
});

describe('checkpoint bookkeeping', () => {
  it('keeps at most maxCheckpoints, spread over the whole run', async () => {
    const s = await SimulationSession.create(setup, () => new InProcessHost(), { checkpointEvery: 100, maxCheckpoints: 6, checkpointTimeShare: 1 });
    sessions.push(s);
    await s.runUntil(4000);
    const kept = s.checkpointTimes();
    expect(kept).toHaveLength(6);
    expect(kept[0]?.nowMs).toBeLessThan(1500);
    expect(kept.at(-1)?.nowMs).toBeGreaterThan(3500);
  });

  it('keeps the checkpoints within a byte budget, the newest always', async () => {
    const s = await SimulationSession.create(setup, () => new InProcessHost(), { checkpointEvery: 100, checkpointTimeShare: 1, checkpointBudgetBytes: 1 });
    sessions.push(s);
    await s.runUntil(2000);
    const kept = s.checkpointTimes();
    expect(kept).toHaveLength(1);
    expect(kept[0]?.bytes).toBeGreaterThan(1);
    expect(kept[0]?.nowMs).toBeGreaterThan(1800);
  });

  it('takes one every checkpointEveryMs of virtual time when the events come slower than checkpointEvery', async () => {
    const s = await SimulationSession.create(setup, () => new InProcessHost(), { checkpointEvery: 1_000_000, checkpointEveryMs: 1000, checkpointTimeShare: 1 });
    sessions.push(s);
    await s.runUntil(4500);
    const kept = s.checkpointTimes().map((c) => c.nowMs);
    expect(kept).toHaveLength(4);
    kept.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual((i + 1) * 1000));
    kept.forEach((ms, i) => expect(ms).toBeLessThan((i + 1) * 1000 + 100));
    // A step back near the end replays from the last of them, not from the seed.
    await s.stepBack();
    expect(s.seekOrigin).toMatchObject({ from: 'checkpoint' });
  });

  it('refuses a negative checkpoint interval and a time share outside (0, 1]', () => {
    expect(() => new SimulationSession(setup, () => new InProcessHost(), { checkpointEvery: -1 })).toThrow(/checkpointEvery/);
    expect(() => new SimulationSession(setup, () => new InProcessHost(), { checkpointEveryMs: -5 })).toThrow(/checkpointEveryMs/);
    expect(() => new SimulationSession(setup, () => new InProcessHost(), { checkpointTimeShare: 0 })).toThrow(/checkpointTimeShare/);
  });
});

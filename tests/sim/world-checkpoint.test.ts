import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import type { NodeHost } from '../../src/sim/node-host.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { restoreCheckpoint, takeCheckpoint, type WorldCheckpoint } from '../../src/sim/world-checkpoint.ts';
import { defaultWorkload, type WorldSetup } from '../../src/sim/world-config.ts';
import { World } from '../../src/sim/world.ts';
import { fuzzCase } from '../../src/check/fuzz-scenario.ts';

/** A run that exercises every part a checkpoint must carry: faults, hints, anti-entropy, joins, both coordinations. */
function busySetup(seed: number): WorldSetup {
  return makeSetup({
    seed,
    nodes: 6,
    node: { N: 3, R: 2, W: 2, gossip: true, antiEntropy: true },
    network: { lossProbability: 0.01 },
    workloads: [
      { ...defaultWorkload, ratePerSec: 200, keyCount: 40 },
      { ...defaultWorkload, id: 'w2', clients: 2, ratePerSec: 60, keyCount: 20, coordination: 'client', loop: 'closed' },
    ],
    schedule: [
      { atMs: 700, fault: { kind: 'crash', node: 'n2' } },
      { atMs: 1500, fault: { kind: 'partition', groups: [['n1', 'n3'], ['n4', 'n5', 'n6']] } },
      { atMs: 2300, fault: { kind: 'recover', node: 'n2' } },
      { atMs: 2600, fault: { kind: 'heal' } },
      { atMs: 2900, fault: { kind: 'join', node: 'n7' } },
      { atMs: 3300, fault: { kind: 'crash', node: 'n4', loseDisk: true } },
      { atMs: 3900, fault: { kind: 'recover', node: 'n4' } },
    ],
  });
}

async function runTo(world: World, ms: number): Promise<void> {
  await world.runUntilAsync(ms);
}

async function stateOf(world: World): Promise<Record<string, unknown>> {
  const nodes: Record<string, unknown> = {};
  for (const id of world.liveNodes()) {
    const keys = [...(await world.host.keys(id))].sort();
    nodes[id] = { keys, versions: await Promise.all(keys.map(async (k) => world.host.read(id, k))) };
  }
  return { now: world.nowMs(), events: world.events(), hash: world.trace.hash(), metrics: world.metrics.summary(), nodes };
}

async function straight(setup: WorldSetup, untilMs: number, host: () => NodeHost): Promise<World> {
  const world = new World(setup, host());
  await world.init();
  await runTo(world, untilMs);
  return world;
}

describe('checkpoints', () => {
  it.each([1, 2, 3])('a world restored from a checkpoint runs on exactly as the straight run (seed %i)', async (seed) => {
    const setup = busySetup(seed);
    const reference = await straight(setup, 5000, () => new InProcessHost());
    const expected = await stateOf(reference);

    const world = new World(setup, new InProcessHost());
    await world.init();
    const checkpoints: WorldCheckpoint[] = [];
    for (const ms of [400, 1200, 2000, 3000, 3600]) {
      await runTo(world, ms);
      checkpoints.push(await takeCheckpoint(world));
    }
    await runTo(world, 5000);
    expect(await stateOf(world)).toEqual(expected);

    for (const checkpoint of checkpoints) {
      const restored = await restoreCheckpoint(setup, new InProcessHost(), checkpoint);
      expect(restored.events()).toBe(checkpoint.events);
      await runTo(restored, 5000);
      expect(await stateOf(restored)).toEqual(expected);
    }
  });

  it('one checkpoint restores any number of times, and the restored run does not touch it', async () => {
    const setup = busySetup(4);
    const world = await straight(setup, 1800, () => new InProcessHost());
    const checkpoint = await takeCheckpoint(world);
    const hashes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const restored = await restoreCheckpoint(setup, new InProcessHost(), checkpoint);
      await runTo(restored, 4200);
      hashes.push(restored.trace.hash());
    }
    expect(new Set(hashes).size).toBe(1);
    await runTo(world, 4200);
    expect(hashes[0]).toBe(world.trace.hash());
  });
});

describe('checkpoints across the fuzzer’s scenarios', () => {
  // Every fault family the fuzzer draws (crashes with disk loss, partitions, cuts, loss, slow
  // nodes, joins, leaves, client-driven coordination, LWW) passes through a checkpoint.
  it.each([3, 7, 12, 19, 26, 33, 41, 58])('fuzz seed %i: restoring mid-run ends with the straight run’s hash', (seed) => {
    const c = fuzzCase(seed);
    const reference = new World(c.setup, new InProcessHost());
    void reference.init();
    reference.runUntil(c.faultEndMs);
    const expected = reference.trace.hash();

    const world = new World(c.setup, new InProcessHost());
    void world.init();
    const cuts = [0.2, 0.5, 0.8].map((f) => f * c.faultEndMs);
    const checkpoints: WorldCheckpoint[] = [];
    for (const ms of cuts) {
      world.runUntil(ms);
      checkpoints.push(takeCheckpoint(world) as WorldCheckpoint);
    }
    for (const checkpoint of checkpoints) {
      const restored = restoreCheckpoint(c.setup, new InProcessHost(), checkpoint) as World;
      restored.runUntil(c.faultEndMs);
      expect(restored.trace.hash(), c.summary).toBe(expected);
    }
  });
});

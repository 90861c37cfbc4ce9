/**
 * The worker host on Node's worker_threads: one thread per node gives the same trace as the
 * in-process host for the same seed; a crash ends the thread and recovery reads the kept disk; a
 * thread that throws or dies faults its node only, and restarting the node resumes the run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../src/core/node-config.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import type { NodeId } from '../../src/core/types.ts';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { spawnNodeThread, type NodeThreadEndpoint } from '../../src/runtime/node/node-thread-host.ts';
import { NodeFaultedError } from '../../src/runtime/node-worker-protocol.ts';
import { WorkerHost } from '../../src/runtime/worker-host.ts';
import { WorldDriver } from '../../src/runtime/world-driver.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { World } from '../../src/sim/world.ts';
import { defaultWorkload, type ScheduledFault, type WorldSetup } from '../../src/sim/world-config.ts';

/** Fails instead of hanging: every await on a worker goes through this. */
function within<T>(promise: Promise<T>, ms = 20_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const hosts: WorkerHost[] = [];
afterEach(async () => {
  await within(Promise.all(hosts.splice(0).map((h) => h.dispose())));
});

/** A worker host that remembers every thread it started. */
function threadHost(options: { faultInjection?: boolean } = {}): { host: WorkerHost; threads: NodeThreadEndpoint[] } {
  const threads: NodeThreadEndpoint[] = [];
  const host = new WorkerHost((node, o) => {
    const endpoint = spawnNodeThread(node, o);
    threads.push(endpoint);
    return endpoint;
  }, options);
  hosts.push(host);
  return { host, threads };
}

async function workerWorld(setup: WorldSetup, host: WorkerHost): Promise<{ world: World; driver: WorldDriver }> {
  const world = new World(setup, host);
  const driver = new WorldDriver(world);
  await within(driver.init());
  return { world, driver };
}

const faults: ScheduledFault[] = [
  { atMs: 300, fault: { kind: 'crash', node: 'n2' } },
  { atMs: 700, fault: { kind: 'recover', node: 'n2' } },
  { atMs: 900, fault: { kind: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] } },
  { atMs: 1300, fault: { kind: 'heal' } },
];

function busySetup(seed: number, node: Partial<NodeConfig> = {}): WorldSetup {
  return makeSetup({ seed, node, workloads: [{ ...defaultWorkload, ratePerSec: 120 }], schedule: faults });
}

describe('one worker thread per node', () => {
  it.each([1, 42, 2007])('gives the in-process trace hash for seed %i, through crash/recover and partition/heal', async (seed) => {
    const setup = busySetup(seed);
    const inProcess = new World(setup, new InProcessHost());
    void inProcess.init();
    inProcess.runUntil(1800);

    const { world, driver } = await workerWorld(setup, threadHost().host);
    await expect(within(driver.runUntil(1800))).resolves.toBeUndefined();

    expect(world.events()).toBe(inProcess.events());
    expect(world.trace.count()).toBe(inProcess.trace.count());
    expect(world.trace.hash()).toBe(inProcess.trace.hash());
    expect(world.metrics.summary()).toEqual(inProcess.metrics.summary());
  });
});

describe("a node's several events in one batch", () => {
  it('run in order in its thread and give the in-process trace, a timer cleared earlier in the batch included', async () => {
    // Busy, with requests timing out about when their replies come.
    const setup = makeSetup({
      seed: 3,
      node: { requestTimeoutMs: 3, failureTimeoutMs: 3 },
      workloads: [{ ...defaultWorkload, clients: 4, ratePerSec: 1500 }],
    });
    const inProcess = new World(setup, new InProcessHost());
    void inProcess.init();
    inProcess.runUntil(600);

    const { host } = threadHost();
    const batches: NodeId[][] = [];
    const dispatch = host.dispatch.bind(host);
    host.dispatch = (inputs) => {
      batches.push(inputs.map((i) => i.node));
      return dispatch(inputs);
    };
    const { world, driver } = await workerWorld(setup, host);
    await expect(within(driver.runUntil(600))).resolves.toBeUndefined();

    expect(batches.filter((nodes) => new Set(nodes).size < nodes.length).length).toBeGreaterThan(10);
    expect(world.events()).toBe(inProcess.events());
    expect(world.trace.hash()).toBe(inProcess.trace.hash());
    expect(world.metrics.summary()).toEqual(inProcess.metrics.summary());
  });
});

describe('membership changes in worker threads', () => {
  it('a join and a leave spread by gossip, views crossing by key, with the in-process trace', async () => {
    const setup = makeSetup({
      seed: 8,
      node: { gossipIntervalMs: 100 },
      workloads: [{ ...defaultWorkload, ratePerSec: 200 }],
      schedule: [
        { atMs: 200, fault: { kind: 'join', node: 'n6' } },
        { atMs: 900, fault: { kind: 'leave', node: 'n2' } },
      ],
    });
    const inProcess = new World(setup, new InProcessHost());
    void inProcess.init();
    inProcess.runUntil(2000);

    const { world, driver } = await workerWorld(setup, threadHost().host);
    await expect(within(driver.runUntil(2000))).resolves.toBeUndefined();

    expect(world.events()).toBe(inProcess.events());
    expect(world.trace.hash()).toBe(inProcess.trace.hash());
    expect(world.hasHandedOff('n2')).toBe(inProcess.hasHandedOff('n2'));
  });
});

describe('a crash ends the thread; recovery reads the disk the host kept', () => {
  async function writeThenCrash(node: Partial<NodeConfig>) {
    const { host, threads } = threadHost();
    const { world, driver } = await workerWorld(makeSetup({ seed: 5, node }), host);
    const replica = homeReplicas(world.ring(), 'cart', world.setup.cluster.node.N)[0] as NodeId;
    const op = world.clients.put('c1', 'cart', ['book'], world.nowMs(), { coordinator: replica });
    await within(driver.runUntil(world.nowMs() + 50));
    expect(world.clients.results.get(op)?.ok).toBe(true);
    await expect(within(host.read(replica, 'cart'))).resolves.toHaveLength(1);

    const thread = threads.find((t) => t.workerId === host.workerId(replica));
    if (!thread) throw new Error(`no thread for ${replica}`);
    const exited = new Promise<number>((resolve) => thread.worker.once('exit', resolve));
    world.inject({ kind: 'crash', node: replica });
    await within(driver.runUntil(world.nowMs()));
    await within(exited);
    expect(thread.worker.threadId).toBe(-1);
    expect(host.workerId(replica)).toBeUndefined();
    await expect(within(host.read(replica, 'cart'))).rejects.toThrow(`node ${replica} is not running`);

    world.inject({ kind: 'recover', node: replica });
    await within(driver.runUntil(world.nowMs()));
    expect(host.workerId(replica)).not.toBe(thread.workerId);
    return { versions: await within(host.read(replica, 'cart')), disk: host.disk(replica) };
  }

  it('keeps a durable write across the crash', async () => {
    const { versions, disk } = await writeThenCrash({ writeMode: 'durable' });
    expect(versions.map((v) => v.value)).toEqual([['book']]);
    expect(disk?.data.has('cart')).toBe(true);
  });

  it('loses a buffered write the writer had not flushed', async () => {
    const { versions, disk } = await writeThenCrash({ writeMode: 'buffered', flushIntervalMs: 60_000 });
    expect(versions).toEqual([]);
    expect(disk?.data.has('cart')).toBe(false);
  });
});

describe('a node whose worker breaks is faulted alone', () => {
  it.each(['throw-in-next-input', 'exit-in-next-input', 'uncaught-error'] as const)(
    '%s: the run pauses with seed and event index, calls reject, and restarting the node resumes',
    async (how) => {
      const { host } = threadHost({ faultInjection: true });
      const { world, driver } = await workerWorld(busySetup(9), host);
      await within(driver.runUntil(200));
      const heard: NodeFaultedError[] = [];
      host.onFault((e) => heard.push(e));
      await within(host.injectFault('n3', how));

      const pause = await within(driver.runUntil(1800));
      expect(pause).toMatchObject({ node: 'n3', seed: 9 });
      expect(pause?.error).toMatch(/injected fault|exited with code 3/);
      expect(pause?.eventIndex).toBe(world.events());
      expect(world.nowMs()).toBeLessThan(1800);
      expect(world.nodeStatus('n3')).toBe('faulted');
      expect(heard.map((e) => e.node)).toEqual(['n3']);
      await expect(within(host.inspect('n3'))).rejects.toBeInstanceOf(NodeFaultedError);
      await expect(within(host.inspect('n1'))).resolves.toMatchObject({ id: 'n1' });

      // The others go on without n3 until it is restarted; then it runs again.
      await expect(within(driver.runUntil(world.nowMs() + 200))).resolves.toBeUndefined();
      world.inject({ kind: 'recover', node: 'n3' });
      await expect(within(driver.runUntil(1800))).resolves.toBeUndefined();
      expect(world.nodeStatus('n3')).toBe('up');
      await expect(within(host.inspect('n3'))).resolves.toMatchObject({ id: 'n3' });
      expect(world.trace.window().some((r) => r.kind === 'state' && r.node === 'n3' && r.detail?.startsWith('faulted'))).toBe(true);
    },
  );

  it('rejects a control call waiting on a thread that dies, instead of hanging', async () => {
    const { host, threads } = threadHost({ faultInjection: true });
    await workerWorld(makeSetup({ seed: 3 }), host);
    await within(host.injectFault('n1', 'exit-in-next-input'));
    const effects = await within(host.dispatch([{ kind: 'fire', node: 'n1', atMs: 1, timerId: 1 }]));
    expect(effects).toEqual([[]]);
    await expect(within(host.keys('n1'))).rejects.toThrow(/node n1 faulted: the worker thread exited with code 3/);
    const n2 = threads.find((t) => t.workerId === host.workerId('n2'));
    await expect(within(host.keys('n2'))).resolves.toBeInstanceOf(Array);
    expect(n2?.worker.threadId).toBeGreaterThan(0);
  });

  it('refuses fault injection unless the host was made for it', async () => {
    const { host } = threadHost();
    await workerWorld(makeSetup({ seed: 3 }), host);
    await expect(host.injectFault('n1', 'uncaught-error')).rejects.toThrow(/without faultInjection/);
  });
});

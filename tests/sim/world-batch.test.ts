/**
 * How the world batches events (design.md "Hosts"): a batch holds every event within one window of
 * its first, several of one node's included, and is carried out as if its events had run one by
 * one in (time, sequence) order, so how wide the batches are never shows in the trace.
 */
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/core/effects.ts';
import type { NodeConfig } from '../../src/core/node-config.ts';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import type { NodeInput } from '../../src/sim/node-host.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { defaultWorkload, type WorldSetup } from '../../src/sim/world-config.ts';
import { World } from '../../src/sim/world.ts';

function busySetup(seed: number, node: Partial<NodeConfig> = {}): WorldSetup {
  return makeSetup({ seed, nodes: 8, node, workloads: [{ ...defaultWorkload, clients: 4, ratePerSec: 1500 }] });
}

/** An in-process host that keeps every batch it was given, with each input's effects. */
class RecordingHost extends InProcessHost {
  readonly batches: { inputs: readonly NodeInput[]; effects: Effect[][] }[] = [];

  override dispatch(inputs: readonly NodeInput[]): Effect[][] {
    const effects = super.dispatch(inputs);
    this.batches.push({ inputs, effects });
    return effects;
  }
}

/**
 * Runs the setup until `untilMs`, or with `oneEventAfter` one event per batch until it has run as
 * many events as that run (a batch may end past `untilMs`, so the counts are matched, not times).
 */
function run(setup: WorldSetup, untilMs: number, options: { oneEventAfter?: World } = {}) {
  const host = new RecordingHost();
  const world = new World(setup, host);
  const wide = options.oneEventAfter;
  // A zero window leaves one event per batch (the next one is never before the first plus ε).
  if (wide) world.network.minLatencyMs = () => 0;
  const times: number[] = [];
  const record = world.trace.record.bind(world.trace);
  world.trace.record = (r) => {
    times.push(r.timeMs);
    return record(r);
  };
  const recordObservation = world.trace.recordObservation.bind(world.trace);
  world.trace.recordObservation = (timeMs, node, o) => {
    times.push(timeMs);
    return recordObservation(timeMs, node, o);
  };
  void world.init();
  if (wide) while (world.events() < wide.events()) void world.step();
  else world.runUntil(untilMs);
  return { world, host, times };
}

/** Fire inputs whose timer an earlier input of the same batch cleared on the same node. */
function firesClearedEarlierInBatch(host: RecordingHost): { input: NodeInput; effects: Effect[] }[] {
  const out: { input: NodeInput; effects: Effect[] }[] = [];
  for (const { inputs, effects } of host.batches) {
    const cleared = new Set<string>();
    inputs.forEach((input, i) => {
      if (input.kind === 'fire' && cleared.has(`${input.node}:${input.timerId}`)) out.push({ input, effects: effects[i] ?? [] });
      for (const e of effects[i] ?? []) if (e.kind === 'clear-timer') cleared.add(`${input.node}:${e.timerId}`);
    });
  }
  return out;
}

describe('a batch', () => {
  it("holds a node's several events, and the trace is that of one event per batch", () => {
    const wide = run(busySetup(5), 1500);
    const narrow = run(busySetup(5), 1500, { oneEventAfter: wide.world });
    // The first batch is every node's start, run outside the queue.
    expect(narrow.host.batches.slice(1).every(({ inputs }) => inputs.length === 1)).toBe(true);
    const repeats = wide.host.batches.filter(({ inputs }) => new Set(inputs.map((i) => i.node)).size < inputs.length);
    expect(repeats.length).toBeGreaterThan(10);
    expect(wide.host.batches.length).toBeLessThan(narrow.host.batches.length);
    expect(wide.world.events()).toBe(narrow.world.events());
    expect(wide.world.trace.hash()).toBe(narrow.world.trace.hash());
    expect(wide.world.metrics.summary()).toEqual(narrow.world.metrics.summary());
  });

  it('keeps the one-by-one trace when a request timeout is set at the detection point, just before it falls due', () => {
    // The timeout is set 0.05 ms before it falls due, less than any message takes: the batches narrow to that.
    const node = { failureTimeoutMs: 2.95, requestTimeoutMs: 3 };
    const wide = run(busySetup(7, node), 1200);
    const narrow = run(busySetup(7, node), 1200, { oneEventAfter: wide.world });
    const timeouts = wide.world.trace.since(0).filter((r) => r.kind === 'timer' && r.detail === 'request-timeout');
    expect(timeouts.length).toBeGreaterThan(0);
    expect(wide.world.events()).toBe(narrow.world.events());
    expect(wide.world.trace.hash()).toBe(narrow.world.trace.hash());
  });

  it('records events in time order, even a client arrival scheduled inside the window', () => {
    const { times } = run(busySetup(9), 1000);
    expect(times.length).toBeGreaterThan(1000);
    const backwards = times.filter((t, i) => i > 0 && t < (times[i - 1] as number));
    expect(backwards).toEqual([]);
  });

  it('does not fire a timer that an earlier event of the same batch cleared', () => {
    // Requests time out about when their replies come, so a reply and the timeout share batches.
    const node = { requestTimeoutMs: 3, failureTimeoutMs: 3 };
    const wide = run(busySetup(11, node), 1500);
    const cleared = firesClearedEarlierInBatch(wide.host);
    expect(cleared.length).toBeGreaterThan(0);
    // The node ignored each of those fires, and the world neither traced nor counted them.
    for (const { effects } of cleared) expect(effects).toEqual([]);
    const narrow = run(busySetup(11, node), 1500, { oneEventAfter: wide.world });
    expect(firesClearedEarlierInBatch(narrow.host)).toEqual([]);
    expect(wide.world.events()).toBe(narrow.world.events());
    expect(wide.world.trace.hash()).toBe(narrow.world.trace.hash());
  });

  it('keeps what only views draw while they watch, and runs the same without it', () => {
    const watched = new World(busySetup(5), new InProcessHost());
    const headless = new World(busySetup(5), new InProcessHost());
    headless.trackInFlight = false;
    for (const world of [watched, headless]) {
      void world.init();
      // Stop mid-traffic, so requests are open and messages on the wire.
      world.runUntil(742);
    }
    expect(watched.requests.size).toBeGreaterThan(0);
    expect(watched.inFlight.size).toBeGreaterThan(0);
    expect(headless.requests.size).toBe(0);
    expect(headless.inFlight.size).toBe(0);
    expect(headless.events()).toBe(watched.events());
    expect(headless.trace.hash()).toBe(watched.trace.hash());
  });

  it('remembers when its latest batches began, for stepping back', () => {
    const { world, host } = run(busySetup(3), 6000);
    const batches = host.batches.length - 1;
    expect(batches).toBeGreaterThan(4096);
    const starts: number[] = [];
    for (let back = 1; back <= 4096; back++) starts.push(world.batchStartBefore(Infinity, back) as number);
    // Newest first, never later than the one after, each a batch's first event.
    expect(starts.every((t, i) => i === 0 || t <= (starts[i - 1] as number))).toBe(true);
    expect(world.lastBatchStartMs()).toBe(starts[0]);
    expect(starts[0]).toBeLessThanOrEqual(world.nowMs());
    // Further back than it keeps: the oldest it has.
    expect(world.batchStartBefore(Infinity, 10_000)).toBe(starts[4095]);
    // From an earlier time: the latest batch that began by then.
    const earlier = starts[100] as number;
    expect(world.batchStartBefore(earlier, 1)).toBe(earlier);
    expect(world.batchStartBefore(-1, 1)).toBeUndefined();
  });
});

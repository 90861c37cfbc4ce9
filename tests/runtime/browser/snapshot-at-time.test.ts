/**
 * A snapshot at a time before the world's clock: a run to a time carries the events of its last
 * batch up to one window past it (big-cluster's window is 200 ms), and playback draws the time it
 * asked for. The snapshot then holds exactly the messages on the wire at that time and the trace
 * up to it, and its cursor picks the rest up later without losing or repeating a record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/sim/trace-record.ts';
import { SimulationSession } from '../../../src/runtime/browser/simulation-session.ts';
import { createNodeThreadHost } from '../../../src/runtime/node/node-thread-host.ts';
import { makeSetup } from '../../../src/sim/setup.ts';
import { defaultWorkload } from '../../../src/sim/world-config.ts';

const sessions: SimulationSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

/** A wide-area network: a 200 ms minimum latency, so a batch spans 200 ms of events. */
const setup = makeSetup({
  seed: 5,
  traceWindow: 1_000_000,
  network: { latency: { default: 'exp(0.05) + 200' }, lossProbability: 0.05 },
  node: { requestTimeoutMs: 2000, failureTimeoutMs: 1500 },
  clientTimeoutMs: 5000,
  workloads: [{ ...defaultWorkload, ratePerSec: 300 }],
});

async function started(): Promise<SimulationSession> {
  const sim = new SimulationSession(createNodeThreadHost);
  sessions.push(sim);
  await sim.create({ setup, host: 'inprocess' });
  return sim;
}

/** Message ids on the wire at `atMs` by the trace: sent by then, not delivered or dropped by then. */
function onTheWire(trace: readonly TraceRecord[], atMs: number): number[] {
  const sent = new Set<number>();
  for (const r of trace) {
    if (r.id === undefined || r.timeMs > atMs) continue;
    if (r.kind === 'send') sent.add(r.id);
    else if (r.kind === 'deliver' || r.kind === 'drop') sent.delete(r.id);
  }
  return [...sent].sort((a, b) => a - b);
}

describe('a snapshot at a time before the world’s clock', () => {
  it('holds the messages on the wire then and the trace up to it, though the batch ran past it', async () => {
    const sim = await started();
    let overshoots = 0;
    let cursor = 0;
    const seen: TraceRecord[] = [];
    for (let atMs = 150; atMs <= 3000; atMs += 137) {
      const moved = await sim.runUntil(atMs);
      if (moved.worldNowMs > atMs) overshoots++;
      const snap = await sim.snapshot(cursor, atMs);
      expect(snap.status.nowMs).toBe(atMs);
      expect(snap.status.worldNowMs).toBe(moved.worldNowMs);
      expect(snap.trace.every((r) => r.timeMs <= atMs)).toBe(true);
      seen.push(...snap.trace);
      cursor = snap.status.traceCount;
      const full = (await sim.snapshot(0)).trace;
      expect(snap.inFlight.map((f) => f.id).sort((a, b) => a - b)).toEqual(onTheWire(full, atMs));
      expect(snap.inFlight.every((f) => f.sentAtMs <= atMs && f.deliverAtMs > atMs)).toBe(true);
    }
    expect(overshoots).toBeGreaterThan(5);
    // The records held back reach a later snapshot: none lost, none twice.
    const all = (await sim.snapshot(0)).trace.filter((r) => r.timeMs <= 3000 - ((3000 - 150) % 137));
    expect(seen.map((r) => r.index)).toEqual(all.map((r) => r.index));
  });

  it('still holds them after an intervention ran as a batch of its own at the world’s clock', async () => {
    const sim = await started();
    let checked = 0;
    for (let atMs = 400; atMs <= 2400; atMs += 250) {
      const moved = await sim.runUntil(atMs);
      if (moved.worldNowMs <= atMs) continue;
      const before = await sim.snapshot(0, atMs);
      await sim.intervene({ kind: 'loss', probability: 0.05 });
      const after = await sim.snapshot(0, atMs);
      expect(after.inFlight.map((f) => f.id)).toEqual(before.inFlight.map((f) => f.id));
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('is the world as it stands when asked for its own time or later, or without a time', async () => {
    const sim = await started();
    const moved = await sim.runUntil(1000);
    const plain = await sim.snapshot(0);
    const later = await sim.snapshot(0, moved.worldNowMs + 500);
    expect(plain.status.nowMs).toBe(moved.worldNowMs);
    expect(later.status.nowMs).toBe(moved.worldNowMs);
    expect(later.inFlight).toEqual(plain.inFlight);
    expect(later.status.traceCount).toBe(plain.status.traceCount);
    await expect(sim.snapshot(0, Number.NaN)).rejects.toThrow(/atMs must be a finite number/);
  });
});

describe('the message bodies a snapshot carries', () => {
  it('hold a gossip message’s members without their token lists, and every other body whole', async () => {
    const sim = await started();
    await sim.runUntil(3000);
    const { sent } = await sim.snapshot(0);
    const gossip = sent.filter((m) => m.kind === 'gossip.push' || m.kind === 'gossip.reply');
    expect(gossip.length).toBeGreaterThan(0);
    for (const m of gossip) {
      if (m.kind !== 'gossip.push' && m.kind !== 'gossip.reply') continue;
      expect(Object.keys(m.view.members).sort()).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
      expect(Object.values(m.view.members).every((e) => e.tokens.length === 0 && e.status === 'up')).toBe(true);
    }
    const put = sent.find((m) => m.kind === 'put.replica');
    expect(put?.kind === 'put.replica' && put.versions.length).toBeGreaterThan(0);
  });
});

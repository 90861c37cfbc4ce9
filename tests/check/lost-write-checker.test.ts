import { describe, expect, it } from 'vitest';
import { captureState } from '../../src/check/cluster-state.ts';
import { recordedWorld } from '../../src/check/fuzz-run.ts';
import { checkLostWrites } from '../../src/check/lost-write-checker.ts';
import { RunEvidence, versionIdentity } from '../../src/check/run-evidence.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import type { Version } from '../../src/core/types.ts';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { GroundTruth } from '../../src/sim/ground-truth.ts';
import { makeSetup, type SetupChoices } from '../../src/sim/setup.ts';
import type { Fault } from '../../src/sim/world-config.ts';
import { forgeState, version, withNode } from './forge.ts';

function run(node: SetupChoices['node']) {
  const r = recordedWorld(
    makeSetup({ nodes: 5, seed: 11, node: { antiEntropyIntervalMs: 200, ...node } }),
  );
  const act = (fault: Fault, forMs = 0) => {
    r.world.inject(fault);
    r.world.runFor(forMs);
  };
  return { ...r, act };
}

describe('lost acknowledged writes (§4.5, notes #22, #27)', () => {
  it('finds nothing missing when every acked write reached its home replicas', () => {
    const { world, evidence, act } = run({});
    for (let i = 0; i < 5; i++) act({ kind: 'put', key: `cart${i}`, value: ['book'] }, 50);
    world.runFor(5000);
    const report = checkLostWrites(captureState(world), world.truth, evidence);
    expect(world.truth.ackedWrites).toBe(5);
    expect(report).toEqual({ violations: [], losses: [] });
  });

  it('calls a W = 1 write lost with its only holder’s disk "every holder destroyed", not a bug', () => {
    const { world, evidence, act } = run({ N: 3, R: 1, W: 1 });
    const [coordinator, ...others] = homeReplicas(world.ring(), 'cart', 3);
    const rest = world.nodes().filter((n) => n !== coordinator);
    // Cut the coordinator off from every other node; the client stands with it.
    act({ kind: 'partition', groups: [[coordinator!, 'c1'], rest] });
    act({ kind: 'put', key: 'cart', value: ['book'], coordinator: coordinator! }, 500);
    expect(world.truth.ackedWrites).toBe(1);
    act({ kind: 'crash', node: coordinator!, loseDisk: true }, 10);
    act({ kind: 'recover', node: coordinator! });
    act({ kind: 'heal' }, 10_000);
    const report = checkLostWrites(captureState(world), world.truth, evidence);
    expect(report.violations).toEqual([]);
    expect(report.losses.map((l) => l.cause)).toEqual(['every-holder-destroyed']);
    expect(
      others.every(
        (n) =>
          captureState(world)
            .nodes.find((s) => s.id === n)
            ?.data.has('cart') !== true,
      ),
    ).toBe(true);
  });

  describe('a key handed off by a leaving node (§4.9), then its new holder’s disk lost', () => {
    function handOffThenLose(loseDisk: boolean, node: SetupChoices['node'] = {}) {
      const r = run({ N: 1, R: 1, W: 1, ...node });
      const { world, act } = r;
      act({ kind: 'put', key: 'cart', value: ['book'] }, 500);
      const [leaver] = homeReplicas(world.ring(), 'cart', 1);
      act({ kind: 'leave', node: leaver! }, 5000);
      const [heir] = homeReplicas(world.ring(), 'cart', 1);
      const heldBy = (n: string) =>
        captureState(world)
          .nodes.find((s) => s.id === n)
          ?.data.has('cart');
      expect([heir !== leaver, heldBy(leaver!), heldBy(heir!)]).toEqual([true, false, true]);
      if (loseDisk) act({ kind: 'crash', node: heir!, loseDisk: true }, 10);
      return { ...r, leaver: leaver!, heir: heir! };
    }

    it('calls the write lost with "every holder destroyed" when the leaver let it go before the heir lost its disk', () => {
      const { world, evidence, leaver } = handOffThenLose(true);
      expect(evidence.released.get('cart')?.map((e) => e.node)).toEqual([leaver]);
      const report = checkLostWrites(captureState(world), world.truth, evidence);
      expect(report.violations).toEqual([]);
      expect(report.losses.map((l) => l.cause)).toEqual(['every-holder-destroyed']);
    });

    it('sees the leaver let go of a write it held only in its write buffer (§6.1), which leaves no disk effect', () => {
      // Seed 2600730: the leaver dropped a key it had never flushed, and the record kept it as a holder.
      const { world, evidence, leaver } = handOffThenLose(true, { writeMode: 'buffered', flushIntervalMs: 60_000 });
      expect(evidence.held.get('cart')?.find((e) => e.node === leaver)?.durable).toBe(false);
      expect(evidence.released.get('cart')?.map((e) => e.node)).toEqual([leaver]);
      const report = checkLostWrites(captureState(world), world.truth, evidence);
      expect(report.violations).toEqual([]);
      expect(report.losses.map((l) => l.cause)).toEqual(['every-holder-destroyed']);
    });

    it('still reports the write when its only remaining holder just dropped it, disk intact', () => {
      const { world, evidence, heir } = handOffThenLose(false);
      const state = captureState(world);
      const forged = withNode(state, heir, { data: new Map() });
      const report = checkLostWrites(forged, world.truth, evidence);
      expect(report.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/is gone from every node/),
      ]);
    });

    it('still reports the write when the leaver let it go on a confirmation the heir sent after losing it', () => {
      const { world, evidence, heir } = handOffThenLose(true);
      const release = evidence.released.get('cart')![0]!;
      expect(release.basisSeq).toBeLessThan(release.seq);
      const loss = evidence.life.find((l) => l.node === heir && l.kind === 'disk-loss')!;
      // Recorded as if the heir's disk went before it confirmed: dropping the key then lost the last copy.
      loss.seq = release.basisSeq - 0.5;
      const report = checkLostWrites(captureState(world), world.truth, evidence);
      expect(report.losses).toEqual([]);
      expect(report.violations).toHaveLength(1);
    });

    it('calls the write lost, not a violation, when the heir confirmed and lost its disk before the confirmation arrived', () => {
      const { world, evidence, heir } = handOffThenLose(true);
      const release = evidence.released.get('cart')![0]!;
      const loss = evidence.life.find((l) => l.node === heir && l.kind === 'disk-loss')!;
      // The leaver drops the key on a confirmation still on the wire when the heir's disk went.
      loss.seq = (release.basisSeq + release.seq) / 2;
      const report = checkLostWrites(captureState(world), world.truth, evidence);
      expect(report.violations).toEqual([]);
      expect(report.losses.map((l) => l.cause)).toEqual(['every-holder-destroyed']);
    });
  });

  describe('a fallback loses its disk with a hint, then holds a newer hint for the other home (seed 3900454)', () => {
    /**
     * The seed's k15, N = 2: the acked write is on home A and in fallback F's hint for home B (cut
     * off). F loses its disk, hint and all, before B is back. Later F holds a hint of a descendant
     * (a put that reached neither home) for A, delivers it and deletes it once A confirms; A
     * replaces the write with its descendant and then loses its disk. Every copy was destroyed.
     */
    function forge(change: { fallbackDiskLossSeq?: number; releaseNewerHint?: boolean } = {}) {
      const state = forgeState(5, 2);
      const [a, b] = homeReplicas(state.ring, 'cart', 2) as [string, string];
      const f = state.nodes.map((n) => n.id).find((n) => n !== a && n !== b)!;
      const write = version('book', 'c1', 1);
      const newer = version('book+pen', 'c1', 2);
      const truth = new GroundTruth(2000);
      truth.acknowledge({ opId: 1, key: 'cart', clock: write.clock, ackedAtMs: 5 });
      const evidence = new RunEvidence(new InProcessHost());
      evidence.versions.set(
        'cart',
        new Map([write, newer].map((v): [string, { version: Version; firstAtMs: number }] => [versionIdentity(v), { version: v, firstAtMs: v.writtenAtMs }])),
      );
      const hold = (node: string, store: string, v: Version, seq: number) => ({
        node,
        atMs: seq,
        stamps: [{ clock: v.clock }],
        durable: true,
        store,
        seq,
      });
      evidence.held.set('cart', [
        hold(a, 'data', write, 1),
        hold(f, `${b}/cart`, write, 2),
        hold(f, `${a}/cart`, newer, 6),
        hold(a, 'data', newer, 7),
      ]);
      const lossSeq = change.fallbackDiskLossSeq ?? 3;
      evidence.life.push(
        { node: f, atMs: lossSeq, kind: 'crash', seq: lossSeq - 0.5 },
        { node: f, atMs: lossSeq, kind: 'disk-loss', seq: lossSeq },
        { node: a, atMs: 10, kind: 'crash', seq: 10 },
        { node: a, atMs: 10, kind: 'disk-loss', seq: 11 },
      );
      // F deletes its hint for A on A's ack, sent at seq 8.
      if (change.releaseNewerHint !== false)
        evidence.released.set('cart', [{ node: f, atMs: 9, store: `${a}/cart`, seq: 9, basisSeq: 8 }]);
      return checkLostWrites(state, truth, evidence);
    }

    it('calls the write lost with "every holder destroyed": the lost disk took the first hint, the second was delivered', () => {
      const report = forge();
      expect(report.violations).toEqual([]);
      expect(report.losses.map((l) => l.cause)).toEqual(['every-holder-destroyed']);
    });

    it('still reports the write when the fallback never let the newer hint go', () => {
      const report = forge({ releaseNewerHint: false });
      expect(report.losses).toEqual([]);
      expect(report.violations.map((v) => v.message)).toEqual([expect.stringMatching(/is gone from every node/)]);
    });

    it('still reports the write when the fallback lost its disk before it took the first hint', () => {
      const report = forge({ fallbackDiskLossSeq: 1.5 });
      expect(report.losses).toEqual([]);
      expect(report.violations).toHaveLength(1);
    });
  });

  it('records no copy on a coordinator that is not among the put’s targets (every home down, strict quorum)', () => {
    const { world, evidence, act } = run({
      N: 1,
      R: 1,
      W: 1,
      quorumMode: 'strict',
      writeMode: 'buffered',
    });
    const [home] = homeReplicas(world.ring(), 'cart', 1);
    const outsider = world.nodes().find((n) => n !== home)!;
    act({ kind: 'crash', node: home! }, 10);
    act({ kind: 'put', key: 'cart', value: ['book'], coordinator: outsider }, 2000);
    expect(world.truth.ackedWrites).toBe(0);
    expect(evidence.versions.get('cart')?.size).toBe(1);
    expect(evidence.held.get('cart') ?? []).toEqual([]);
  });

  it('records a buffered write its coordinator stored as the key’s only target (N = 1), so losing it in a crash is explained', () => {
    const { world, evidence, act } = run({ N: 1, R: 1, W: 1, writeMode: 'buffered', flushIntervalMs: 1000 });
    const [home] = homeReplicas(world.ring(), 'cart', 1);
    act({ kind: 'put', key: 'cart', value: ['book'], coordinator: home! }, 50);
    expect(world.truth.ackedWrites).toBe(1);
    // No disk effect yet (the write waits in the buffer) and no copy sent: only the store holds it.
    expect(evidence.held.get('cart')?.map((e) => [e.node, e.durable])).toEqual([[home, false]]);
    act({ kind: 'crash', node: home!, loseDisk: true }, 10);
    act({ kind: 'recover', node: home! }, 2000);
    const report = checkLostWrites(captureState(world), world.truth, evidence);
    expect(report.violations).toEqual([]);
    expect(report.losses.map((l) => l.cause)).toEqual(['every-holder-destroyed']);
  });

  it('records a read repair sent to a fallback as a hint it holds, not a copy in its own store (§4.6)', () => {
    const { world, evidence } = run({});
    const [owner] = homeReplicas(world.ring(), 'cart', 3);
    const fallback = world.nodes().find((n) => !homeReplicas(world.ring(), 'cart', 3).includes(n))!;
    const repaired = version('book', owner!, 1);
    evidence.dispatch([
      {
        kind: 'deliver',
        node: fallback,
        atMs: world.nowMs(),
        message: { kind: 'read-repair', key: 'cart', versions: [repaired], hintFor: owner, from: 'c1', to: fallback, id: 1 },
      },
    ]);
    const holds = evidence.held.get('cart') ?? [];
    expect(holds.map((e) => [e.node, e.durable])).toEqual([[fallback, true]]);
    expect(holds[0]?.store).not.toBe('data');
  });

  it('reports a write a home replica lacks while another node still holds it', () => {
    const { world, evidence, act } = run({});
    act({ kind: 'put', key: 'cart', value: ['book'] }, 500);
    const state = captureState(world);
    const home = homeReplicas(world.ring(), 'cart', 3)[1]!;
    const forged = {
      ...state,
      nodes: state.nodes.map((n) => (n.id === home ? { ...n, data: new Map() } : n)),
    };
    const report = checkLostWrites(forged, world.truth, evidence);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]?.message).toMatch(
      new RegExp(`missing on home replicas ${home} but`),
    );
  });
});

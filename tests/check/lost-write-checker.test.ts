import { describe, expect, it } from 'vitest';
import { captureState } from '../../src/check/cluster-state.ts';
import { recordedWorld } from '../../src/check/fuzz-run.ts';
import { checkLostWrites } from '../../src/check/lost-write-checker.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import { makeSetup, type SetupChoices } from '../../src/sim/setup.ts';
import type { Fault } from '../../src/sim/world-config.ts';

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

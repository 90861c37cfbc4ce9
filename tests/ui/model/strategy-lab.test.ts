import { describe, expect, it } from 'vitest';
import { createRing, joinNode, leaveNode } from '../../../src/core/partitioning.ts';
import { movedRanges } from '../../../src/core/ring-metrics.ts';
import { createPrng } from '../../../src/sim/prng.ts';
import { buildRing, nextNodeName, nodesAfterChanges, ringParams } from '../../../src/ui/model/cluster-ring.ts';
import { nodesEverSeen, strategyOutcome } from '../../../src/ui/model/strategy-lab.ts';
import { DEFAULT_SETTINGS, nodesNamed } from '../../../src/ui/store/settings-validation.ts';

describe('the lab’s rings: a deterministic function of the settings and the seed', () => {
  it('builds the initial ring from the seed’s `ring` stream', () => {
    const direct = createRing({
      params: { strategy: 1, tokensPerNode: 6 },
      nodes: DEFAULT_SETTINGS.nodes.map((id) => ({ id })),
      N: 3,
      prng: createPrng(42, 'ring'),
    });
    expect(buildRing(DEFAULT_SETTINGS, 1)).toEqual(direct);
  });

  it('passes each strategy only the parameters it uses', () => {
    expect(ringParams(DEFAULT_SETTINGS, 1)).toEqual({ strategy: 1, tokensPerNode: 6 });
    expect(ringParams(DEFAULT_SETTINGS, 2)).toEqual({ strategy: 2, tokensPerNode: 6, partitionCount: 30 });
    expect(ringParams(DEFAULT_SETTINGS, 3)).toEqual({ strategy: 3, partitionCount: 30 });
  });

  it('reports the fraction moved by a join as the core’s movedRanges, drawing the join from `ring:change:0`', () => {
    const result = strategyOutcome(DEFAULT_SETTINGS, 2, [{ kind: 'join', node: 'n6' }]);
    if (!result.ok) throw new Error(result.error);
    const before = buildRing(DEFAULT_SETTINGS, 2);
    const after = joinNode(before, { id: 'n6' }, 3, createPrng(42, 'ring:change:0'));
    expect(result.outcome.movement).toEqual(movedRanges(before, after, 3));
    expect(result.outcome.movedSpans).toHaveLength(result.outcome.movement?.ranges.length ?? -1);
    expect(result.outcome.previous?.ring).toEqual(before);
  });

  it('explains a strategy the cluster cannot use instead of failing the whole lab', () => {
    const result = strategyOutcome({ ...DEFAULT_SETTINGS, strategy: 1, nodes: nodesAfterChanges(DEFAULT_SETTINGS.nodes, []).concat(['x1', 'x2']), partitionCount: 6 }, 3, []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Q must be at least the number of nodes S=7 \(got 6\): .*takes at most 6 nodes.*remove 1 node or raise Q/);
  });

  it('stops strategy 3 at Q nodes while strategies 1 and 2 go on, naming the current count', () => {
    const settings = { ...DEFAULT_SETTINGS, nodes: nodesNamed(29), partitionCount: 30 };
    const joins = (['n30', 'n31', 'n32'] as const).map((node) => ({ kind: 'join', node }) as const);
    const [s1, s2, s3] = ([1, 2, 3] as const).map((strategy) => strategyOutcome(settings, strategy, joins));
    expect(s3).toEqual({ ok: false, strategy: 3, error: expect.stringContaining('S=32 (got 30)') as string });
    if (!s3?.ok) expect(s3?.error).toContain('remove 2 nodes');
    for (const other of [s1, s2]) expect(other?.ok && other.outcome.ring.nodes.length).toBe(32);
  });

  it('brings strategy 3 back when the newest nodes leave: its ring is as before they came, and their leaving moved nothing', () => {
    const settings = { ...DEFAULT_SETTINGS, nodes: nodesNamed(29), partitionCount: 30 };
    const joins = (['n30', 'n31', 'n32'] as const).map((node) => ({ kind: 'join', node }) as const);
    const back = strategyOutcome(settings, 3, [...joins, { kind: 'leave', node: 'n32' }, { kind: 'leave', node: 'n31' }]);
    const atQ = strategyOutcome(settings, 3, joins.slice(0, 1));
    if (!back.ok || !atQ.ok) throw new Error('strategy 3 should hold 30 nodes');
    expect(back.outcome.ring).toEqual(atQ.outcome.ring);
    expect(back.outcome.movement?.movedFraction).toBe(0);
    expect(back.outcome.neverHeld).toBe('n31');
    expect(atQ.outcome.neverHeld).toBeNull();
    // A cluster configured past Q comes back the same way: strategy 3 holds its first Q nodes.
    const configured = { ...settings, nodes: nodesNamed(32) };
    const shrunk = strategyOutcome(configured, 3, [{ kind: 'leave', node: 'n32' }, { kind: 'leave', node: 'n31' }]);
    expect(shrunk.ok && shrunk.outcome.ring).toEqual(buildRing({ ...settings, nodes: nodesNamed(30) }, 3));
  });

  it('lets the first node that waited off strategy 3’s full ring in when another node leaves (a shared link can remove any node)', () => {
    const settings = { ...DEFAULT_SETTINGS, nodes: nodesNamed(30), partitionCount: 30 };
    const changes = [{ kind: 'join', node: 'n31' }, { kind: 'join', node: 'n32' }, { kind: 'leave', node: 'n2' }] as const;
    const result = strategyOutcome(settings, 3, changes);
    expect(result.ok).toBe(false); // 31 nodes: n32 still waits
    const fewer = strategyOutcome(settings, 3, [...changes, { kind: 'leave', node: 'n5' }]);
    if (!fewer.ok) throw new Error(fewer.error);
    expect(fewer.outcome.ring.nodes.map((n) => n.id).sort()).toEqual(nodesAfterChanges(settings.nodes, [...changes, { kind: 'leave', node: 'n5' }]).sort());
    expect(fewer.outcome.admitted).toEqual({ node: 'n32', inPlaceOf: 'n5' });
    // n31 got in when n2 left, drawing from the admission stream of that change.
    const full = buildRing(settings, 3);
    const n2Left = leaveNode(full, 'n2', 3, createPrng(42, 'ring:change:2'));
    const n31In = joinNode(n2Left, { id: 'n31' }, 3, createPrng(42, 'ring:change:2:admit'));
    expect(fewer.outcome.previous?.ring).toEqual(n31In);
  });

  it('names joining nodes n1, n2, … after the last taken, and keeps every node’s colour slot', () => {
    expect(nextNodeName(['n1', 'n2', 'n4'])).toBe('n3');
    expect(nextNodeName(['A', 'B'])).toBe('n1');
    const changes = [
      { kind: 'join', node: 'n6' },
      { kind: 'leave', node: 'n2' },
    ] as const;
    expect(nodesAfterChanges(DEFAULT_SETTINGS.nodes, changes)).toEqual(['n1', 'n3', 'n4', 'n5', 'n6']);
    expect(nodesEverSeen(DEFAULT_SETTINGS.nodes, changes)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
  });
});

import { describe, expect, it } from 'vitest';
import { createRing, joinNode } from '../../../src/core/partitioning.ts';
import { movedRanges } from '../../../src/core/ring-metrics.ts';
import { createPrng } from '../../../src/sim/prng.ts';
import { buildRing, nextNodeName, nodesAfterChanges, ringParams } from '../../../src/ui/model/cluster-ring.ts';
import { nodesEverSeen, strategyOutcome } from '../../../src/ui/model/strategy-lab.ts';
import { DEFAULT_SETTINGS } from '../../../src/ui/store/settings-validation.ts';

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
    expect(result).toEqual({ ok: false, strategy: 3, error: 'Q must be at least the number of nodes S=7 (got 6)' });
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

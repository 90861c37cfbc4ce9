import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ringPosition } from '../../../src/core/hash.ts';
import { homeReplicas, preferenceList } from '../../../src/core/preference-list.ts';
import { buildRing } from '../../../src/ui/model/cluster-ring.ts';
import { holdingsOf, keyWalk, ringModel } from '../../../src/ui/model/ring-model.ts';
import { DEFAULT_SETTINGS } from '../../../src/ui/store/settings-validation.ts';
import type { StrategyId } from '../../../src/core/types.ts';
import { TAU, firstAtOrAfter } from '../../../src/ui/geometry/ring-layout.ts';

const strategies: StrategyId[] = [1, 2, 3];

describe('a ring prepared for drawing', () => {
  it.each(strategies)('strategy %i: token and range-end angles are sorted, so hit-testing can binary-search', (strategy) => {
    const model = ringModel(buildRing(DEFAULT_SETTINGS, strategy), 3);
    const sorted = (a: Float64Array) => a.every((v, i) => i === 0 || (a[i - 1] ?? 0) <= v);
    expect(sorted(model.tokenAngles)).toBe(true);
    expect(sorted(model.rangeEndAngles)).toBe(true);
    expect(model.rangeEndAngles.at(-1)).toBeLessThanOrEqual(TAU);
  });

  it.each(strategies)('strategy %i: the ranges cover the ring exactly once', (strategy) => {
    const model = ringModel(buildRing(DEFAULT_SETTINGS, strategy), 3);
    const total = model.ranges.reduce((sum, r) => sum + (r.span.endAngle - r.span.startAngle), 0);
    expect(total).toBeCloseTo(TAU, 6);
  });

  it.each(strategies)('strategy %i: a key’s walk lands on the core’s preference list, primaries first', (strategy) => {
    const ring = buildRing(DEFAULT_SETTINGS, strategy);
    const model = ringModel(ring, 3);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (key) => {
        const walk = keyWalk(model, key);
        expect(walk.position).toBe(ringPosition(key));
        expect(walk.preferenceList).toEqual(preferenceList(ring, key, 3));
        expect(walk.stops.map((s) => model.tokens[s.tokenIndex]?.node)).toEqual(walk.preferenceList.map((e) => e.node));
        // The range drawn around the key holds the same N replicas as the key.
        expect(model.ranges[walk.rangeIndex]?.replicas).toEqual(homeReplicas(ring, key, 3));
        // And the pointer at the key's angle hits that range too.
        expect(firstAtOrAfter(model.rangeEndAngles, walk.angle)).toBe(walk.rangeIndex);
      }),
      { numRuns: 200 },
    );
  });

  it('counts what a node holds: Q ranges split N ways under strategy 3', () => {
    const model = ringModel(buildRing(DEFAULT_SETTINGS, 3), 3);
    const all = DEFAULT_SETTINGS.nodes.map((node) => holdingsOf(model, node));
    expect(all.reduce((s, h) => s + h.primary, 0)).toBe(30);
    expect(all.reduce((s, h) => s + h.replica, 0)).toBe(60);
    expect(all.reduce((s, h) => s + h.tokens, 0)).toBe(30);
  });

  it('draws 64 nodes × 256 tokens as 16,384 ranges', () => {
    const model = ringModel(buildRing({ ...DEFAULT_SETTINGS, nodes: Array.from({ length: 64 }, (_, i) => `n${i + 1}`), tokensPerNode: 256 }, 1), 3);
    expect(model.tokens).toHaveLength(16384);
    expect(model.ranges).toHaveLength(16384);
  });
});

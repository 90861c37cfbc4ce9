/**
 * The strategies lesson's claims, on the numbers the strategy lab shows for the lesson's settings
 * (Dynamo §6.2, Figure 8): the lesson loads its scenario into the form, the lab draws from the form.
 */
import { describe, expect, it } from 'vitest';
import { lessonById } from '../../../src/scenario/lessons/lessons.ts';
import { strategyOutcome } from '../../../src/ui/model/strategy-lab.ts';
import { settingsFromScenario } from '../../../src/ui/share/scenario-settings.ts';

const entry = lessonById('partitioning-strategies');

describe('the partitioning strategies lesson', () => {
  it('partitioning strategies: strategy 3 balances best with the least metadata; a join moves about half the keys', () => {
    const settings = settingsFromScenario(entry!.scenario);
    const outcome = (s: 1 | 2 | 3, join = false) => {
      const r = strategyOutcome(settings, s, join ? [{ kind: 'join', node: 'n6' }] : []);
      if (!r.ok) throw new Error(r.error);
      return r.outcome;
    };
    const [s1, s2, s3] = [outcome(1), outcome(2), outcome(3)];
    expect(s3.efficiency).toBe(1);
    expect(s1.efficiency).toBeCloseTo(0.85, 2);
    expect(s2.efficiency).toBeCloseTo(0.67, 2);
    expect(s3.metadataBytesPerNode).toBe(50);
    expect(s1.metadataBytesPerNode).toBe(650);
    for (const s of [1, 2, 3] as const) {
      const moved = outcome(s, true).movement?.movedFraction ?? 0;
      expect(moved).toBeGreaterThan(0.4);
      expect(moved).toBeLessThan(0.65);
    }
  });
});

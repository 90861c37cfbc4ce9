import { describe, expect, it } from 'vitest';
import { faultFamilies, fuzzCase } from '../../src/check/fuzz-scenario.ts';
import { nodeConfigProblem } from '../../src/core/node-config.ts';

describe('one seed decides everything (VOPR swarm testing)', () => {
  it('the same seed draws the same case; other seeds draw others', () => {
    expect(JSON.stringify(fuzzCase(17))).toBe(JSON.stringify(fuzzCase(17)));
    expect(fuzzCase(17).summary).not.toBe(fuzzCase(18).summary);
  });

  it('draws valid clusters with every fault family, fault-free runs included, and heals everything at the end', () => {
    const seen = new Set<string>();
    let faultFree = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = fuzzCase(seed);
      const { node } = c.setup.cluster;
      expect(nodeConfigProblem(node, c.setup.cluster.nodes.length)).toBeUndefined();
      expect(c.setup.cluster.nodes.length).toBeGreaterThanOrEqual(3);
      expect(c.setup.cluster.nodes.length).toBeLessThanOrEqual(8);
      for (const f of c.families) seen.add(f);
      if (c.families.length === 0) faultFree++;
      expect(c.faultEndMs).toBeLessThan(c.healEndMs);
      expect(c.healEndMs).toBeLessThan(c.quietEndMs);
      const last = c.setup.schedule.filter((s) => s.atMs >= c.faultEndMs).map((s) => s.fault.kind);
      expect(last).toEqual(expect.arrayContaining(['heal', 'loss', 'latency', 'slow', 'recover']));
      expect(c.setup.schedule.every((s) => s.atMs <= c.faultEndMs)).toBe(true);
      expect(c.setup.workloads[0]?.stopMs).toBe(c.faultEndMs);
    }
    expect([...seen].sort()).toEqual([...faultFamilies].sort());
    expect(faultFree).toBeGreaterThan(10);
  });
});

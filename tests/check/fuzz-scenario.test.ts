import { describe, expect, it } from 'vitest';
import { playgroundUrl, replayCommand } from '../../src/check/fuzz-run.ts';
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

  it('the heavy mix draws bigger clusters, larger N and more faults from the same seeds', () => {
    let most = 0;
    let largestN = 0;
    let mostFaults = 0;
    for (let seed = 1; seed <= 300; seed++) {
      expect(JSON.stringify(fuzzCase(seed, 'standard'))).toBe(JSON.stringify(fuzzCase(seed)));
      const c = fuzzCase(seed, 'heavy');
      const S = c.setup.cluster.nodes.length;
      expect(nodeConfigProblem(c.setup.cluster.node, S)).toBeUndefined();
      expect(S).toBeLessThanOrEqual(12);
      expect(c.summary).toMatch(/^heavy: S=/);
      expect(c.setup.schedule.every((s) => s.atMs <= c.faultEndMs)).toBe(true);
      most = Math.max(most, S);
      largestN = Math.max(largestN, c.setup.cluster.node.N);
      mostFaults = Math.max(
        mostFaults,
        c.setup.schedule.filter((s) => s.atMs < c.faultEndMs).length,
      );
    }
    expect(most).toBe(12);
    expect(largestN).toBe(5);
    // The standard mix stops at five episodes (ten scheduled faults); the heavy one goes past it.
    expect(mostFaults).toBeGreaterThan(10);
  });

  it('a heavy seed replays with --mix heavy and opens with &mix=heavy', () => {
    expect(replayCommand(7)).toBe('npm run cli -- fuzz --seeds 1 --from 7 --json');
    expect(replayCommand(7, 'heavy')).toBe(
      'npm run cli -- fuzz --seeds 1 --from 7 --mix heavy --json',
    );
    expect(playgroundUrl(7, 1500.4)).toBe('/?fuzz=7&t=1500');
    expect(playgroundUrl(7, 1500.4, 'heavy')).toBe('/?fuzz=7&mix=heavy&t=1500');
  });
});

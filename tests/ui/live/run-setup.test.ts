import { describe, expect, it } from 'vitest';
import { buildRing } from '../../../src/ui/model/cluster-ring.ts';
import { liveRunKey, runSetup, workloadSpec } from '../../../src/ui/live/run-setup.ts';
import { DEFAULT_SETTINGS } from '../../../src/ui/store/settings-validation.ts';
import { World } from '../../../src/sim/world.ts';
import { InProcessHost } from '../../../src/runtime/in-process-host.ts';

describe('the live run built from the settings', () => {
  it('carries the cluster, N, R, W, quorum mode, resolution and seed', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      nodes: ['A', 'B', 'C', 'D'],
      N: 3,
      R: 1,
      W: 3,
      quorumMode: 'strict' as const,
      conflictResolution: 'lww' as const,
      seed: 99,
      partitionCount: 12,
    };
    const setup = runSetup(settings);
    expect(setup.seed).toBe(99);
    expect(setup.cluster.nodes.map((n) => n.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(setup.cluster.ring).toEqual({ strategy: 3, partitionCount: 12 });
    expect(setup.cluster.node).toMatchObject({
      N: 3,
      R: 1,
      W: 3,
      quorumMode: 'strict',
      resolution: 'lww',
    });
  });

  it('runs on the very ring the Ring view draws', () => {
    const world = new World(runSetup(DEFAULT_SETTINGS), new InProcessHost());
    expect(world.ring().tokens).toEqual(buildRing(DEFAULT_SETTINGS).tokens);
  });

  it('describes background traffic by rate, read share and key popularity', () => {
    const spec = workloadSpec('bg1', {
      ratePerSec: 20,
      readFraction: 0.8,
      popularity: 'uniform',
      keyCount: 50,
    });
    expect(spec).toMatchObject({
      id: 'bg1',
      ratePerSec: 20,
      readFraction: 0.8,
      keyCount: 50,
      popularity: { kind: 'uniform' },
      loop: 'open',
    });
    expect(
      workloadSpec('bg2', { ratePerSec: 5, readFraction: 0.5, popularity: 'zipf', keyCount: 10 })
        .popularity,
    ).toEqual({ kind: 'zipf', exponent: 1 });
  });
});

describe('whether a change of settings changes the live run', () => {
  it('does not for T under strategy 3 or Q under strategy 1, which only the strategy lab uses', () => {
    const s3 = { ...DEFAULT_SETTINGS, strategy: 3 as const };
    expect(liveRunKey({ ...s3, tokensPerNode: 1 })).toBe(liveRunKey(s3));
    const s1 = { ...DEFAULT_SETTINGS, strategy: 1 as const };
    expect(liveRunKey({ ...s1, partitionCount: 12 })).toBe(liveRunKey(s1));
    // And the run really is the same.
    expect(JSON.stringify(runSetup({ ...s3, tokensPerNode: 1 }))).toBe(JSON.stringify(runSetup(s3)));
  });

  it('does for anything the run is built from', () => {
    const s2 = { ...DEFAULT_SETTINGS, strategy: 2 as const };
    expect(liveRunKey({ ...s2, tokensPerNode: 1 })).not.toBe(liveRunKey(s2));
    expect(liveRunKey({ ...s2, partitionCount: 12 })).not.toBe(liveRunKey(s2));
    for (const change of [{ R: 1 }, { seed: 7 }, { quorumMode: 'strict' as const }, { nodes: ['n1', 'n2', 'n3', 'n4'] }, { strategy: 1 as const }])
      expect(liveRunKey({ ...DEFAULT_SETTINGS, ...change })).not.toBe(liveRunKey(DEFAULT_SETTINGS));
  });
});

import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../../src/runtime/in-process-host.ts';
import { makeSetup } from '../../../src/sim/setup.ts';
import { World } from '../../../src/sim/world.ts';
import { faultLabel, faultMarks, labelledMarks } from '../../../src/ui/metrics/fault-marks.ts';
import { formatShare, shareWithOneVersion } from '../../../src/ui/metrics/MetricsPanel.tsx';

describe('the changes marked on the metrics charts', () => {
  it('are the faults and interventions that took effect, scheduled or by hand, not reads and writes by hand', () => {
    const world = new World(
      makeSetup({
        seed: 4,
        schedule: [
          { atMs: 300, fault: { kind: 'crash', node: 'n2', loseDisk: true } },
          { atMs: 600, fault: { kind: 'partition', groups: [['n1', 'n3'], ['n4', 'n5']] } },
          { atMs: 700, fault: { kind: 'put', key: 'cart', value: 'pen' } },
          { atMs: 900, fault: { kind: 'heal' } },
        ],
      }),
      new InProcessHost(),
    );
    void world.init();
    world.runUntil(500);
    world.inject({ kind: 'loss', probability: 0.1 });
    world.runUntil(1000);
    expect(faultMarks(world.metrics.faults)).toEqual([
      { atMs: 300, label: 'crash n2 (disk lost)' },
      { atMs: 500, label: 'loss 10 %' },
      { atMs: 600, label: 'partition {n1, n3} | {n4, n5}' },
      { atMs: 900, label: 'heal' },
    ]);
  });

  it('say what changed in a few words', () => {
    expect(faultLabel({ kind: 'cut', from: 'n1', to: 'n2' })).toBe('cut n1→n2');
    expect(faultLabel({ kind: 'latency', leg: 'write', spec: 'uniform(20, 60)' })).toBe('latency write uniform(20, 60)');
    expect(faultLabel({ kind: 'slow', node: 'n3', factor: 4 })).toBe('slow n3 ×4');
    expect(faultLabel({ kind: 'slow', node: 'n3', factor: 1 })).toBe('n3 normal speed');
    expect(faultLabel({ kind: 'workload-stop', id: 'w1' })).toBe('traffic w1 off');
  });

  it('write a label only where it does not run into the last one written', () => {
    expect(labelledMarks([10, 50, 200, 120, 300], 96)).toEqual([true, false, false, true, true]);
    expect(labelledMarks([], 96)).toEqual([]);
  });
});

describe('the share of reads with one version (§6.3)', () => {
  it('counts reads that found the key, and is unknown before one did', () => {
    expect(shareWithOneVersion({ 0: 5, 1: 3, 2: 1 })).toBe(0.75);
    expect(shareWithOneVersion({ 0: 5 })).toBeUndefined();
    expect(shareWithOneVersion({})).toBeUndefined();
  });

  it('shows as many decimals as the paper’s 99.94 % needs, and 100 % only when every read had one', () => {
    expect(formatShare(0.9994)).toBe('99.94 %');
    expect(formatShare(0.99996)).toBe('99.99 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0.992)).toBe('99.2 %');
    expect(formatShare(0.5)).toBe('50 %');
  });
});

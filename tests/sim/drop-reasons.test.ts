import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';
import { World } from '../../src/sim/world.ts';

describe('a dropped message says why its receiver did not take it', () => {
  it('crashed for a crashed node, left for one that left and handed off (§4.9), partition across a partition', () => {
    const setup = makeSetup({
      seed: 3,
      traceWindow: 200_000,
      node: { gossipIntervalMs: 100 },
      workloads: [{ ...defaultWorkload, ratePerSec: 400 }],
      schedule: [
        { atMs: 300, fault: { kind: 'leave', node: 'n2' } },
        { atMs: 2000, fault: { kind: 'crash', node: 'n3' } },
        { atMs: 2500, fault: { kind: 'partition', groups: [['n1', 'n4'], ['n5']] } },
      ],
    });
    const world = new World(setup, new InProcessHost());
    void world.init();
    world.runUntil(1500);
    expect(world.hasHandedOff('n2')).toBe(true);
    // A client still sends to n2, as one with an old list of nodes would.
    world.clients.put('stale-client', 'cart', 'book', world.nowMs(), { coordinator: 'n2' });
    world.runUntil(3500);
    const drops = world.trace.window().filter((r) => r.kind === 'drop');
    // Before the partition: after it, a partition is named first.
    const reasons = (to: string) => new Set(drops.filter((r) => r.to === to && r.timeMs < 2500).map((r) => r.detail));
    expect(reasons('n3')).toEqual(new Set(['crashed']));
    expect(reasons('n2')).toContain('left');
    expect(reasons('n2')).not.toContain('crashed');
    expect(drops.some((r) => r.detail === 'partition' && r.timeMs >= 2500)).toBe(true);
  });
});

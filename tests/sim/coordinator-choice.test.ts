import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';
import { World } from '../../src/sim/world.ts';

describe('a server-driven client’s coordinator (§4.5)', () => {
  it.each(['random', 'partition-aware'] as const)(
    'is a node the client can reach while there is one: %s choice under a partition',
    (coordinatorChoice) => {
      const setup = makeSetup({
        seed: 6,
        traceWindow: 100_000,
        workloads: [{ ...defaultWorkload, ratePerSec: 200, coordinatorChoice }],
        // Clients named in no group stand with the first.
        schedule: [{ atMs: 500, fault: { kind: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] } }],
      });
      const world = new World(setup, new InProcessHost());
      void world.init();
      world.runUntil(3000);
      const requests = world.trace
        .window()
        .filter((r) => r.kind === 'send' && r.from !== undefined && !/^n\d/.test(r.from) && /^n\d/.test(r.to ?? ''));
      const during = new Set(requests.filter((r) => r.timeMs > 500).map((r) => r.to));
      const before = new Set(requests.filter((r) => r.timeMs < 500).map((r) => r.to));
      expect(before.size).toBeGreaterThan(2);
      expect(during).toEqual(new Set(['n1', 'n2']));
      expect(world.metrics.summary().operations.put.failed).toBe(0);
    },
  );

  it('is not a node whose way back to the client is cut: its replies would be lost', () => {
    const setup = makeSetup({
      seed: 6,
      traceWindow: 100_000,
      workloads: [{ ...defaultWorkload, ratePerSec: 200, clients: 1 }],
      schedule: [{ atMs: 500, fault: { kind: 'cut', from: 'n3', to: 'w1-c1' } }],
    });
    const world = new World(setup, new InProcessHost());
    void world.init();
    world.runUntil(3000);
    const to = world.trace
      .window()
      .filter((r) => r.kind === 'send' && r.from === 'w1-c1' && r.timeMs > 500)
      .map((r) => r.to);
    expect(to.length).toBeGreaterThan(10);
    expect(to).not.toContain('n3');
  });
});

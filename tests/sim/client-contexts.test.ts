import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';
import { World } from '../../src/sim/world.ts';

describe("a client session's contexts (§4.4)", () => {
  const world = new World(
    makeSetup({
      seed: 9,
      nodes: 3,
      workloads: [{ ...defaultWorkload, id: 'w', clients: 1, loop: 'closed', thinkMs: 10, readFraction: 0.5, keyCount: 4, stopMs: 1000 }],
    }),
    new InProcessHost(),
  );
  void world.init();
  world.runUntil(2000);

  it('lists the context of each key the client had an answer for, as its next put would send it', () => {
    const all = world.clients.contextsOf('w-c1', 100);
    expect(all.map(([key]) => key).sort()).toEqual(['k0', 'k1', 'k2', 'k3']);
    for (const [key, context] of all) {
      expect(context.length).toBeGreaterThan(0);
      expect(context).toBe(world.clients.contextOf('w-c1', key));
    }
  });

  it('lists at most the asked number, and nothing for a client it never saw', () => {
    expect(world.clients.contextsOf('w-c1', 2)).toHaveLength(2);
    expect(world.clients.contextsOf('nobody', 10)).toEqual([]);
  });
});

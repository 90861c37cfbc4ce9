import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import type { OpResult } from '../../src/sim/clients.ts';
import { makeSetup } from '../../src/sim/setup.ts';
import { defaultWorkload } from '../../src/sim/world-config.ts';
import { World } from '../../src/sim/world.ts';

function run(readModifyWrite: boolean): OpResult[] {
  const world = new World(
    makeSetup({
      seed: 5,
      nodes: 3,
      workloads: [{ ...defaultWorkload, id: 'w', clients: 2, loop: 'closed', thinkMs: 10, readFraction: 0, readModifyWrite, keyCount: 3, stopMs: 1000 }],
    }),
    new InProcessHost(),
  );
  const results: OpResult[] = [];
  world.clients.onResult((r) => results.push(r));
  void world.init();
  world.runUntil(3000);
  return results;
}

describe('a closed-loop workload that reads before it writes (§4.4, §6.3)', () => {
  it('precedes every put with a get of the same key by the same client, and the put follows at once', () => {
    const results = run(true);
    expect(results.length).toBeGreaterThan(20);
    for (const client of ['w-c1', 'w-c2']) {
      const mine = results.filter((r) => r.client === client).sort((a, b) => a.opId - b.opId);
      for (let i = 0; i + 1 < mine.length; i += 2) {
        const [read, write] = [mine[i]!, mine[i + 1]!];
        expect([read.kind, write.kind, write.key]).toEqual(['get', 'put', read.key]);
        // No think time between them: the write leaves when the read ends.
        expect(write.startMs).toBe(read.endMs);
      }
    }
  });

  it('leaves a workload without it as it was: puts only, no reads', () => {
    const results = run(false);
    expect(results.every((r) => r.kind === 'put')).toBe(true);
  });
});

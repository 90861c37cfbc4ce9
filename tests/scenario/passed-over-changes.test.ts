import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { passedOverChanges } from '../../src/scenario/scenario-checks.ts';
import { scenarioToSetup } from '../../src/scenario/scenario-setup.ts';
import type { Scenario } from '../../src/scenario/scenario-schema.ts';
import { World } from '../../src/sim/world.ts';

function statusesAfter(s: Scenario, ms: number): Record<string, string | undefined> {
  const world = new World(scenarioToSetup(s), new InProcessHost());
  void world.init();
  world.runUntil(ms);
  return Object.fromEntries(world.nodes().map((n) => [n, world.nodeStatus(n)]));
}

describe('membership changes a schedule asks for that will not happen (§4.8, §4.9)', () => {
  it('names a join of a node already in the ring, and the world passes over it', () => {
    const s: Scenario = { version: 1, schedule: [{ atMs: 100, fault: { kind: 'join', node: 'n1' } }] };
    expect(passedOverChanges(s).map((e) => [e.path, e.message])).toEqual([
      ['schedule[0].fault', 'node "n1" is already in the ring at 100 ms, so this join will not happen'],
    ]);
    expect(statusesAfter(s, 500).n1).toBe('up');
  });

  it('names a leave that would leave fewer than N nodes, and the node stays', () => {
    const s: Scenario = {
      version: 1,
      cluster: { nodes: 4, N: 3 },
      schedule: [
        { atMs: 100, fault: { kind: 'leave', node: 'n1' } },
        { atMs: 200, fault: { kind: 'leave', node: 'n2' } },
      ],
    };
    expect(passedOverChanges(s).map((e) => e.path)).toEqual(['schedule[1].fault']);
    expect(passedOverChanges(s)[0]?.message).toContain('would leave 2 nodes, fewer than N = 3');
    const after = statusesAfter(s, 500);
    expect(after.n1).toBe('left');
    expect(after.n2).toBe('up');
  });

  it('names a leave of a crashed node, in time order whatever the order in the file; none once it recovered', () => {
    const s: Scenario = {
      version: 1,
      schedule: [
        { atMs: 200, fault: { kind: 'leave', node: 'n2' } },
        { atMs: 100, fault: { kind: 'crash', node: 'n2' } },
      ],
    };
    expect(passedOverChanges(s)[0]?.message).toBe('node "n2" is crashed at 200 ms, so this leave will not happen: a node leaves only while it is up');
    expect(statusesAfter(s, 500).n2).toBe('crashed');
    const recovered: Scenario = { ...s, schedule: [...(s.schedule ?? []), { atMs: 150, fault: { kind: 'recover', node: 'n2' } }] };
    expect(passedOverChanges(recovered)).toEqual([]);
  });

  it('still names the leave of a crashed node after a join of it that did not happen', () => {
    const s: Scenario = {
      version: 1,
      schedule: [
        { atMs: 100, fault: { kind: 'crash', node: 'n2' } },
        { atMs: 200, fault: { kind: 'join', node: 'n2' } },
        { atMs: 300, fault: { kind: 'leave', node: 'n2' } },
      ],
    };
    expect(passedOverChanges(s).map((e) => e.path)).toEqual(['schedule[1].fault', 'schedule[2].fault']);
    expect(statusesAfter(s, 500).n2).toBe('crashed');
  });
});

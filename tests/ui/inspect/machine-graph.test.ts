import { describe, expect, it } from 'vitest';
import { getMachine, putMachine } from '../../../src/core/coordinator-machine.ts';
import { layoutMachine, machineGraph } from '../../../src/ui/inspect/machine-graph.ts';

describe('the coordinator machines drawn from their XState definitions (§4.5)', () => {
  it('put: waiting → succeeded on W acks → done; waiting → failed on timeout', () => {
    const graph = machineGraph(putMachine);
    expect(graph.states.map((s) => s.id)).toEqual(['waiting', 'succeeded', 'done', 'failed']);
    expect(graph.states.find((s) => s.initial)?.id).toBe('waiting');
    expect(graph.states.filter((s) => s.final).map((s) => s.id)).toEqual(['done', 'failed']);
    const edges = Object.fromEntries(graph.edges.map((e) => [`${e.from}→${e.to}`, e.label]));
    expect(edges).toEqual({
      'waiting→succeeded': 'quorumReached',
      'waiting→failed': 'timer.expired',
      'succeeded→done': 'allReplied | timer.expired',
    });
  });

  it('get: waiting → read-repairing on R replies → done; waiting → failed', () => {
    const graph = machineGraph(getMachine);
    const edges = graph.edges.map((e) => `${e.from}→${e.to}`);
    expect(edges).toEqual(['waiting→read-repairing', 'waiting→failed', 'read-repairing→done']);
    expect(graph.edges.find((e) => e.to === 'done')?.label).toBe('allReplied | repair.window-closed | timer.expired');
  });

  it('lays states out left to right by distance from the initial state, edges from box to box', () => {
    const layout = layoutMachine(machineGraph(putMachine), 360, 120);
    const at = Object.fromEntries(layout.states.map((s) => [s.id, s]));
    expect(at.waiting?.column).toBe(0);
    expect(at.succeeded?.column).toBe(1);
    expect(at.failed?.column).toBe(1);
    expect(at.done?.column).toBe(2);
    expect(at.succeeded?.y).not.toBe(at.failed?.y);
    for (const e of layout.edges) {
      const from = at[e.from]!;
      const to = at[e.to]!;
      // Each end sits on its box's border, so the arrowhead is visible outside the target box.
      expect(Math.abs(e.x1 - from.x) <= layout.boxWidth / 2 + 1e-9 && Math.abs(e.y1 - from.y) <= layout.boxHeight / 2 + 1e-9).toBe(true);
      expect(Math.max(Math.abs(e.x2 - to.x) / (layout.boxWidth / 2), Math.abs(e.y2 - to.y) / (layout.boxHeight / 2))).toBeCloseTo(1, 9);
    }
  });
});

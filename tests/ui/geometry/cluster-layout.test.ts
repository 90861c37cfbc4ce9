import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusterLayout,
  dropPoint,
  labelPoint,
  linkControl,
  messagePoint,
  messageProgress,
  nodeAt,
} from '../../../src/ui/geometry/cluster-layout.ts';

const five = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('placing nodes around the cluster circle', () => {
  it('puts the first node at 12 o’clock and walks clockwise', () => {
    const layout = clusterLayout(five, 600, 600, 50);
    const n1 = layout.nodes.get('n1');
    const n2 = layout.nodes.get('n2');
    expect(n1?.x).toBeCloseTo(300);
    expect(n1?.y).toBeCloseTo(50);
    expect(n2?.x).toBeGreaterThan(300); // clockwise: to the right of the top
  });

  it('never lets neighbouring discs touch, from 1 to 128 nodes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 128 }),
        fc.integer({ min: 300, max: 2000 }),
        (count, size) => {
          const nodes = Array.from({ length: count }, (_, i) => `n${i + 1}`);
          const layout = clusterLayout(nodes, size, size);
          const a = layout.nodes.get('n1');
          const b = layout.nodes.get('n2');
          if (!a || !b) return false;
          return Math.hypot(a.x - b.x, a.y - b.y) > 2 * layout.nodeRadius;
        },
      ),
    );
  });

  it('finds the node under a pointer and nothing between nodes', () => {
    const layout = clusterLayout(five, 600, 600);
    const n3 = layout.nodes.get('n3') ?? { x: 0, y: 0 };
    expect(nodeAt(layout, { x: n3.x + 3, y: n3.y - 3 })).toBe('n3');
    expect(nodeAt(layout, layout.center)).toBeUndefined();
  });

  it('sets labels outside the circle', () => {
    const layout = clusterLayout(five, 600, 600);
    for (const node of five) {
      const label = labelPoint(layout, node);
      expect(Math.hypot(label.x - 300, label.y - 300)).toBeGreaterThan(
        layout.radius + layout.nodeRadius,
      );
    }
  });
});

describe('messages in flight', () => {
  it('are where (now - sentAt) / (deliverAt - sentAt) says, clamped to the link', () => {
    expect(messageProgress(15, 10, 20)).toBe(0.5);
    expect(messageProgress(5, 10, 20)).toBe(0);
    expect(messageProgress(25, 10, 20)).toBe(1);
    expect(messageProgress(10, 10, 10)).toBe(1);
  });

  it('leave the sender’s disc edge and land on the receiver’s', () => {
    const layout = clusterLayout(five, 600, 600);
    const n1 = layout.nodes.get('n1') ?? { x: 0, y: 0 };
    const n3 = layout.nodes.get('n3') ?? { x: 0, y: 0 };
    const start = messagePoint(layout, 'n1', 'n3', 0);
    const end = messagePoint(layout, 'n1', 'n3', 1);
    // Trimmed by curve parameter, not arc length: within a couple of px of the disc's edge.
    expect(Math.abs(Math.hypot(start.x - n1.x, start.y - n1.y) - layout.nodeRadius)).toBeLessThan(
      2,
    );
    expect(Math.abs(Math.hypot(end.x - n3.x, end.y - n3.y) - layout.nodeRadius)).toBeLessThan(2);
  });

  it('come from the centre when a client sends them', () => {
    const layout = clusterLayout(five, 600, 600);
    expect(messagePoint(layout, 'c1', 'n2', 0)).toEqual(layout.center);
  });

  it('travel a request and its reply on opposite sides, so the two never overlap', () => {
    const layout = clusterLayout(five, 600, 600);
    const a = layout.nodes.get('n1') ?? { x: 0, y: 0 };
    const b = layout.nodes.get('n3') ?? { x: 0, y: 0 };
    const there = linkControl(a, b);
    const back = linkControl(b, a);
    const side = (p: { x: number; y: number }) =>
      Math.sign((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x));
    expect(side(there)).toBe(-side(back));
    const midThere = messagePoint(layout, 'n1', 'n3', 0.5);
    const midBack = messagePoint(layout, 'n3', 'n1', 0.5);
    expect(Math.hypot(midThere.x - midBack.x, midThere.y - midBack.y)).toBeGreaterThan(10);
  });

  it('that were dropped are marked next to the node that did not get them', () => {
    const layout = clusterLayout(five, 600, 600);
    const n4 = layout.nodes.get('n4') ?? { x: 0, y: 0 };
    const mark = dropPoint(layout, 'n1', 'n4');
    expect(Math.hypot(mark.x - n4.x, mark.y - n4.y)).toBeLessThan(layout.nodeRadius * 3);
  });
});

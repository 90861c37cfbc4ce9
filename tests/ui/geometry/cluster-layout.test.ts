import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusterLayout,
  dropLabelPlacement,
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

  it('that were dropped have their reason written clear of the receiving disc, from any side', () => {
    // A label's box, as the canvas anchors it: 90 px of text, 14 px high.
    const box = (at: ReturnType<typeof dropLabelPlacement>, w = 90, h = 14) => {
      const left = at.align === 'left' ? at.x : at.align === 'right' ? at.x - w : at.x - w / 2;
      const top = at.baseline === 'top' ? at.y : at.baseline === 'bottom' ? at.y - h : at.y - h / 2;
      return { left, right: left + w, top, bottom: top + h };
    };
    for (const count of [2, 5, 16, 64]) {
      const nodes = Array.from({ length: count }, (_, i) => `n${i + 1}`);
      const layout = clusterLayout(nodes, 800, 600);
      for (const to of nodes) {
        const disc = layout.nodes.get(to) ?? { x: 0, y: 0 };
        for (const from of [...nodes, 'c1']) {
          if (from === to) continue;
          const b = box(dropLabelPlacement(layout, from, to));
          // The box's point nearest the disc's centre lies outside the disc.
          const nx = Math.min(Math.max(disc.x, b.left), b.right);
          const ny = Math.min(Math.max(disc.y, b.top), b.bottom);
          expect(Math.hypot(nx - disc.x, ny - disc.y), `${from}→${to} of ${count}`).toBeGreaterThan(layout.nodeRadius);
        }
      }
    }
  });
});

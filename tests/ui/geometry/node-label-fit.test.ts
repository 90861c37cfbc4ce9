import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterLayout, labelPoint } from '../../../src/ui/geometry/cluster-layout.ts';
import { labelPitchPx, MIN_LABEL_FONT_PX, nodeLabelFit } from '../../../src/ui/geometry/node-label-fit.ts';
import type { NodeLabelType } from '../../../src/ui/geometry/node-label-fit.ts';

const nodesOf = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);

/** Roughly the page's type: 16 px bold names, 13 px state lines; presenter mode's is 1.44 times larger. */
function typeOf(longestId: string, fontPx = 16): NodeLabelType {
  const k = fontPx / 16;
  return {
    name: { width: longestId.length * 10 * k, height: 19 * k, fontPx },
    state: { width: 60 * k, height: 16 * k },
  };
}

/** Two boxes of `width` × `height` centred on a and b overlap. */
function overlap(a: { x: number; y: number }, b: { x: number; y: number }, width: number, height: number): boolean {
  return Math.abs(a.x - b.x) < width && Math.abs(a.y - b.y) < height;
}

describe('the room between neighbouring node names', () => {
  it('is the distance between neighbouring label points, from 2 to 128 nodes', () => {
    for (const n of [2, 5, 16, 40, 64, 128]) {
      const layout = clusterLayout(nodesOf(n), 900, 600, 64);
      const a = labelPoint(layout, 'n1', 12);
      const b = labelPoint(layout, 'n2', 12);
      expect(labelPitchPx(layout, 12)).toBeCloseTo(Math.hypot(b.x - a.x, b.y - a.y), 6);
    }
  });

  it('is unbounded for a single node', () => {
    expect(labelPitchPx(clusterLayout(['n1'], 900, 600, 64))).toBe(Infinity);
  });
});

describe('node names around the circle never overlap', () => {
  it('draws five nodes’ names and states at their styled size', () => {
    const layout = clusterLayout(nodesOf(5), 900, 600, 64);
    expect(nodeLabelFit(labelPitchPx(layout), typeOf('n5'))).toEqual({ scale: 1, stateShown: true });
  });

  it('shrinks 40 names a little where the stage is small and keeps them whole where it is large', () => {
    // About the stage's size at 1280×800 and at 1920×1080.
    const small = clusterLayout(nodesOf(40), 690, 540, 64);
    const smallFit = nodeLabelFit(labelPitchPx(small), typeOf('n40'));
    expect(smallFit.scale).toBeGreaterThan(0);
    expect(smallFit.scale).toBeLessThan(1);
    const large = clusterLayout(nodesOf(40), 1300, 820, 64);
    expect(nodeLabelFit(labelPitchPx(large), typeOf('n40')).scale).toBe(1);
  });

  it('leaves names to hover and focus when they would be smaller than readable, and state lines before names', () => {
    const crowded = clusterLayout(nodesOf(128), 690, 540, 64);
    expect(nodeLabelFit(labelPitchPx(crowded), typeOf('n128'))).toEqual({ scale: 0, stateShown: false });
    // Room for a name but not for the name with its state line beside the neighbours'.
    const fit = nodeLabelFit(40, typeOf('n40'));
    expect(fit.scale).toBe(1);
    expect(fit.stateShown).toBe(false);
  });

  it('keeps every drawn name clear of its neighbours’, at any node count, stage size and type size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 128 }),
        fc.integer({ min: 300, max: 2000 }),
        fc.integer({ min: 300, max: 1200 }),
        fc.constantFrom(16, 23),
        (n, width, height, fontPx) => {
          const layout = clusterLayout(nodesOf(n), width, height, 64);
          const type = typeOf(`n${n}`, fontPx);
          const fit = nodeLabelFit(labelPitchPx(layout), type);
          if (fit.scale === 0) return;
          expect(fit.scale * fontPx).toBeGreaterThanOrEqual(MIN_LABEL_FONT_PX);
          const w = type.name.width * fit.scale;
          const h = type.name.height * fit.scale;
          const points = nodesOf(n).map((id) => labelPoint(layout, id, 12));
          points.forEach((p, i) => {
            const next = points[(i + 1) % n]!;
            expect(overlap(p, next, w, h)).toBe(false);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TAU,
  angleOf,
  arcPath,
  firstAtOrAfter,
  fractionToAngle,
  hitTest,
  nearestAngleIndex,
  pointAt,
  rangeSpan,
  labelPlacement,
  nonOverlappingLabels,
  placeLabels,
} from '../../../src/ui/geometry/ring-layout.ts';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);

describe('angles on the ring: position 0 at 12 o’clock, walking clockwise', () => {
  it('puts a quarter of the hash space at 3 o’clock and half at 6 o’clock', () => {
    const quarter = pointAt(fractionToAngle(0.25), 100);
    close(quarter.x, 100);
    close(quarter.y, 0);
    const half = pointAt(fractionToAngle(0.5), 100);
    close(half.x, 0);
    close(half.y, 100);
  });

  it('reads back the angle of any point it placed', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }), (f, r) => {
        const center = { x: 320, y: 240 };
        const angle = fractionToAngle(f);
        close(angleOf(pointAt(angle, r, center), center), angle);
      }),
    );
  });
});

describe('range arcs', () => {
  it('spans (start, end] clockwise and wraps through position 0 when end < start', () => {
    expect(rangeSpan(0.1, 0.3)).toEqual({ startAngle: 0.1 * TAU, endAngle: 0.3 * TAU });
    const wrapping = rangeSpan(0.9, 0.1);
    close(wrapping.startAngle, 0.9 * TAU);
    close(wrapping.endAngle, 1.1 * TAU);
  });

  it('gives a lone token the whole ring', () => {
    const whole = rangeSpan(0.4, 0.4);
    close(whole.endAngle - whole.startAngle, TAU);
  });

  it('draws an annular sector as SVG path data', () => {
    expect(arcPath({ startAngle: 0, endAngle: Math.PI / 2 }, 50, 100)).toMatch(/^M.*A.*L.*A.*Z$/);
  });
});

describe('walking to the next token (binary search over sorted angles)', () => {
  const tokens = [0.5, 1.5, 3, 5];

  it('finds the first token at or after an angle and wraps past the last one', () => {
    expect(firstAtOrAfter(tokens, 0.2)).toBe(0);
    expect(firstAtOrAfter(tokens, 1.5)).toBe(1);
    expect(firstAtOrAfter(tokens, 4)).toBe(3);
    expect(firstAtOrAfter(tokens, 6)).toBe(0);
    expect(firstAtOrAfter([], 1)).toBe(-1);
  });

  it('agrees with a linear scan for any sorted angles', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: TAU, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: TAU, maxExcluded: true, noNaN: true }), (raw, angle) => {
        const sorted = [...raw].sort((a, b) => a - b);
        const linear = sorted.findIndex((a) => a >= angle);
        expect(firstAtOrAfter(sorted, angle)).toBe(linear === -1 ? 0 : linear);
      }),
    );
  });

  it('picks the nearest token across the top of the ring', () => {
    expect(nearestAngleIndex([0.1, 3, TAU - 0.05], 0.01)).toBe(2);
    expect(nearestAngleIndex([0.1, 3, TAU - 0.05], 0.06)).toBe(0);
    expect(nearestAngleIndex([0.1, 3, TAU - 0.05], 2.9)).toBe(1);
  });
});

describe('hit-testing the pointer', () => {
  const center = { x: 200, y: 200 };
  const input = {
    tokenAngles: [fractionToAngle(0.25), fractionToAngle(0.75)],
    rangeEndAngles: [fractionToAngle(0.25), fractionToAngle(0.75)],
    center,
    innerRadius: 80,
    outerRadius: 110,
    tokenSlopPx: 5,
  };

  it('hits the token under the pointer, within a few pixels along the ring', () => {
    expect(hitTest(pointAt(fractionToAngle(0.25) + 0.02, 100, center), input)).toEqual({ kind: 'token', index: 0 });
  });

  it('hits the range (previous token, token] between tokens', () => {
    // Just after the token at 3 o'clock, the key belongs to the range ending at 9 o'clock.
    expect(hitTest(pointAt(fractionToAngle(0.4), 100, center), input)).toEqual({ kind: 'range', index: 1 });
    // Past 9 o'clock the walk wraps to the token at 3 o'clock.
    expect(hitTest(pointAt(fractionToAngle(0.9), 100, center), input)).toEqual({ kind: 'range', index: 0 });
  });

  it('misses inside the hole and outside the band', () => {
    expect(hitTest(center, input)).toBeNull();
    expect(hitTest(pointAt(1, 150, center), input)).toBeNull();
  });

  it('finds the right token among 64 × 256 sorted tokens', () => {
    const angles = Float64Array.from({ length: 64 * 256 }, (_, i) => ((i + 0.5) / (64 * 256)) * TAU);
    const big = { ...input, tokenAngles: angles, rangeEndAngles: angles, innerRadius: 300, outerRadius: 420, tokenSlopPx: 0.05 };
    expect(hitTest(pointAt(angles[12345] ?? 0, 400, center), big)).toEqual({ kind: 'token', index: 12345 });
  });
});

describe('token labels that do not overlap', () => {
  it('writes no two names over each other, from any side of the ring', () => {
    const clustered = [0.01, 0.02, 0.03, 3.13, 3.14, 3.15, 3.16, 1.5, 1.52, 4.7, 4.72, 6.2, 6.25].map((angle, i) => ({ angle, text: `n${i % 5 + 1}` }));
    const chosen = nonOverlappingLabels(clustered, 200);
    const boxOf = (i: number) => {
      const label = clustered[i]!;
      const at = labelPlacement(label.angle, 200, { x: 0, y: 0 });
      const w = label.text.length * 8.5;
      const left = at.anchor === 'start' ? at.x : at.anchor === 'end' ? at.x - w : at.x - w / 2;
      return { left, right: left + w, top: at.y - 8, bottom: at.y + 8 };
    };
    for (const i of chosen)
      for (const j of chosen) {
        if (i >= j) continue;
        const a = boxOf(i);
        const b = boxOf(j);
        expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, `${i} and ${j}`).toBe(false);
      }
    expect(chosen.length).toBeLessThan(clustered.length);
    // A key's preference list keeps its names, though a neighbour came first clockwise.
    expect(nonOverlappingLabels(clustered, 200, { first: new Set([4]) })).toContain(4);
  });

  it('drops a name a key’s marker line runs through, unless it is one of the key’s own', () => {
    // Tokens at 6 o'clock, left and right of a key's line straight down.
    const labels = [
      { angle: Math.PI - 0.02, text: 'n5' },
      { angle: Math.PI + 0.5, text: 'n2' },
    ];
    const line = { angle: Math.PI, fromRadius: 150, toRadius: 240 };
    expect(nonOverlappingLabels(labels, 200)).toEqual([0, 1]);
    expect(nonOverlappingLabels(labels, 200, { avoid: [line] })).toEqual([1]);
    expect(nonOverlappingLabels(labels, 200, { avoid: [line], first: new Set([0]) })).toEqual([0, 1]);
    // A line that stops short of the names leaves them all.
    expect(nonOverlappingLabels(labels, 200, { avoid: [{ ...line, toRadius: 180 }] })).toEqual([0, 1]);
  });

  it('moves a key’s home replica out when another of its homes took its place, rather than drop its name', () => {
    // Two of a key's homes side by side at 3 o'clock, and a stranger beside them.
    const labels = [
      { angle: Math.PI / 2, text: 'n3' },
      { angle: Math.PI / 2 + 0.01, text: 'n4' },
      { angle: Math.PI / 2 + 0.02, text: 'n9' },
    ];
    const first = new Set([0, 1]);
    expect(placeLabels(labels, 200, { first })).toEqual([{ index: 0, radius: 200 }]);
    // At 3 o'clock a name runs outward: the next one moves out past its end.
    expect(placeLabels(labels, 200, { first, moveOutPx: 32 })).toEqual([
      { index: 0, radius: 200 },
      { index: 1, radius: 224 },
    ]);
    // Not past the key's own name, nor further than it may.
    const keyName = { left: 221, right: 300, top: -20, bottom: 20 };
    expect(placeLabels(labels, 200, { first, moveOutPx: 32, obstacles: [keyName] })).toEqual([{ index: 0, radius: 200 }]);
    expect(placeLabels(labels, 200, { first, moveOutPx: 16 })).toEqual([{ index: 0, radius: 200 }]);
  });

  it('keeps every label when tokens are evenly spread and far apart', () => {
    const even = Array.from({ length: 30 }, (_, i) => ({ angle: (i / 30) * TAU, text: `n${i % 5 + 1}` }));
    expect(nonOverlappingLabels(even, 200)).toHaveLength(30);
  });
});

import { hcl, lab, schemeTableau10 } from 'd3';
import { describe, expect, it } from 'vitest';
import { contrastRatio, textColourOn } from '../../../src/ui/theme/contrast.ts';
import { NODE_BACKGROUNDS, nodeColour, nodePalette, SEPARATION_MIN_DELTA_E } from '../../../src/ui/theme/node-palette.ts';

const THEMES = ['light', 'dark'] as const;
const coloursOf = (count: number, theme: 'light' | 'dark') => Array.from({ length: count }, (_, i) => nodeColour(i, theme));

describe('node colours', () => {
  it.each(THEMES)('gives 64 nodes 64 different colours, and 512 nodes 512 (%s theme)', (theme) => {
    expect(new Set(coloursOf(64, theme)).size).toBe(64);
    expect(new Set(coloursOf(512, theme)).size).toBe(512);
  });

  it('keeps neighbours in a round of ten hues far apart', () => {
    for (const theme of THEMES) {
      const first = coloursOf(10, theme).map((c) => hcl(c).h);
      const gaps = first.flatMap((h, i) => first.slice(i + 1).map((g) => Math.min(Math.abs(h - g), 360 - Math.abs(h - g))));
      expect(Math.max(...gaps)).toBeGreaterThan(90);
    }
  });

  it.each(THEMES)('stands out from the %s theme’s backgrounds by 3:1 for every node up to 512', (theme) => {
    const weak = coloursOf(512, theme).flatMap((colour, i) =>
      NODE_BACKGROUNDS[theme].filter((bg) => contrastRatio(colour, bg) < 3).map((bg) => `n${i + 1} ${colour} on ${bg}: ${contrastRatio(colour, bg).toFixed(2)}`),
    );
    expect(weak).toEqual([]);
  });

  it('no longer gives n28, n30 and n50 near-white swatches on the light theme', () => {
    for (const node of [28, 30, 50]) expect(contrastRatio(nodeColour(node - 1, 'light'), '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it('keeps the ten familiar colours where they already stand out, and only darkens the others on white', () => {
    expect(coloursOf(10, 'dark')).toEqual([...schemeTableau10]);
    coloursOf(10, 'light').forEach((colour, i) => {
      const original = schemeTableau10[i] ?? '';
      if (NODE_BACKGROUNDS.light.every((bg) => contrastRatio(original, bg) >= 3)) expect(colour).toBe(original);
      else {
        expect(hcl(colour).l).toBeLessThan(hcl(original).l);
        expect(Math.abs(hcl(colour).h - hcl(original).h)).toBeLessThan(6);
      }
    });
  });

  it.each(THEMES)('keeps 64 nodes tellable apart on the %s theme (every pair ΔE ≥ 12)', (theme) => {
    const labs = coloursOf(64, theme).map((c) => lab(c));
    let nearest = Infinity;
    labs.forEach((a, i) => labs.slice(i + 1).forEach((b) => (nearest = Math.min(nearest, Math.hypot(a.l - b.l, a.a - b.a, a.b - b.b)))));
    expect(nearest).toBeGreaterThanOrEqual(SEPARATION_MIN_DELTA_E);
  });

  it.each(THEMES)('writes a marker’s digits in white or black, whichever reads at 4.5:1 on its colour (%s theme)', (theme) => {
    const unreadable = coloursOf(512, theme).filter((colour) => contrastRatio(colour, textColourOn(colour)) < 4.5);
    expect(unreadable).toEqual([]);
    // The review's markers: 2 = n64 and 3 = n45 were white on light blue and cyan.
    for (const node of [64, 45]) expect(contrastRatio(nodeColour(node - 1, theme), textColourOn(nodeColour(node - 1, theme)))).toBeGreaterThanOrEqual(4.5);
  });

  it('is keyed by node id in list order, so a node keeps its colour when another joins', () => {
    const before = nodePalette(['n1', 'n2', 'n3'], 'light');
    const after = nodePalette(['n1', 'n2', 'n3', 'n4'], 'light');
    expect(after.get('n3')).toBe(before.get('n3'));
  });
});

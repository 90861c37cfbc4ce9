import { hcl } from 'd3';
import { describe, expect, it } from 'vitest';
import { nodeColour, nodePalette } from '../../../src/ui/theme/node-palette.ts';

describe('node colours', () => {
  it('gives 64 nodes 64 different colours', () => {
    const colours = Array.from({ length: 64 }, (_, i) => nodeColour(i));
    expect(new Set(colours).size).toBe(64);
  });

  it('keeps neighbours in a round of ten hues far apart', () => {
    const first = Array.from({ length: 10 }, (_, i) => hcl(nodeColour(i)).h);
    const gaps = first.flatMap((h, i) => first.slice(i + 1).map((g) => Math.min(Math.abs(h - g), 360 - Math.abs(h - g))));
    expect(Math.max(...gaps)).toBeGreaterThan(90);
  });

  it('is keyed by node id in list order, so a node keeps its colour when another joins', () => {
    const before = nodePalette(['n1', 'n2', 'n3']);
    const after = nodePalette(['n1', 'n2', 'n3', 'n4']);
    expect(after.get('n3')).toBe(before.get('n3'));
  });
});

import { describe, expect, it } from 'vitest';
import { layoutTitle, TITLE_FONT_PX, wrapWords } from '../../../src/ui/experiments/chart-model.ts';

const figure8 = 'Load-balancing efficiency against metadata, S=30 nodes (Figure 8)';

/**
 * Width of each line as Chromium sets it in DejaVu Sans Bold (system-ui semibold on Linux) at
 * 15 px: the widest common UI type, measured once with getComputedTextLength().
 */
const dejaVuBoldPx: Readonly<Record<string, number>> = {
  [figure8]: 569.7,
  'Load-balancing efficiency against metadata, S=30 nodes (Figure': 547.2,
  'Load-balancing efficiency against metadata, S=30 nodes': 480.7,
  'Load-balancing efficiency against metadata, S=30': 424.7,
  'Load-balancing efficiency against metadata,': 375.2,
  'Load-balancing efficiency against': 283.1,
  'metadata, S=30 nodes (Figure 8)': 281.5,
  'S=30 nodes (Figure 8)': 189.3,
  'nodes (Figure 8)': 139.8,
  '(Figure 8)': 83.8,
  '8)': 17.3,
};

describe('a chart title wider than its chart', () => {
  it('wraps Figure 8’s title so every line ends inside the SVG at every chart width', () => {
    for (let width = 360; width <= 1400; width++) {
      const { lines } = layoutTitle(figure8, width);
      expect(lines.map((l) => l.text).join(' ')).toBe(figure8);
      for (const line of lines) {
        const px = dejaVuBoldPx[line.text];
        expect(px, `a line of the title at ${width} px: ${line.text}`).toBeDefined();
        expect(line.x + (px ?? Infinity), `"${line.text}" at ${width} px`).toBeLessThanOrEqual(
          width,
        );
      }
    }
  });

  it('breaks the line the review saw clipped: "… S=30 nodes" 4 px past a 485 px chart', () => {
    const { lines } = layoutTitle(figure8, 485);
    expect(lines.map((l) => l.text)).not.toContain(
      'Load-balancing efficiency against metadata, S=30 nodes',
    );
  });

  it('moves each further line, and what follows the title, down by one line height', () => {
    const one = layoutTitle('Latency percentiles', 480);
    const two = layoutTitle(figure8, 480);
    expect(two.lines).toHaveLength(2);
    expect(two.lines.map((l) => l.y)).toEqual([18, 37]);
    expect(two.height - one.height).toBe(19);
  });

  it('keeps a short title one line where it always was', () => {
    expect(layoutTitle('Latency percentiles', 360)).toEqual({
      lines: [{ text: 'Latency percentiles', x: 8, y: 18 }],
      height: 26,
    });
    expect(layoutTitle(figure8, 1280).lines).toHaveLength(1);
  });

  it('estimates no line wider than 0.64 em a character, even a word longer than the chart', () => {
    const title = `${'W'.repeat(80)} ${figure8}`;
    for (const width of [360, 480, 700]) {
      const { lines } = layoutTitle(title, width);
      for (const line of lines)
        expect(line.x + line.text.length * TITLE_FONT_PX * 0.64).toBeLessThanOrEqual(width - 8);
      expect(
        lines
          .map((l) => l.text)
          .join('')
          .replaceAll(' ', ''),
      ).toBe(title.replaceAll(' ', ''));
    }
  });

  it('cuts a word longer than a line into pieces that fit', () => {
    expect(wrapWords('abcdefgh ij', 3)).toEqual(['abc', 'def', 'gh', 'ij']);
  });
});

/**
 * The pure parts of the view export's HTML text: words laid out by the browser grouped into the
 * lines a person reads, text made safe for an XML file, CSS colours as SVG paints.
 */
import { describe, expect, it } from 'vitest';
import {
  groupRuns,
  inside,
  paintOf,
  transformText,
  xmlSafe,
  type WordBox,
} from '../../../src/ui/export/html-text.ts';

/** A word of 16 px text (a 19 px tall box) at `left` on the line whose top is `top`. */
const word = (text: string, left: number, top: number, width = text.length * 8): WordBox => ({
  text,
  left,
  top,
  right: left + width,
  bottom: top + 19,
  glued: false,
});

describe('grouping words into lines', () => {
  it('joins the words of a wrapped paragraph line by line, each line starting where it is shown', () => {
    const runs = groupRuns([
      word('Preference', 10, 100),
      word('list:', 94, 100),
      word('the', 138, 100),
      word('first', 10, 122),
      word('3', 54, 122),
    ]);
    expect(runs.map((r) => [r.text, r.left, r.top])).toEqual([
      ['Preference list: the', 10, 100],
      ['first 3', 10, 122],
    ]);
    expect(runs[0]?.right).toBe(138 + 24);
  });

  it('keeps a word broken across lines (word-break: break-all) whole on each line, without spaces', () => {
    const hex = [
      word('MD5', 10, 100),
      { ...word('8', 39, 100), glued: false },
      { ...word('0', 47, 100), glued: true },
      { ...word('5', 10, 122), glued: true },
      { ...word('8', 18, 122), glued: true },
    ];
    expect(groupRuns(hex).map((r) => r.text)).toEqual(['MD5 80', '58']);
  });

  it('starts a run of its own after a gap much wider than a space', () => {
    const runs = groupRuns([word('Tokens', 10, 100), word('6', 240, 100)]);
    expect(runs.map((r) => [r.text, r.left])).toEqual([
      ['Tokens', 10],
      ['6', 240],
    ]);
  });

  it('tells lines apart by their height, not by a pixel of rounding', () => {
    const runs = groupRuns([
      word('p50', 10, 100),
      word('10.3', 44, 100.6),
      word('latest', 10, 119.5),
    ]);
    expect(runs.map((r) => r.text)).toEqual(['p50 10.3', 'latest']);
  });

  it('gives nothing for no words', () => {
    expect(groupRuns([])).toEqual([]);
  });
});

describe('text for an XML file', () => {
  it('drops characters XML 1.0 cannot hold and keeps everything else, markup characters included', () => {
    expect(xmlSafe('cart:alice <b> & "x"')).toBe('cart:alice <b> & "x"');
    expect(xmlSafe('a\u0000b\u0007c\u001fd')).toBe('abcd');
    expect(xmlSafe('tab\tand\nline')).toBe('tab\tand\nline');
    expect(xmlSafe('lone \uD800 surrogate, emoji 🛒 kept')).toBe('lone  surrogate, emoji 🛒 kept');
  });

  it('applies CSS text-transform as shown', () => {
    expect(transformText('keys moved', 'uppercase')).toBe('KEYS MOVED');
    expect(transformText('Keys Moved', 'lowercase')).toBe('keys moved');
    expect(transformText('keys moved', 'capitalize')).toBe('Keys Moved');
    expect(transformText('keys moved', 'none')).toBe('keys moved');
  });
});

describe('colours and boxes', () => {
  it('splits a computed colour into an rgb() paint and its alpha', () => {
    expect(paintOf('rgb(11, 92, 173)')).toEqual({ paint: 'rgb(11, 92, 173)', alpha: 1 });
    expect(paintOf('rgba(0, 0, 0, 0.25)')).toEqual({ paint: 'rgb(0, 0, 0)', alpha: 0.25 });
    expect(paintOf('rgba(0, 0, 0, 0)').alpha).toBe(0);
    expect(paintOf('transparent').alpha).toBe(0);
    expect(paintOf('oklch(0.7 0.1 200)')).toEqual({ paint: 'oklch(0.7 0.1 200)', alpha: 1 });
  });

  it('knows when a box lies wholly inside a clip', () => {
    const clip = { left: 0, top: 0, right: 100, bottom: 50 };
    expect(inside({ left: 10, top: 10, right: 90, bottom: 40 }, clip)).toBe(true);
    expect(inside({ left: 10, top: 40, right: 90, bottom: 60 }, clip)).toBe(false);
  });
});

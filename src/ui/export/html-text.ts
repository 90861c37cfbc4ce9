/**
 * The HTML text of a view as lines for the view export (design.md "export SVG/PNG"): each text node
 * is measured word by word with DOM ranges, the words are grouped into the line boxes the browser
 * laid them out in, and each line is placed at its baseline with the font it is shown in. Form
 * controls give their current value. Positions are in client (viewport) pixels.
 */

/** A rectangle in client pixels. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A word as laid out; `glued` when it continues the previous piece without a space. */
export interface WordBox extends Box {
  text: string;
  glued: boolean;
}

/** Words of one line, joined. */
export interface TextRun extends Box {
  text: string;
}

/**
 * Text to draw: starts at `x`, sits on `baseline`, covers `box`, with SVG text attributes; cut off
 * at `clip` when it has one (a control's value longer than its box).
 */
export interface PlacedText {
  text: string;
  x: number;
  baseline: number;
  box: Box;
  clip?: Box;
  attributes: Record<string, string>;
}

/** Characters XML 1.0 does not allow (control characters, lone surrogates) would break the file. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

export function inside(box: Box, clip: Box): boolean {
  return (
    box.left >= clip.left &&
    box.right <= clip.right &&
    box.top >= clip.top &&
    box.bottom <= clip.bottom
  );
}

function centreInside(box: Box, clip: Box): boolean {
  const x = (box.left + box.right) / 2;
  const y = (box.top + box.bottom) / 2;
  return x >= clip.left && x <= clip.right && y >= clip.top && y <= clip.bottom;
}

/**
 * Joins words, in reading order, into runs of one line: a word belongs to the run before it when
 * their boxes share most of their height and it follows close to the right (a gap wider than
 * 0.6 of the line height, as in justified or preformatted text, starts a run of its own).
 */
export function groupRuns(words: readonly WordBox[]): TextRun[] {
  const runs: TextRun[] = [];
  let run: TextRun | undefined;
  for (const word of words) {
    const height = word.bottom - word.top;
    const shared = run ? Math.min(run.bottom, word.bottom) - Math.max(run.top, word.top) : 0;
    const gap = run ? word.left - run.right : 0;
    if (run && shared > height / 2 && gap > -1 && gap < 0.6 * height) {
      run.text += (word.glued ? '' : ' ') + word.text;
      run.right = Math.max(run.right, word.right);
      run.top = Math.min(run.top, word.top);
      run.bottom = Math.max(run.bottom, word.bottom);
    } else {
      run = {
        text: word.text,
        left: word.left,
        top: word.top,
        right: word.right,
        bottom: word.bottom,
      };
      runs.push(run);
    }
  }
  return runs;
}

export function transformText(text: string, transform: string): string {
  if (transform === 'uppercase') return text.toUpperCase();
  if (transform === 'lowercase') return text.toLowerCase();
  if (transform === 'capitalize')
    return text.replace(/(^|\s)(\S)/g, (_, s: string, c: string) => s + c.toUpperCase());
  return text;
}

/** A computed CSS colour as an SVG paint and its alpha (slide tools read rgb() best). */
export function paintOf(colour: string): { paint: string; alpha: number } {
  const m = /^rgba?\(([^)]*)\)$/.exec(colour.trim());
  if (!m?.[1]) return { paint: colour, alpha: colour === 'transparent' ? 0 : 1 };
  const [r = '0', g = '0', b = '0', a] = m[1].split(/[\s,/]+/).filter((p) => p !== '');
  return { paint: `rgb(${r}, ${g}, ${b})`, alpha: a === undefined ? 1 : Number(a) };
}

let measuring: CanvasRenderingContext2D | null | undefined;

function fontOf(style: CSSStyleDeclaration): string {
  return `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
}

/** `text` measured in the font `style` shows it in (a control's value has no DOM text to measure). */
function measure(style: CSSStyleDeclaration, text: string): TextMetrics | undefined {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) return undefined;
  measuring.font = fontOf(style);
  return measuring.measureText(text);
}

const metricsByFont = new Map<string, { ascent: number; descent: number }>();

/** The ascent and descent of the font `style` shows text in, in pixels. */
function fontMetrics(style: CSSStyleDeclaration): { ascent: number; descent: number } {
  const font = fontOf(style);
  let metrics = metricsByFont.get(font);
  if (!metrics) {
    const measured = measure(style, 'Hg');
    const size = parseFloat(style.fontSize) || 16;
    metrics = {
      ascent: measured?.fontBoundingBoxAscent ?? 0.8 * size,
      descent: measured?.fontBoundingBoxDescent ?? 0.2 * size,
    };
    metricsByFont.set(font, metrics);
  }
  return metrics;
}

/** Where the baseline falls in a box as tall as the font's content area (a text range's box). */
function baselineIn(box: Box, style: CSSStyleDeclaration): number {
  const { ascent, descent } = fontMetrics(style);
  return box.top + ((box.bottom - box.top) * ascent) / (ascent + descent || 1);
}

/** SVG attributes that draw text the way `style` shows it. */
export function textAttributes(
  style: CSSStyleDeclaration,
  colour = style.color,
): Record<string, string> {
  const { paint, alpha } = paintOf(colour);
  const attributes: Record<string, string> = {
    'font-family': style.fontFamily,
    'font-size': style.fontSize,
    'font-weight': style.fontWeight,
    fill: paint,
  };
  if (style.fontStyle !== 'normal') attributes['font-style'] = style.fontStyle;
  if (style.letterSpacing !== 'normal' && style.letterSpacing !== '0px')
    attributes['letter-spacing'] = style.letterSpacing;
  if (alpha < 1) attributes['fill-opacity'] = String(alpha);
  const decoration = style.textDecorationLine;
  if (decoration && decoration !== 'none') attributes['text-decoration'] = decoration;
  if (style.fontVariantNumeric.includes('tabular-nums'))
    attributes.style = 'font-variant-numeric:tabular-nums';
  return attributes;
}

function boxOf(rect: DOMRect): Box {
  return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
}

function rectsOf(range: Range): Box[] {
  return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).map(boxOf);
}

/** The pieces of one text node as laid out: whole words, or characters of a word broken across lines. */
function wordBoxes(node: Text, clip: Box): WordBox[] {
  const range = document.createRange();
  const words: WordBox[] = [];
  const keep = (box: Box, text: string, glued: boolean) => {
    if (centreInside(box, clip)) words.push({ ...box, text, glued });
  };
  for (const match of node.data.matchAll(/\S+/g)) {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const rects = rectsOf(range);
    if (rects.length === 1 && rects[0]) keep(rects[0], match[0], false);
    else if (rects.length > 1) {
      let offset = match.index;
      let glued = false;
      for (const char of match[0]) {
        range.setStart(node, offset);
        range.setEnd(node, offset + char.length);
        const [box] = rectsOf(range);
        if (box) keep(box, char, glued);
        glued = true;
        offset += char.length;
      }
    }
  }
  return words;
}

/** The pieces of one text node inside `clip`: one for all of it when it sits on one line. */
function nodeWords(node: Text, clip: Box): WordBox[] {
  const first = node.data.search(/\S/);
  if (first < 0) return [];
  const range = document.createRange();
  range.setStart(node, first);
  range.setEnd(node, node.data.trimEnd().length);
  const whole = rectsOf(range);
  if (whole.length === 1 && whole[0] && inside(whole[0], clip))
    return [{ ...whole[0], text: node.data.trim().split(/\s+/).join(' '), glued: false }];
  return wordBoxes(node, clip);
}

/**
 * The lines of sibling text nodes (React writes `Strategy {n}` as two) that show inside `clip`,
 * ready to draw: a line that runs on from one node into the next is one line.
 */
export function htmlText(
  nodes: readonly Text[],
  style: CSSStyleDeclaration,
  clip: Box,
): PlacedText[] {
  const words: WordBox[] = [];
  let spaced = true;
  for (const node of nodes) {
    const pieces = nodeWords(node, clip);
    const [head] = pieces;
    if (head && !spaced && !/^\s/.test(node.data)) head.glued = true;
    words.push(...pieces);
    if (node.data !== '') spaced = /\s$/.test(node.data);
  }
  const attributes = textAttributes(style);
  return groupRuns(words).map((run) => ({
    text: xmlSafe(transformText(run.text, style.textTransform)),
    x: run.left,
    baseline: baselineIn(run, style),
    box: run,
    attributes,
  }));
}

/** What a text box or a drop-down shows: its value (a password's dots), else its placeholder. */
export function controlText(
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  style: CSSStyleDeclaration,
): PlacedText | null {
  const placeholder = control instanceof HTMLSelectElement ? '' : control.placeholder;
  const value =
    control instanceof HTMLSelectElement
      ? (control.selectedOptions[0]?.text ?? '')
      : control.type === 'password'
        ? '•'.repeat(control.value.length)
        : (control.value.split('\n')[0] ?? '');
  const text = xmlSafe(value !== '' ? value : placeholder);
  if (text.trim() === '') return null;
  const colour =
    value !== '' ? style.color : getComputedStyle(control, '::placeholder').color || style.color;
  const rect = control.getBoundingClientRect();
  const px = (v: string) => parseFloat(v) || 0;
  // Chromium draws a drop-down's text inside its theme's own inner padding too.
  const inner = control instanceof HTMLSelectElement && style.appearance !== 'none' ? 4 : 0;
  const left = rect.left + px(style.borderLeftWidth) + px(style.paddingLeft) + inner;
  const right = rect.right - px(style.borderRightWidth) - px(style.paddingRight);
  const top = rect.top + px(style.borderTopWidth) + px(style.paddingTop);
  const bottom = rect.bottom - px(style.borderBottomWidth) - px(style.paddingBottom);
  const width = measure(style, text)?.width ?? right - left;
  const align = style.textAlign;
  const x =
    align === 'right' || align === 'end'
      ? right - width
      : align === 'center'
        ? (left + right - width) / 2
        : left;
  // A single-line control centres its text's content area in its own.
  const { ascent, descent } = fontMetrics(style);
  const baseline =
    control instanceof HTMLTextAreaElement
      ? top + ascent
      : (top + bottom) / 2 + (ascent - descent) / 2;
  return {
    text,
    x,
    baseline,
    box: { left: x, top: baseline - ascent, right: x + width, bottom: baseline + descent },
    clip: { left, top: rect.top, right, bottom: rect.bottom },
    attributes: textAttributes(style, colour),
  };
}

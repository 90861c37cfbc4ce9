/**
 * A view as one standalone picture for slides (design.md "export SVG/PNG"): everything a person
 * sees in it, placed where it is on screen, in pure SVG (slide tools do not draw <foreignObject>).
 * SVG drawings are copied with the styles the page's CSS gave them written inline, canvases become
 * images, HTML text becomes <text> lines (html-text.ts), and HTML boxes that carry meaning become
 * <rect>s (html-marks.ts). The whole scrollable content of the view is drawn, not only what is on
 * screen. The DOM is walked in document order, so layers stack as on screen, and the same DOM
 * gives the same file.
 */
import { downloadBlob, svgToPng } from '../experiments/export-files.ts';
import { htmlText, inside, paintOf, type Box } from './html-text.ts';
import {
  SVG_NS,
  boxMarks,
  controlMarks,
  isControl,
  round,
  svgElement,
  textMark,
  type Mark,
} from './html-marks.ts';

const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'paint-order',
  'opacity',
  'visibility',
  'display',
  'overflow',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'color',
] as const;

export interface ViewPicture {
  svg: string;
  width: number;
  height: number;
}

/** Where the walk is: what clips it (client pixels), the colour behind it, its opacity. */
interface Walk {
  clip: Box;
  backdrop: string;
  opacity: number;
}

function intersect(a: Box, b: Box): Box {
  return {
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  };
}

/**
 * The picture being drawn. Marks are in client pixels inside one group shifted to the view's
 * scrolled origin; a mark partly outside what clips it is clipped, one wholly outside is dropped.
 */
class Sheet {
  readonly content: SVGElement;
  private readonly defs: SVGElement;
  private readonly clipIds = new Map<string, string>();

  constructor(origin: { x: number; y: number }) {
    this.defs = svgElement('defs', {});
    this.content = svgElement('g', {
      transform: `translate(${round(-origin.x)} ${round(-origin.y)})`,
    });
  }

  add(mark: Mark, walk: Walk): void {
    const clip = mark.clip ? intersect(walk.clip, mark.clip) : walk.clip;
    const { box } = mark;
    if (box.right <= clip.left || box.left >= clip.right) return;
    if (box.bottom <= clip.top || box.top >= clip.bottom) return;
    const cut = !inside(box, clip);
    if (!cut && walk.opacity >= 1) {
      this.content.append(mark.element);
      return;
    }
    const group = svgElement('g', walk.opacity < 1 ? { opacity: walk.opacity } : {});
    if (cut) group.setAttribute('clip-path', `url(#${this.clipId(clip)})`);
    group.append(mark.element);
    this.content.append(group);
  }

  private clipId(clip: Box): string {
    const key = [clip.left, clip.top, clip.right, clip.bottom].map(round).join(' ');
    let id = this.clipIds.get(key);
    if (id === undefined) {
      id = `view-clip-${this.clipIds.size + 1}`;
      this.clipIds.set(key, id);
      const path = svgElement('clipPath', { id });
      path.append(
        svgElement('rect', {
          x: clip.left,
          y: clip.top,
          width: clip.right - clip.left,
          height: clip.bottom - clip.top,
        }),
      );
      this.defs.append(path);
    }
    return id;
  }

  /** The finished picture on a background of `colour`. */
  picture(width: number, height: number, colour: string): ViewPicture {
    const svg = svgElement('svg', {
      xmlns: SVG_NS,
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
    });
    const background = svgElement('rect', { width: '100%', height: '100%', fill: colour });
    if (this.defs.childElementCount > 0) svg.append(this.defs);
    svg.append(background, this.content);
    return { svg: new XMLSerializer().serializeToString(svg), width, height };
  }
}

/** Copies computed styles onto the clone, element by element (the clone has the same shape). */
function inlineStyles(source: Element, copy: Element): void {
  const style = getComputedStyle(source);
  const text = STYLE_PROPERTIES.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';');
  copy.setAttribute('style', text);
  copy.removeAttribute('class');
  const from = source.children;
  const to = copy.children;
  for (let i = 0; i < from.length && i < to.length; i++)
    inlineStyles(from[i] as Element, to[i] as Element);
}

/** An SVG drawing copied, or a canvas as an image, where it is on screen. */
function graphicMark(el: SVGSVGElement | HTMLCanvasElement): Mark | null {
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return null;
  const place = { x: r.left, y: r.top, width: r.width, height: r.height };
  if (el instanceof HTMLCanvasElement)
    return { element: svgElement('image', { href: el.toDataURL('image/png'), ...place }), box: r };
  const copy = el.cloneNode(true) as SVGElement;
  inlineStyles(el, copy);
  for (const [k, v] of Object.entries(place)) copy.setAttribute(k, String(round(v)));
  return { element: copy, box: r };
}

/** The area inside an element's borders, where its overflow is cut off. */
function paddingBox(el: HTMLElement): Box {
  const r = el.getBoundingClientRect();
  const left = r.left + el.clientLeft;
  const top = r.top + el.clientTop;
  return { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
}

function drawChildren(sheet: Sheet, parent: HTMLElement, style: CSSStyleDeclaration, walk: Walk) {
  const shown = style.visibility === 'visible';
  // Text nodes side by side are read as one text.
  let texts: Text[] = [];
  const flush = () => {
    if (shown && texts.length > 0)
      for (const placed of htmlText(texts, style, walk.clip)) sheet.add(textMark(placed), walk);
    texts = [];
  };
  for (const child of parent.childNodes) {
    if (child instanceof Text) texts.push(child);
    else if (child instanceof Element) {
      flush();
      drawElement(sheet, child, walk);
    }
  }
  flush();
}

function drawElement(sheet: Sheet, el: Element, walk: Walk): void {
  if (el instanceof SVGSVGElement || el instanceof HTMLCanvasElement) {
    const mark = graphicMark(el);
    if (mark) sheet.add(mark, walk);
    return;
  }
  if (!(el instanceof HTMLElement)) return;
  const style = getComputedStyle(el);
  const opacity = walk.opacity * Number(style.opacity);
  const contents = style.display === 'contents';
  if (style.display === 'none' || opacity <= 0) return;
  if (!contents && el.getClientRects().length === 0) return;
  const here = { ...walk, opacity };
  const shown = style.visibility === 'visible' && !contents;
  // A box laid over others (a tooltip, an overlay) hides what is under it, whatever its colour.
  const behind = style.position === 'absolute' || style.position === 'fixed' ? '' : walk.backdrop;
  if (shown) for (const mark of boxMarks(el, style, behind)) sheet.add(mark, here);
  if (isControl(el)) {
    if (shown) for (const mark of controlMarks(el, style)) sheet.add(mark, here);
    return;
  }
  const opaque = shown && paintOf(style.backgroundColor).alpha === 1;
  const clips = !contents && (style.overflowX !== 'visible' || style.overflowY !== 'visible');
  drawChildren(sheet, el, style, {
    opacity,
    backdrop: opaque ? style.backgroundColor : walk.backdrop,
    clip: clips ? intersect(walk.clip, paddingBox(el)) : walk.clip,
  });
}

export function viewPicture(root: HTMLElement): ViewPicture {
  const box = root.getBoundingClientRect();
  // The scrolled content's top left corner: what is scrolled out of sight is drawn too.
  const x = box.left + root.clientLeft - root.scrollLeft;
  const y = box.top + root.clientTop - root.scrollTop;
  const width = Math.max(1, Math.round(root.scrollWidth));
  const height = Math.max(1, Math.round(root.scrollHeight));
  const sheet = new Sheet({ x, y });
  const style = getComputedStyle(root);
  const backdrop = paintOf(style.backgroundColor);
  drawChildren(sheet, root, style, {
    clip: { left: x, top: y, right: x + width, bottom: y + height },
    backdrop: style.backgroundColor,
    opacity: 1,
  });
  return sheet.picture(width, height, backdrop.alpha > 0 ? backdrop.paint : 'rgb(255, 255, 255)');
}

/** Downloads the view in `root` as `<name>.svg` or `<name>.png` (twice the pixels, for projectors). */
export async function exportView(
  root: HTMLElement,
  format: 'svg' | 'png',
  name: string,
): Promise<ViewPicture> {
  const picture = viewPicture(root);
  if (format === 'svg')
    downloadBlob(new Blob([picture.svg], { type: 'image/svg+xml' }), `${name}.svg`);
  else downloadBlob(await svgToPng(picture.svg, picture.width, picture.height), `${name}.png`);
  return picture;
}

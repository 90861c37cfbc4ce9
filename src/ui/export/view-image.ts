/**
 * A view as one standalone picture for slides (design.md "export SVG/PNG"): the SVG drawings and
 * canvases inside it (ring, cluster with messages in flight, space-time lanes, charts) placed where
 * they are on screen, with the styles the page's CSS gave them written inline so the file looks
 * the same outside the page. HTML side panels are not drawn.
 */
import { downloadBlob, svgToPng } from '../experiments/export-files.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'color',
] as const;

export interface ViewPicture {
  svg: string;
  width: number;
  height: number;
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

export function viewPicture(root: HTMLElement): ViewPicture {
  const box = root.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', getComputedStyle(root).backgroundColor || '#ffffff');
  out.append(background);
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !el.parentElement?.closest('svg');
  };
  // Canvases and top-level SVGs in document order, so layers stack as on screen.
  for (const el of root.querySelectorAll('svg, canvas')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    const [x, y, w, h] = [r.left - box.left, r.top - box.top, r.width, r.height].map((v) =>
      String(Math.round(v * 100) / 100),
    ) as [string, string, string, string];
    if (el instanceof HTMLCanvasElement) {
      const image = document.createElementNS(SVG_NS, 'image');
      image.setAttribute('href', el.toDataURL('image/png'));
      for (const [k, v] of [
        ['x', x],
        ['y', y],
        ['width', w],
        ['height', h],
      ] as const)
        image.setAttribute(k, v);
      out.append(image);
    } else {
      const copy = el.cloneNode(true) as SVGSVGElement;
      inlineStyles(el, copy);
      for (const [k, v] of [
        ['x', x],
        ['y', y],
        ['width', w],
        ['height', h],
      ] as const)
        copy.setAttribute(k, v);
      out.append(copy);
    }
  }
  return { svg: new XMLSerializer().serializeToString(out), width, height };
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

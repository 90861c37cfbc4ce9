/**
 * The HTML boxes of a view that carry meaning, as SVG marks for the view export (design.md "export
 * SVG/PNG"): backgrounds unlike the one behind them (legend swatches, chips, cards, badges),
 * borders, a selection ring drawn as a spread-only box shadow, and form controls' state (the text
 * in a box, a tick, a progress bar). Marks are in client pixels; view-image.ts places them and
 * fades them with their elements' opacity.
 */
import { controlText, paintOf, type Box, type PlacedText } from './html-text.ts';

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element to draw and the box it covers; `clip` when it must not spill out of one. */
export interface Mark {
  element: SVGElement;
  box: Box;
  clip?: Box;
}

type Attributes = Record<string, string | number>;

export const round = (v: number) => Math.round(v * 100) / 100;
const px = (v: string) => parseFloat(v) || 0;

export function svgElement(name: string, attributes: Attributes): SVGElement {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes))
    el.setAttribute(k, typeof v === 'number' ? String(round(v)) : v);
  return el;
}

function rectMark(box: Box, attributes: Attributes): Mark {
  const element = svgElement('rect', {
    x: box.left,
    y: box.top,
    width: box.right - box.left,
    height: box.bottom - box.top,
    ...attributes,
  });
  return { element, box };
}

export function textMark(placed: PlacedText): Mark {
  const element = svgElement('text', { x: placed.x, y: placed.baseline, ...placed.attributes });
  element.textContent = placed.text;
  return { element, box: placed.box, ...(placed.clip ? { clip: placed.clip } : {}) };
}

function fill(colour: string, opacity = 1): Attributes {
  const { paint, alpha } = paintOf(colour);
  return { fill: paint, ...(alpha * opacity < 1 ? { 'fill-opacity': alpha * opacity } : {}) };
}

function stroke(colour: string, width: number, lineStyle = 'solid'): Attributes {
  const { paint, alpha } = paintOf(colour);
  const dash =
    lineStyle === 'dashed' ? `${2 * width} ${width}` : lineStyle === 'dotted' ? `${width}` : '';
  return {
    fill: 'none',
    stroke: paint,
    'stroke-width': width,
    ...(alpha < 1 ? { 'stroke-opacity': alpha } : {}),
    ...(dash ? { 'stroke-dasharray': dash } : {}),
  };
}

const SIDES = ['top', 'right', 'bottom', 'left'] as const;

function border(style: CSSStyleDeclaration, side: (typeof SIDES)[number]) {
  const width = px(style.getPropertyValue(`border-${side}-width`));
  const colour = style.getPropertyValue(`border-${side}-color`);
  const lineStyle = style.getPropertyValue(`border-${side}-style`);
  return { width, colour, lineStyle, shown: width > 0 && paintOf(colour).alpha > 0 };
}

/** `box` grown (or shrunk, for negative `by`) on every side. */
function grow(box: Box, by: number): Box {
  return { left: box.left - by, top: box.top - by, right: box.right + by, bottom: box.bottom + by };
}

/** The borders of one box: one rounded rectangle when all sides match, else a line per side. */
function borderMarks(style: CSSStyleDeclaration, r: Box, rx: number): Mark[] {
  const sides = SIDES.map((side) => border(style, side));
  const [top] = sides;
  if (!top || sides.every((s) => !s.shown)) return [];
  const same = sides.every(
    (s) => s.width === top.width && s.colour === top.colour && s.lineStyle === top.lineStyle,
  );
  if (same) {
    // The stroke is centred on its path: inset by half its width it covers the border exactly.
    const inner = grow(r, -top.width / 2);
    const corner: Attributes = rx > 0 ? { rx: Math.max(0, rx - top.width / 2) } : {};
    return [
      {
        ...rectMark(inner, { ...stroke(top.colour, top.width, top.lineStyle), ...corner }),
        box: r,
      },
    ];
  }
  const ends = {
    top: [r.left, r.top, r.right, r.top, 0, 1],
    right: [r.right, r.top, r.right, r.bottom, -1, 0],
    bottom: [r.left, r.bottom, r.right, r.bottom, 0, -1],
    left: [r.left, r.top, r.left, r.bottom, 1, 0],
  } as const;
  return SIDES.flatMap((side, i) => {
    const b = sides[i];
    if (!b?.shown) return [];
    const [x1, y1, x2, y2, inX, inY] = ends[side];
    const [dx, dy] = [(inX * b.width) / 2, (inY * b.width) / 2];
    const attributes = stroke(b.colour, b.width, b.lineStyle);
    const element = svgElement('line', {
      x1: x1 + dx,
      y1: y1 + dy,
      x2: x2 + dx,
      y2: y2 + dy,
      ...attributes,
    });
    return [{ element, box: r }];
  });
}

/** An element's own marks: background (unless it is the colour behind it), ring and borders. */
export function boxMarks(el: HTMLElement, style: CSSStyleDeclaration, backdrop: string): Mark[] {
  const marks: Mark[] = [];
  const background = paintOf(style.backgroundColor);
  // A selection ring: `box-shadow: 0 0 0 2px colour`, no blur (soft shadows are decoration).
  const ring = /^(rgba?\([^)]*\)|#\w+) 0px 0px 0px ([\d.]+)px$/.exec(style.boxShadow);
  // Inline elements broken across lines have one box per line.
  for (const r of el.getClientRects()) {
    if (r.width <= 0 || r.height <= 0) continue;
    const corner = style.borderTopLeftRadius;
    const radius = corner.endsWith('%') ? (px(corner) / 100) * r.width : px(corner);
    const rx =
      corner === style.borderBottomRightRadius ? Math.min(radius, r.width / 2, r.height / 2) : 0;
    const rounded: Attributes = rx > 0 ? { rx } : {};
    if (background.alpha > 0 && style.backgroundColor !== backdrop)
      marks.push(rectMark(r, { ...fill(style.backgroundColor), ...rounded }));
    if (ring?.[1] && ring[2]) {
      const w = Number(ring[2]);
      const outer = grow(r, w / 2);
      const attributes = { ...stroke(ring[1], w), rx: rx + w / 2 };
      marks.push({ ...rectMark(outer, attributes), box: grow(r, w) });
    }
    marks.push(...borderMarks(style, r, rx));
  }
  return marks;
}

export type Control =
  HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLProgressElement;

export function isControl(el: Element): el is Control {
  return (
    el instanceof HTMLInputElement ||
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLProgressElement
  );
}

/** A form control's state: the text in it, a tick, how far a progress bar has come. */
export function controlMarks(control: Control, style: CSSStyleDeclaration): Mark[] {
  const r = control.getBoundingClientRect();
  const accent =
    style.accentColor !== 'auto'
      ? style.accentColor
      : style.getPropertyValue('--accent').trim() || 'rgb(11, 92, 173)';
  if (control instanceof HTMLProgressElement) {
    const done = Math.max(0, control.position);
    const rx = Math.min(4, r.height / 2);
    const bar = { left: r.left, top: r.top, right: r.left + r.width * done, bottom: r.bottom };
    return [
      rectMark(r, { ...fill(style.color, 0.15), rx }),
      ...(done > 0 ? [rectMark(bar, { ...fill(accent), rx })] : []),
    ];
  }
  if (control instanceof HTMLInputElement && ['checkbox', 'radio'].includes(control.type)) {
    const size = Math.min(r.width, r.height);
    const box = { left: r.left, top: r.top, right: r.left + size, bottom: r.top + size };
    const on = control.checked;
    const frame = rectMark(box, {
      ...fill(on ? accent : 'rgb(255, 255, 255)'),
      stroke: paintOf(on ? accent : style.color).paint,
      rx: control.type === 'radio' ? size / 2 : 3,
    });
    if (!on) return [frame];
    const [x, y] = [r.left, r.top];
    const tick =
      control.type === 'radio'
        ? svgElement('circle', {
            cx: x + size / 2,
            cy: y + size / 2,
            r: size / 5,
            fill: 'rgb(255, 255, 255)',
          })
        : svgElement('path', {
            d: `M${round(x + size * 0.22)},${round(y + size * 0.52)} L${round(x + size * 0.42)},${round(y + size * 0.72)} L${round(x + size * 0.78)},${round(y + size * 0.3)}`,
            ...stroke('rgb(255, 255, 255)', 2),
          });
    return [frame, { element: tick, box }];
  }
  if (
    control instanceof HTMLInputElement &&
    ['range', 'file', 'color', 'image'].includes(control.type)
  )
    return [];
  const marks: Mark[] = [];
  const text = controlText(control, style);
  if (text) marks.push(textMark(text));
  if (control instanceof HTMLSelectElement) {
    // The drop-down's arrow: a chevron at its right.
    const x = r.right - px(style.borderRightWidth) - 12;
    const y = r.top + r.height / 2;
    const d = `M${round(x - 4)},${round(y - 2)} L${round(x)},${round(y + 2)} L${round(x + 4)},${round(y - 2)}`;
    marks.push({
      element: svgElement('path', { d, ...stroke(style.color, 1.5) }),
      box: r,
    });
  }
  return marks;
}

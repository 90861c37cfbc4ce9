/**
 * WCAG 2 contrast between two colours (relative luminance, and the 1–21 ratio), and the text
 * colour that stays readable on a fill: the bars the node colours and their markers are held to.
 */
import { rgb } from 'd3';

/** WCAG 2.2 §1.4.11: graphical objects against what is next to them. */
export const NON_TEXT_CONTRAST_MIN = 3;
/** WCAG 2.2 §1.4.3: normal-size text against its background. */
export const TEXT_CONTRAST_MIN = 4.5;

const WHITE = '#ffffff';
const BLACK = '#000000';

function channel(value255: number): number {
  const c = Math.min(1, Math.max(0, value255 / 255));
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a CSS colour, 0 (black) to 1 (white). */
export function relativeLuminance(colour: string): number {
  const { r, g, b } = rgb(colour);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of two relative luminances, 1 (none) to 21 (black on white); symmetric. */
export function luminanceContrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** The contrast ratio of two colours, 1 (none) to 21 (black on white); symmetric. */
export function contrastRatio(a: string, b: string): number {
  return luminanceContrast(relativeLuminance(a), relativeLuminance(b));
}

/**
 * White or black, for text written on `fill`: white where it reaches 4.5:1 (so dark fills keep
 * their white digits), black otherwise — where white falls short (luminance above 0.183), black
 * has more than 4.6:1, so text on any fill stays readable.
 */
export function textColourOn(fill: string): typeof WHITE | typeof BLACK {
  return contrastRatio(WHITE, fill) >= TEXT_CONTRAST_MIN ? WHITE : BLACK;
}

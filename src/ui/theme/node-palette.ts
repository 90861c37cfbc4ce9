/**
 * Node colours for the ring views (Dynamo §4.2's physical nodes): ten well-separated hues for
 * small clusters, then lightness steps of the same hues for larger ones; labels carry identity
 * too, so nothing depends on colour alone.
 *
 * Every colour stands out from its theme's backgrounds by at least 3:1 (WCAG non-text contrast):
 * a scheme colour that would not (a light step on white, a dark one on the dark theme) is moved in
 * lightness, away from the background, just far enough. From the eleventh node on, a colour that
 * lands near an earlier node's is replaced by the one, among those that stand out, farthest from
 * every earlier node's, so 64 nodes stay tellable apart. Node i's colour depends only on i and
 * the theme, so a node keeps its colour when another joins.
 */
import { hcl, lab, rgb, schemeTableau10 } from 'd3';
import type { NodeId } from '../../core/types.ts';
import type { Theme } from '../store/view-slice.ts';
import { luminanceContrast, NON_TEXT_CONTRAST_MIN, relativeLuminance } from './contrast.ts';

/** Lightness offsets applied per round of ten hues: 0, darker, lighter, darker still, … */
const LIGHTNESS_STEPS = [0, -18, 16, -30, 28, -9, 9];

/**
 * What node colours are drawn on in each theme: theme.css's --bg (the page, the lab's cards) and
 * --surface (the views, the node chips). The ring's browser test measures the swatches against
 * the stylesheet's own values, so the two cannot drift apart unnoticed.
 */
export const NODE_BACKGROUNDS: Readonly<Record<Theme, readonly string[]>> = {
  light: ['#f6f7f9', '#ffffff'],
  dark: ['#0f1216', '#171b21'],
};

/** HCL lightness moved per try while looking for enough contrast: small, so colours move little. */
const LIGHTNESS_NUDGE = 0.5;
/** A colour this close (CIE76 ΔE; 2 is just noticeable) to an earlier node's is replaced. */
export const SEPARATION_MIN_DELTA_E = 12;
/** Replacements about as saturated as the scheme's hues, neither near-black nor near-white. */
const REPLACEMENT = { chromaMin: 20, chromaMax: 64, lightnessMin: 28, lightnessMax: 88, gridStep: 4 };

type Lab = readonly [number, number, number];

/** The colours handed out so far in one theme, and the replacements with their distance to them. */
interface ThemePalette {
  theme: Theme;
  colours: string[];
  labs: Lab[];
  /** Built on the first replacement: small clusters never need it. */
  candidates?: { hex: string; lab: Lab; nearestDeltaE: number }[];
}

/** The i-th colour of the scheme, before any contrast is asked of it. */
function schemeColour(index: number): string {
  const base = schemeTableau10[index % schemeTableau10.length] ?? '#888888';
  const round = Math.floor(index / schemeTableau10.length);
  if (round === 0) return base;
  const step = LIGHTNESS_STEPS[round % LIGHTNESS_STEPS.length] ?? 0;
  const colour = hcl(base);
  colour.l = Math.min(92, Math.max(22, colour.l + step));
  // Rotate the hue a little each round so same-hue neighbours differ in more than lightness.
  colour.h = (colour.h + round * 11) % 360;
  return colour.formatHex();
}

const backgroundLuminances = {
  light: NODE_BACKGROUNDS.light.map(relativeLuminance),
  dark: NODE_BACKGROUNDS.dark.map(relativeLuminance),
};

function standsOut(colour: string, theme: Theme): boolean {
  const luminance = relativeLuminance(colour);
  return backgroundLuminances[theme].every((background) => luminanceContrast(luminance, background) >= NON_TEXT_CONTRAST_MIN);
}

/** The nearest colour in lightness, of the same hue and chroma, that stands out from the theme's backgrounds. */
function nudged(colour: string, theme: Theme): string {
  const { h, c, l } = hcl(colour);
  // Light backgrounds need darker colours, dark ones lighter.
  const nudge = theme === 'light' ? -LIGHTNESS_NUDGE : LIGHTNESS_NUDGE;
  for (let lightness = l + nudge; lightness >= 0 && lightness <= 100; lightness += nudge) {
    const moved = hcl(h, c, lightness).formatHex();
    if (standsOut(moved, theme)) return moved;
  }
  return theme === 'light' ? '#000000' : '#ffffff';
}

function labOf(colour: string): Lab {
  const { l, a, b } = lab(colour);
  return [l, a, b];
}

function deltaE(a: Lab, b: Lab): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function nearestDeltaE(at: Lab, others: readonly Lab[]): number {
  return others.reduce((nearest, other) => Math.min(nearest, deltaE(at, other)), Infinity);
}

/** A grid over CIELAB of displayable colours that stand out from the theme's backgrounds. */
function replacementCandidates(palette: ThemePalette): NonNullable<ThemePalette['candidates']> {
  const { chromaMin, chromaMax, lightnessMin, lightnessMax, gridStep } = REPLACEMENT;
  const found: NonNullable<ThemePalette['candidates']> = [];
  for (let l = lightnessMin; l <= lightnessMax; l += gridStep)
    for (let a = -chromaMax; a <= chromaMax; a += 2 * gridStep)
      for (let b = -chromaMax; b <= chromaMax; b += 2 * gridStep) {
        const chroma = Math.hypot(a, b);
        const colour = rgb(lab(l, a, b));
        if (chroma < chromaMin || chroma > chromaMax || !colour.displayable()) continue;
        const hex = colour.formatHex();
        if (!standsOut(hex, palette.theme)) continue;
        const at = labOf(hex);
        found.push({ hex, lab: at, nearestDeltaE: nearestDeltaE(at, palette.labs) });
      }
  return found;
}

/** The replacement farthest from every colour handed out so far. */
function farthestCandidate(palette: ThemePalette): string | undefined {
  palette.candidates ??= replacementCandidates(palette);
  let best: { hex: string; nearestDeltaE: number } | undefined;
  for (const candidate of palette.candidates) if (best === undefined || candidate.nearestDeltaE > best.nearestDeltaE) best = candidate;
  return best?.hex;
}

/** Hands out the next colour: the scheme's, moved if it does not stand out, replaced if it is too near another. */
function nextColour(palette: ThemePalette): void {
  const index = palette.colours.length;
  let colour = schemeColour(index);
  if (!standsOut(colour, palette.theme)) colour = nudged(colour, palette.theme);
  // The first ten, the scheme's own hues, are only ever moved, so small clusters keep their look.
  if (index >= schemeTableau10.length && nearestDeltaE(labOf(colour), palette.labs) < SEPARATION_MIN_DELTA_E)
    colour = farthestCandidate(palette) ?? colour;
  const added = labOf(colour);
  palette.colours.push(colour);
  palette.labs.push(added);
  for (const candidate of palette.candidates ?? []) candidate.nearestDeltaE = Math.min(candidate.nearestDeltaE, deltaE(candidate.lab, added));
}

const palettes = new Map<Theme, ThemePalette>();

/** The colour of the i-th node (0-based) in `theme`, stable for a given index and theme. */
export function nodeColour(index: number, theme: Theme): string {
  let palette = palettes.get(theme);
  if (palette === undefined) palettes.set(theme, (palette = { theme, colours: [], labs: [] }));
  while (palette.colours.length <= index) nextColour(palette);
  return palette.colours[index] ?? '#888888';
}

/** Colours for a list of nodes, keyed by node id, in list order. */
export function nodePalette(nodes: readonly NodeId[], theme: Theme): ReadonlyMap<NodeId, string> {
  return new Map(nodes.map((node, i) => [node, nodeColour(i, theme)]));
}

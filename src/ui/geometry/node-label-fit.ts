/**
 * How big the live cluster's node names can be drawn around the circle without running into each
 * other: from the room the circle gives each name, not from the number of nodes alone.
 *
 *        n40  n1  n2         neighbouring names sit a chord of the circle through the label
 *     n39    ·  ·    n3      points apart; two w × h boxes that far apart cannot overlap,
 *          ·      ·          whatever the direction between them, when the chord is at least
 *                            their diagonal √(w² + h²).
 *
 * Pure functions, no DOM: the stage measures its type and asks.
 */
import type { ClusterLayout } from './cluster-layout.ts';

/** The size of a line of type as drawn, px. */
export interface TextBox {
  width: number;
  height: number;
}

export interface NodeLabelFit {
  /** Names are drawn at this fraction of their styled size; 0: too little room, shown only on hover or focus. */
  scale: number;
  /** Whether a node's state line (crashed, left ring, slow ×2) fits beside its neighbours too, at that scale. */
  stateShown: boolean;
}

/** The type of a name and the widest state line, as the page styles them. */
export interface NodeLabelType {
  name: TextBox & { fontPx: number };
  state: TextBox;
}

/** Names smaller than this are not drawn: a smear of tiny names helps no one; the node says its name on hover. */
export const MIN_LABEL_FONT_PX = 11;

/**
 * The distance between two neighbouring nodes' label points (`labelPoint` with `gapPx`), px: a
 * chord of the circle they sit on. Unbounded for a single node.
 */
export function labelPitchPx(layout: ClusterLayout, gapPx = 12): number {
  const n = layout.nodes.size;
  if (n < 2) return Infinity;
  return 2 * (layout.radius + layout.nodeRadius + gapPx) * Math.sin(Math.PI / n);
}

/**
 * The largest scale, at most 1, at which every name's box keeps `airPx` from its neighbours' (a
 * box is a whole line of type, its glyphs already have air around them), or 0 when that would make
 * the type smaller than `minFontPx`. The state line shows when the block of name and state, at that
 * scale, fits the same way.
 */
export function nodeLabelFit(
  pitchPx: number,
  type: NodeLabelType,
  minFontPx = MIN_LABEL_FONT_PX,
  airPx = 1,
): NodeLabelFit {
  const room = pitchPx - airPx;
  const { name, state } = type;
  const scale = Math.min(1, room / Math.hypot(name.width, name.height));
  if (!(scale * name.fontPx >= minFontPx)) return { scale: 0, stateShown: false };
  // The state line sits one line (1.3 em) beyond the name: the block is about both boxes high.
  const block = Math.hypot(Math.max(name.width, state.width), name.height + 1.2 * state.height);
  return { scale, stateShown: scale * block <= room };
}

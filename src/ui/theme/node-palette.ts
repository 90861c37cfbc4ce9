/**
 * Node colours for the ring views (Dynamo §4.2's physical nodes): ten well-separated hues for
 * small clusters, then lightness steps of the same hues so 64 nodes stay tellable apart; labels
 * carry identity too, so nothing depends on colour alone.
 */
import { hcl, schemeTableau10 } from 'd3';
import type { NodeId } from '../../core/types.ts';

/** Lightness offsets applied per round of ten hues: 0, darker, lighter, darker still, … */
const LIGHTNESS_STEPS = [0, -18, 16, -30, 28, -9, 9];

/** The colour of the i-th node (0-based), stable for a given index. */
export function nodeColour(index: number): string {
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

/** Colours for a list of nodes, keyed by node id, in list order. */
export function nodePalette(nodes: readonly NodeId[]): ReadonlyMap<NodeId, string> {
  return new Map(nodes.map((node, i) => [node, nodeColour(i)]));
}

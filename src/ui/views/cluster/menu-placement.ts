/**
 * Where a node's menu opens (design.md "Views"): under the node when it fits in the visible part
 * of the page, above it when it does not, and otherwise kept inside that visible part, so no
 * choice is ever cut off below the fold. Pure geometry in one coordinate system, so it has a unit
 * test; the menu measures itself and the page and calls it.
 */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export type MenuPlacement = 'below' | 'above' | 'clamped';

/**
 * `node`: the node's disc; `menu`: the menu's size; `view`: what of the page can be seen. Returns the
 * menu's top-left corner. Horizontally it is centred on the node, then moved inside the view.
 */
export function placeMenu(
  node: Box,
  menu: { width: number; height: number },
  view: Box,
  gap = 8,
): { left: number; top: number; placement: MenuPlacement } {
  const centre = (node.left + node.right) / 2;
  const left = clamp(centre - menu.width / 2, view.left, view.right - menu.width);
  const below = node.bottom + gap;
  if (below + menu.height <= view.bottom) return { left, top: below, placement: 'below' };
  const above = node.top - gap - menu.height;
  if (above >= view.top) return { left, top: above, placement: 'above' };
  return { left, top: clamp(below, view.top, view.bottom - menu.height), placement: 'clamped' };
}

/** `value` within [low, high]; `low` wins when the range is empty (a menu wider than the view). */
function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}

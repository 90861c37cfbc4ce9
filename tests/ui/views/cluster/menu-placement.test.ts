import { describe, expect, it } from 'vitest';
import { placeMenu } from '../../../../src/ui/views/cluster/menu-placement.ts';

const view = { left: 0, top: 0, right: 1280, bottom: 800 };
const menu = { width: 210, height: 260 };
const disc = (x: number, y: number, r = 24) => ({ left: x - r, top: y - r, right: x + r, bottom: y + r });

describe('where a node’s menu opens', () => {
  it('opens under a node with room below it, centred on the node', () => {
    expect(placeMenu(disc(400, 150), menu, view)).toEqual({ left: 295, top: 182, placement: 'below' });
  });

  it('opens above a low node, so its last choices are not below the fold', () => {
    const placed = placeMenu(disc(400, 640), menu, view);
    expect(placed.placement).toBe('above');
    expect(placed.top + menu.height).toBe(640 - 24 - 8);
  });

  it('stays inside the view when it fits neither below nor above', () => {
    const placed = placeMenu(disc(400, 200), menu, { ...view, bottom: 420 });
    expect(placed.placement).toBe('clamped');
    expect(placed.top).toBe(420 - 260);
  });

  it('keeps a node at the edge’s menu inside the view sideways', () => {
    expect(placeMenu(disc(30, 150), menu, view).left).toBe(0);
    expect(placeMenu(disc(1270, 150), menu, view).left).toBe(1280 - 210);
  });
});

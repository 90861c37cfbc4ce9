import { describe, expect, it } from 'vitest';
import { displayOrder } from '../../src/runtime/node-display-order.ts';

describe('the order the views show nodes in', () => {
  it('keeps the scenario’s order, not the world’s sorted n1, n10, n2', () => {
    const declared = Array.from({ length: 10 }, (_, i) => ({ id: `n${i + 1}` }));
    const world = declared.map((n) => n.id).sort();
    expect(world.slice(0, 3)).toEqual(['n1', 'n10', 'n2']);
    expect(displayOrder(world, declared)).toEqual(declared.map((n) => n.id));
  });

  it('keeps names in the order they were given, and puts nodes that joined later after them, numbers as numbers', () => {
    const declared = [{ id: 'C' }, { id: 'A' }, { id: 'B' }];
    expect(displayOrder(['A', 'B', 'C', 'n12', 'n9'], declared)).toEqual([
      'C',
      'A',
      'B',
      'n9',
      'n12',
    ]);
  });
});

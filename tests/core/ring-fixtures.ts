/**
 * Rings the partitioning tests share (Dynamo §4.2–§4.3): the paper's Figure 2 and positions
 * written by their leading hex digit.
 */
import { createRing, joinNode } from '../../src/core/partitioning.ts';
import type { NodeInfo, RingParams, RingState } from '../../src/core/partitioning.ts';
import { prngFromSeed } from '../../src/sim/prng.ts';

/** The ring position whose leading hex digits are `hex`, zeros after. */
export const at = (hex: string): string => hex.padEnd(32, '0');

/** S nodes n1…nS. */
export const manyNodes = (S: number): NodeInfo[] =>
  Array.from({ length: S }, (_, i) => ({ id: `n${i + 1}` }));

/** Figure 2: A…G clockwise at 0x1…, 0x2…, …, 0x7…, one token each. */
export function figure2Ring(
  nodes: NodeInfo[] = 'ABCDEFG'.split('').map((id) => ({ id })),
): RingState {
  const placement = Object.fromEntries(nodes.map((n, i) => [n.id, [at(String(i + 1))]]));
  return createRing({
    params: { strategy: 1, tokensPerNode: 1 },
    nodes,
    N: 3,
    prng: prngFromSeed(1),
    placement,
  });
}

/** S nodes n1…nS on a ring (seed `seed`), and that ring after node `new` joined (seed `seed + 1`). */
export function joinedRing(
  params: RingParams,
  S: number,
  N: number,
  seed: number,
): { before: RingState; after: RingState } {
  const before = createRing({ params, nodes: manyNodes(S), N, prng: prngFromSeed(seed) });
  return { before, after: joinNode(before, { id: 'new' }, N, prngFromSeed(seed + 1)) };
}

import { describe, expect, it } from 'vitest';
import {
  cycleNode,
  draftFault,
  draftProblem,
  draftSides,
  newDraft,
  toggleClient,
} from '../../../src/ui/model/partition-draft.ts';

const members = ['n1', 'n2', 'n3', 'n4', 'n5'];
const clients = ['alice', 'bob'];

describe('a partition drawn by hand', () => {
  it('starts with alice in A and bob in B, so each side has a writer (§4.4)', () => {
    const sides = draftSides(newDraft(clients), members, clients);
    expect(sides.A.clients).toEqual(['alice']);
    expect(sides.B.clients).toEqual(['bob']);
    expect(sides.leftOut).toEqual(members);
  });

  it('cycles a node A → B → out, and moves a client between A and B', () => {
    let draft = newDraft(clients);
    draft = cycleNode(draft, 'n1');
    expect(draft.get('n1')).toBe('A');
    draft = cycleNode(draft, 'n1');
    expect(draft.get('n1')).toBe('B');
    draft = cycleNode(draft, 'n1');
    expect(draft.has('n1')).toBe(false);
    draft = toggleClient(draft, 'bob');
    expect(draft.get('bob')).toBe('A');
    expect(toggleClient(draft, 'bob').get('bob')).toBe('B');
  });

  it('names the left-out nodes in no group, so the network puts them on a side of their own', () => {
    let draft = newDraft(clients);
    for (const n of ['n1', 'n2', 'n3', 'n3']) draft = cycleNode(draft, n);
    const sides = draftSides(draft, members, clients);
    expect(sides.leftOut).toEqual(['n4', 'n5']);
    expect(draftFault(sides)).toEqual({
      kind: 'partition',
      groups: [
        ['n1', 'n2', 'alice'],
        ['n3', 'bob'],
      ],
    });
  });

  it('refuses to apply until each group has a node, saying which is empty', () => {
    const draft = cycleNode(newDraft(clients), 'n1');
    expect(draftProblem(draftSides(draft, members, clients))).toBe(
      'Put at least one node in group B.',
    );
    expect(draftProblem(draftSides(newDraft(clients), members, clients))).toBe(
      'Put at least one node in group A and group B.',
    );
  });

  it('ignores a clicked node that has since left the ring', () => {
    const draft = cycleNode(cycleNode(newDraft(clients), 'n6'), 'n1');
    expect(draftSides(draft, members, clients).A.nodes).toEqual(['n1']);
  });
});

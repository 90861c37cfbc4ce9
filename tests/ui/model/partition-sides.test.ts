import { describe, expect, it } from 'vitest';
import {
  acrossPartition,
  clientReaches,
  partitionAt,
  partitionSides,
  sideOfClient,
  sideOfNode,
  sideText,
} from '../../../src/ui/model/partition-sides.ts';

const members = ['n1', 'n2', 'n3', 'n4', 'n5'];
const clients = ['alice', 'bob'];

describe('the sides of a partition, as the network judges them', () => {
  it('puts members named in no group on a side of their own, after the drawn ones', () => {
    const groups = [['n1', 'n2', 'alice'], ['n3']];
    const sides = partitionSides(groups, members, clients);
    expect(sides.map(sideText)).toEqual(['n1 n2 · alice bob', 'n3', 'n4 n5 (not drawn in)']);
    expect(sides.map((s) => s.drawn)).toEqual([true, true, false]);
    expect(sideOfNode(groups, 'n4')).toBe(2);
  });

  it('has no undrawn side when every member is in a group, and leaves out nodes that left', () => {
    const sides = partitionSides(
      [
        ['n1', 'n2', 'n6'],
        ['n3', 'n4', 'n5', 'bob'],
      ],
      members,
      clients,
    );
    expect(sides.map(sideText)).toEqual(['n1 n2 · alice', 'n3 n4 n5 · bob']);
  });

  it('stands a client named in no group with the first group, as the world does', () => {
    const groups = [['n1'], ['n2', 'bob']];
    expect(sideOfClient(groups, 'alice')).toBe(0);
    expect(sideOfClient(groups, 'bob')).toBe(1);
    expect(clientReaches(groups, 'alice', 'n1')).toBe(true);
    expect(clientReaches(groups, 'alice', 'n3')).toBe(false);
    expect(clientReaches([], 'alice', 'n3')).toBe(true);
  });

  it('finds the partition in force when an operation started, and says when it explains a failure', () => {
    const groups = [
      ['n1', 'n2', 'n3', 'alice'],
      ['n4', 'n5', 'bob'],
    ];
    const faults = [
      { atMs: 100, fault: { kind: 'partition' as const, groups } },
      { atMs: 300, fault: { kind: 'loss' as const, probability: 0.1 } },
      { atMs: 500, fault: { kind: 'heal' as const } },
    ];
    expect(partitionAt(faults, 50)).toEqual([]);
    expect(partitionAt(faults, 100)).toBe(groups);
    expect(partitionAt(faults, 400)).toBe(groups);
    expect(partitionAt(faults, 600)).toEqual([]);
    expect(acrossPartition(groups, 'bob', 'n1')).toBe('bob cannot reach n1 across the partition');
    expect(acrossPartition(groups, 'bob', 'n4')).toBeUndefined();
    expect(acrossPartition(groups, 'bob', undefined)).toBeUndefined();
  });
});

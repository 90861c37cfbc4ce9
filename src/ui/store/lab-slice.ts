/**
 * Strategy-lab slice: the joins and leaves applied, in order, to the same cluster under all three
 * partitioning strategies (Dynamo §6.2), so their cost of membership change can be compared.
 */
import type { StateCreator } from 'zustand';
import { nextNodeName, nodesAfterChanges } from '../model/cluster-ring.ts';
import type { MembershipChange } from '../model/cluster-ring.ts';
import type { AppState } from './store.ts';

export interface LabSlice {
  /** Membership changes applied on top of the configured cluster, oldest first. */
  labChanges: readonly MembershipChange[];
  /** Adds the next free node name n1, n2, …; returns it. */
  addLabNode: () => string;
  /** Removes the most recently listed node; returns it, or null when only one node is left. */
  removeLabNode: () => string | null;
  resetLab: () => void;
  /** Puts back a list of changes already checked against the settings (a shared link's). */
  restoreLab: (changes: readonly MembershipChange[]) => void;
}

export const createLabSlice: StateCreator<AppState, [], [], LabSlice> = (set, get) => ({
  labChanges: [],
  addLabNode: () => {
    const { settings, labChanges } = get();
    const node = nextNodeName(nodesAfterChanges(settings.nodes, labChanges));
    set({ labChanges: [...labChanges, { kind: 'join', node }] });
    return node;
  },
  removeLabNode: () => {
    const { settings, labChanges } = get();
    const nodes = nodesAfterChanges(settings.nodes, labChanges);
    const node = nodes.at(-1);
    // N replicas need at least N nodes; partitions need at least one node.
    if (node === undefined || nodes.length <= Math.max(1, settings.N)) return null;
    set({ labChanges: [...labChanges, { kind: 'leave', node }] });
    return node;
  },
  resetLab: () => set({ labChanges: [] }),
  restoreLab: (changes) => set({ labChanges: [...changes] }),
});

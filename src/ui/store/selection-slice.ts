/**
 * Selection slice: what the person is looking at on the ring — a node whose ranges are highlighted
 * (Dynamo §4.2: the ranges a node holds as coordinator and as replica) and a key whose position
 * and preference list are shown (§4.3).
 */
import type { StateCreator } from 'zustand';
import type { Key, NodeId } from '../../core/types.ts';
import type { AppState } from './store.ts';

export interface SelectionSlice {
  /** The node whose ranges are highlighted, or null. */
  selectedNode: NodeId | null;
  /** The key typed in the key box; '' when none. */
  key: Key;
  selectNode: (node: NodeId | null) => void;
  /** Selects `node`, or clears the selection when it is already selected. */
  toggleNode: (node: NodeId) => void;
  setKey: (key: Key) => void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selectedNode: null,
  key: '',
  selectNode: (node) => set({ selectedNode: node }),
  toggleNode: (node) => set({ selectedNode: get().selectedNode === node ? null : node }),
  setKey: (key) => set({ key }),
});

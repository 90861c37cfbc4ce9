/**
 * The playground's one zustand store, combined from typed slices (design.md "The playground").
 * Components read it with selectors, e.g. `useAppStore((s) => s.settings.N)`. A new slice adds
 * its file here and its type to `AppState`.
 */
import { create } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StateCreator } from 'zustand';
import { createInspectSlice } from './inspect-slice.ts';
import type { InspectSlice } from './inspect-slice.ts';
import { createLabSlice } from './lab-slice.ts';
import type { LabSlice } from './lab-slice.ts';
import { createRunSlice } from './run-slice.ts';
import type { RunSlice } from './run-slice.ts';
import { createSelectionSlice } from './selection-slice.ts';
import type { SelectionSlice } from './selection-slice.ts';
import { createSettingsSlice } from './settings-slice.ts';
import type { SettingsSlice } from './settings-slice.ts';
import { createViewSlice } from './view-slice.ts';
import type { ViewSlice } from './view-slice.ts';

export type AppState = SettingsSlice & SelectionSlice & ViewSlice & LabSlice & RunSlice & InspectSlice;

const createAppState: StateCreator<AppState> = (...a) => ({
  ...createSettingsSlice(...a),
  ...createSelectionSlice(...a),
  ...createViewSlice(...a),
  ...createLabSlice(...a),
  ...createRunSlice(...a),
  ...createInspectSlice(...a),
});

/** The app's store, bound to React. */
export const useAppStore = create<AppState>()(createAppState);

/** A fresh store without React, for tests of the slices' logic. */
export function createAppStore() {
  return createStore<AppState>()(createAppState);
}

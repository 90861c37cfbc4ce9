/**
 * View slice: which view of the playground is shown and the colour theme. New views register in
 * `views.tsx`; their ids are listed here so the store stays typed.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';

export type ViewId = 'ring' | 'strategies' | 'cluster' | 'spacetime' | 'metrics' | 'experiments' | 'lessons';
export type Theme = 'light' | 'dark';

export interface ViewSlice {
  activeView: ViewId;
  theme: Theme;
  showView: (view: ViewId) => void;
  setTheme: (theme: Theme) => void;
  toggleTheme: () => void;
}

function preferredTheme(): Theme {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return 'light';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  activeView: 'ring',
  theme: preferredTheme(),
  showView: (view) => set({ activeView: view }),
  setTheme: (theme) => set({ theme }),
  toggleTheme: () => set({ theme: get().theme === 'light' ? 'dark' : 'light' }),
});

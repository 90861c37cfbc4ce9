/**
 * Inspect slice: where the space-time diagram looks in virtual time (following the playhead, or a
 * window the person scrolled, zoomed or jumped to), so the metrics charts can send a person back to
 * the moment a stale read happened (Dynamo §6's measurements, traced to their messages).
 */
import type { StateCreator } from 'zustand';
import type { TimeWindow } from '../spacetime/space-time-layout.ts';
import { centredWindow } from '../spacetime/space-time-layout.ts';
import type { AppState } from './store.ts';

export const DEFAULT_SPAN_MS = 120;

export interface InspectSlice {
  /** The time span the space-time diagram shows, ms. */
  spaceTimeSpanMs: number;
  /** A fixed window, or null to follow the playhead (the window ends at "now"). */
  spaceTimeWindow: TimeWindow | null;
  /** Sets a fixed window (scroll, zoom, jump); the span is kept for when following resumes. */
  setSpaceTimeWindow: (window: TimeWindow) => void;
  /** Follows the playhead again with `spanMs` (default: the current span). */
  followPlayhead: (spanMs?: number) => void;
  /** Shows the space-time diagram around `atMs` with operation `opId` selected. */
  showOperationAt: (opId: number, atMs: number) => void;
}

export const createInspectSlice: StateCreator<AppState, [], [], InspectSlice> = (set, get) => ({
  spaceTimeSpanMs: DEFAULT_SPAN_MS,
  spaceTimeWindow: null,
  setSpaceTimeWindow: (window) => {
    if (!(window.endMs > window.startMs)) throw new Error(`setSpaceTimeWindow: window must end after it starts, got ${window.startMs}..${window.endMs}`);
    set({ spaceTimeWindow: window, spaceTimeSpanMs: window.endMs - window.startMs });
  },
  followPlayhead: (spanMs) => set({ spaceTimeWindow: null, spaceTimeSpanMs: spanMs ?? get().spaceTimeSpanMs }),
  showOperationAt: (opId, atMs) => {
    const span = get().spaceTimeSpanMs;
    set({ spaceTimeWindow: centredWindow(span, atMs), selectedOpId: opId, selectedMessageId: null, activeView: 'spacetime' });
  },
});

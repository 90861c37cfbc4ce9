import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/ui/store/store.ts';

describe('where the space-time diagram looks', () => {
  it('follows the playhead until a window is set, keeping the span for later', () => {
    const store = createAppStore();
    expect(store.getState().spaceTimeWindow).toBeNull();
    store.getState().setSpaceTimeWindow({ startMs: 100, endMs: 400 });
    expect(store.getState().spaceTimeSpanMs).toBe(300);
    store.getState().followPlayhead();
    expect(store.getState().spaceTimeWindow).toBeNull();
    expect(store.getState().spaceTimeSpanMs).toBe(300);
  });

  it('refuses a window that ends before it starts', () => {
    const store = createAppStore();
    expect(() => store.getState().setSpaceTimeWindow({ startMs: 5, endMs: 5 })).toThrow(/window must end after it starts/);
  });

  it('opens the diagram at a stale read with its operation selected', () => {
    const store = createAppStore();
    store.getState().selectMessage(9);
    store.getState().showOperationAt(42, 1000);
    const s = store.getState();
    expect(s.activeView).toBe('spacetime');
    expect(s.selectedOpId).toBe(42);
    expect(s.selectedMessageId).toBeNull();
    expect(s.spaceTimeWindow).toEqual({ startMs: 1000 - s.spaceTimeSpanMs / 2, endMs: 1000 + s.spaceTimeSpanMs / 2 });
  });
});

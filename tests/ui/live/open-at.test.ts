/**
 * Opening a run at its time: the replay goes in bounded calls, shows how far it has got, stops
 * where the person asks, and stops for good when the run it belongs to was replaced.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationApi, SimulationStatus } from '../../../src/runtime/browser/simulation-api.ts';
import { openAt } from '../../../src/ui/live/simulation-connection.ts';
import { createAppStore } from '../../../src/ui/store/store.ts';

/** A run whose world moves 1 s of virtual time per call, whatever it is asked. */
function fakeApi(onCall: (calls: number) => void = () => undefined) {
  let nowMs = 0;
  let calls = 0;
  const status = (): SimulationStatus => ({ worldNowMs: nowMs, nowMs, pause: undefined }) as unknown as SimulationStatus;
  let loads = 0;
  const api = {
    status: () => Promise.resolve(status()),
    load: () => {
      loads++;
      return Promise.resolve(status());
    },
    runUntil: (untilMs: number) => {
      calls++;
      nowMs = Math.min(untilMs, nowMs + 1000);
      onCall(calls);
      return Promise.resolve(status());
    },
  } as unknown as SimulationApi;
  return { api, calls: () => calls, loads: () => loads };
}

describe('opening a run at its time', () => {
  it('replays to the time, showing the progress, then clears it', async () => {
    const store = createAppStore();
    const seen: number[] = [];
    store.subscribe((s) => {
      if (s.opening) seen.push(s.opening.reachedMs);
    });
    const { api } = fakeApi();
    const opened = await openAt(api, store, { interventions: [], atMs: 3500 }, new AbortController().signal, () => undefined);
    expect(opened).toMatchObject({ stopped: false, status: { worldNowMs: 3500 } });
    expect(seen).toEqual([0, 1000, 2000, 3000]);
    expect(store.getState().opening).toBeNull();
  });

  it('stops where it has got to when asked', async () => {
    const store = createAppStore();
    let stop = () => undefined as void;
    const { api, calls } = fakeApi((n) => {
      if (n === 2) stop();
    });
    const opened = await openAt(api, store, { interventions: [], atMs: 99_999_999 }, new AbortController().signal, (s) => (stop = s));
    expect(opened).toMatchObject({ stopped: true, status: { worldNowMs: 2000 } });
    expect(calls()).toBe(2);
    expect(store.getState().opening).toBeNull();
  });

  it('makes no further call once the run it belongs to was replaced', async () => {
    const store = createAppStore();
    const replaced = new AbortController();
    const { api, calls } = fakeApi((n) => {
      if (n === 3) replaced.abort();
    });
    const opened = await openAt(api, store, { interventions: [], atMs: 99_999_999 }, replaced.signal, () => undefined);
    expect(opened.stopped).toBe(true);
    expect(calls()).toBe(3);
  });

  it('loads nothing into a run that replaced it before it began', async () => {
    const store = createAppStore();
    const replaced = new AbortController();
    replaced.abort();
    const { api, calls, loads } = fakeApi();
    const opened = await openAt(api, store, { interventions: [], atMs: 5000 }, replaced.signal, () => undefined);
    expect(opened.stopped).toBe(true);
    expect([loads(), calls()]).toEqual([0, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/sim/trace-record.ts';
import { appendTrace, clampSpeed, MAX_SPEED, MIN_SPEED } from '../../../src/ui/store/run-slice.ts';
import { createAppStore } from '../../../src/ui/store/store.ts';

const record = (index: number): TraceRecord => ({
  index,
  timeMs: index,
  kind: 'send',
  from: 'n1',
  to: 'n2',
  msg: 'gossip.digest',
  id: index,
});
const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => record(from + i));

describe('the run trace log', () => {
  it('appends only records it has not seen, so overlapping deltas never duplicate', () => {
    const log = appendTrace(records(0, 5), records(3, 8));
    expect(log.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the newest records within the limit', () => {
    const log = appendTrace(records(0, 8), records(8, 12), 5);
    expect(log.map((r) => r.index)).toEqual([7, 8, 9, 10, 11]);
  });
});

describe('the run slice', () => {
  it('keeps speed between very slow motion and fast forward', () => {
    expect(clampSpeed(0)).toBe(MIN_SPEED);
    expect(clampSpeed(1e6)).toBe(MAX_SPEED);
    expect(clampSpeed(Number.NaN)).toBe(1);
    const store = createAppStore();
    store.getState().setSpeed(0.5);
    expect(store.getState().speed).toBe(0.5);
  });

  it('refuses an intervention when no run is connected, with a reason', async () => {
    const store = createAppStore();
    await expect(store.getState().intervene({ kind: 'heal' })).rejects.toThrow(
      /no run is connected/,
    );
  });

  it('hands playback commands to the registered controller', () => {
    const store = createAppStore();
    const calls: string[] = [];
    store.getState().attachController({
      play: () => calls.push('play'),
      pause: () => calls.push('pause'),
      step: () => calls.push('step'),
      stepBack: () => calls.push('step back'),
      seek: (ms) => calls.push(`seek ${ms}`),
      intervene: () => Promise.resolve(),
      keyReplicas: () => Promise.resolve({ preference: [], replicas: {} }),
      inspectNode: () => Promise.reject(new Error('unused')),
      beliefs: () => Promise.reject(new Error('unused')),
      restart: () => calls.push('restart'),
      stopOpening: () => calls.push('stop opening'),
    });
    const s = store.getState();
    s.play();
    s.step();
    s.stepBack();
    s.seek(1500);
    s.pause();
    s.stopOpening();
    expect(calls).toEqual(['play', 'step', 'step back', 'seek 1500', 'pause', 'stop opening']);
  });

  it('ends the timeline where an intervention forked the run', () => {
    const store = createAppStore();
    store.setState({ reachedMs: 2100 });
    store.getState().forkAt(800);
    expect(store.getState().reachedMs).toBe(800);
  });
});

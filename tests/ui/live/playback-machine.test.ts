import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor } from 'xstate';
import type { FaultPause } from '../../../src/runtime/browser/simulation-api.ts';
import {
  playbackMachine,
  type MoveResult,
  type PlaybackEvent,
} from '../../../src/ui/live/playback-machine.ts';

const fault: FaultPause = {
  node: 'n2',
  error: 'injected fault',
  seed: 42,
  eventIndex: 1234,
  traceIndex: 5000,
  atMs: 800,
};

function player(options: { stepPause?: FaultPause; frameFault?: FaultPause; lastFrame?: Promise<void> } = {}) {
  const seeks: number[] = [];
  let frameLoops = 0;
  let stepsBack = 0;
  let steps = 0;
  const machine = playbackMachine.provide({
    actors: {
      startRun: fromPromise<MoveResult>(() => Promise.resolve({ pause: undefined })),
      frameLoop: fromCallback<PlaybackEvent>(({ sendBack }) => {
        frameLoops++;
        if (options.frameFault) sendBack({ type: 'frame.fault', pause: options.frameFault });
        return () => undefined;
      }),
      settleFrame: fromPromise<void>(() => options.lastFrame ?? Promise.resolve()),
      stepOnce: fromPromise<MoveResult>(async () => {
        steps++;
        await Promise.resolve();
        return { pause: options.stepPause };
      }),
      stepBackOnce: fromPromise<MoveResult>(() => {
        stepsBack++;
        return Promise.resolve({ pause: undefined });
      }),
      seekTo: fromPromise<MoveResult, { ms: number }>(({ input }) => {
        seeks.push(input.ms);
        return Promise.resolve({ pause: undefined });
      }),
    },
  });
  const actor = createActor(machine).start();
  return { actor, seeks, frameLoops: () => frameLoops, stepsBack: () => stepsBack, steps: () => steps };
}

describe('playback', () => {
  it('starts paused once the run is built, then plays, pauses and steps', async () => {
    const { actor, frameLoops } = player();
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'play' });
    expect(actor.getSnapshot().value).toBe('playing');
    expect(frameLoops()).toBe(1);
    actor.send({ type: 'step' });
    await waitFor(actor, (s) => s.matches('paused'));
  });

  it('reads paused only once the last frame has landed, so a paused run shows where it stays', async () => {
    let land = () => undefined as void;
    const lastFrame = new Promise<void>((resolve) => (land = resolve));
    const { actor } = player({ lastFrame });
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'play' });
    actor.send({ type: 'pause' });
    expect(actor.getSnapshot().value).toBe('pausing');
    await Promise.resolve();
    expect(actor.getSnapshot().value).toBe('pausing');
    land();
    await waitFor(actor, (s) => s.matches('paused'));
  });

  it('takes steps pressed during a step one after another, then pauses', async () => {
    const { actor, steps } = player();
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'step' });
    actor.send({ type: 'step' });
    actor.send({ type: 'step' });
    expect(actor.getSnapshot().context.stepsAsked).toBe(2);
    await waitFor(actor, (s) => s.matches('paused'));
    expect(steps()).toBe(3);
    expect(actor.getSnapshot().context.stepsAsked).toBe(0);
  });

  it('drops the steps still asked when Pause is pressed during a step', async () => {
    const { actor, steps } = player();
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'step' });
    actor.send({ type: 'step' });
    actor.send({ type: 'step' });
    actor.send({ type: 'pause' });
    await waitFor(actor, (s) => s.matches('paused'));
    expect(steps()).toBe(1);
    expect(actor.getSnapshot().context.stepsAsked).toBe(0);
  });

  it('drops the steps still asked when a step stops at a node fault', async () => {
    const { actor, steps } = player({ stepPause: fault });
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'step' });
    actor.send({ type: 'step' });
    await waitFor(actor, (s) => s.matches('faulted'));
    expect(steps()).toBe(1);
    expect(actor.getSnapshot().context.stepsAsked).toBe(0);
  });

  it('resumes playing after a seek made while playing, stays paused after one made while paused', async () => {
    const { actor, seeks } = player();
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'seek', ms: 500 });
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'play' });
    actor.send({ type: 'seek', ms: 200 });
    await waitFor(actor, (s) => s.matches('playing'));
    expect(seeks).toEqual([500, 200]);
  });

  it('a step back lands paused, from playing too, and clears a fault it goes back before', async () => {
    const { actor, stepsBack } = player({ frameFault: fault });
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'step-back' });
    expect(actor.getSnapshot().value).toBe('steppingBack');
    // Steps and seeks wait until the step back has landed.
    actor.send({ type: 'step' });
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'play' });
    expect(actor.getSnapshot().value).toBe('faulted');
    actor.send({ type: 'step-back' });
    await waitFor(actor, (s) => s.matches('paused'));
    expect(actor.getSnapshot().context.fault).toBeNull();
    expect(stepsBack()).toBe(2);

    const playing = player();
    await waitFor(playing.actor, (s) => s.matches('paused'));
    playing.actor.send({ type: 'play' });
    playing.actor.send({ type: 'step-back' });
    await waitFor(playing.actor, (s) => s.matches('paused'));
    expect(playing.stepsBack()).toBe(1);
  });

  it('a newer scrub position replaces the one in progress', async () => {
    const { actor, seeks } = player();
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'seek', ms: 900 });
    actor.send({ type: 'seek', ms: 300 });
    await waitFor(actor, (s) => s.matches('paused'));
    expect(seeks.at(-1)).toBe(300);
  });

  it('stops at a node fault with the seed and event index, and plays on when asked', async () => {
    const { actor } = player({ frameFault: fault });
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'play' });
    expect(actor.getSnapshot().value).toBe('faulted');
    expect(actor.getSnapshot().context.fault).toMatchObject({ seed: 42, eventIndex: 1234 });
  });

  it('a step that runs into a fault ends faulted', async () => {
    const { actor } = player({ stepPause: fault });
    await waitFor(actor, (s) => s.matches('paused'));
    actor.send({ type: 'step' });
    await waitFor(actor, (s) => s.matches('faulted'));
    expect(actor.getSnapshot().context.fault?.node).toBe('n2');
  });
});

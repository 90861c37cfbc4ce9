/**
 * Playback of the live run as a state machine (style.md §3: playback really is one; design.md
 * "Time control"): start a run, play (a frame loop moves the shown time by dt × speed, runs the
 * world there when it is behind, and pulls snapshots at the shown time), pause, step one batch
 * forward or back, seek by deterministic replay, and stop at a node fault. The work itself is in actors the connection
 * provides with `.provide()`, so tests swap in fakes.
 *
 *   starting ──▶ paused ◀──▶ playing ──fault──▶ faulted
 *                  │ ▲ ▲        │ │pause             │
 *   step/step-back/seek│ │done └─pausing◀┘ (its last frame lands first)
 *                  ▼ │          ▼           (play/step/step-back/seek from faulted too)
 *   stepping, steppingBack, seeking (seeking resumes playing when it was playing;
 *                                    a step either way pauses; steps pressed during a step add up)
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import type { FaultPause } from '../../runtime/browser/simulation-api.ts';

export type PlaybackEvent =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  /** Back to before the latest batch (a replay): the run stays paused there. */
  | { type: 'step-back' }
  | { type: 'seek'; ms: number }
  /** Start over from the settings; `resume` plays the new run at once. */
  | { type: 'restart'; resume?: boolean }
  | { type: 'frame.fault'; pause: FaultPause }
  | { type: 'frame.error'; message: string };

export interface PlaybackContext {
  /** Steps pressed while one was under way: taken one after another before pausing. */
  stepsAsked: number;
  /** Resume playing after the seek in progress. */
  resume: boolean;
  /** The time the seek in progress goes to, ms. */
  seekMs: number;
  fault: FaultPause | null;
  error: string | null;
}

/** What a step or a seek reports back: a fault pause when a node's worker broke on the way. */
export interface MoveResult {
  pause: FaultPause | undefined;
}

/** A move (start, step, step back, seek) whose result carries a fault pause ends faulted. */
const endsFaulted = {
  guard: { type: 'faulted', params: ({ event }: { event: { output: MoveResult } }) => event.output },
  target: 'faulted',
  actions: {
    type: 'rememberFault',
    params: ({ event }: { event: { output: MoveResult } }) => ({ pause: event.output.pause }),
  },
} as const;

/** A move that threw: the simulation itself failed, and only a restart helps. */
const breaks = {
  target: 'broken',
  actions: {
    type: 'rememberError',
    params: ({ event }: { event: { error: unknown } }) => ({ message: String(event.error) }),
  },
} as const;

/** What a run standing still (paused, pausing, stopped at a fault) answers: play, step either way, seek. */
const fromStill = {
  play: { target: 'playing', actions: 'clearFault' },
  step: 'stepping',
  'step-back': 'steppingBack',
  seek: {
    target: 'seeking',
    actions: {
      type: 'rememberSeek',
      params: ({ event }: { event: { ms: number } }) => ({ ms: event.ms, resume: false }),
    },
  },
} as const;

export const playbackMachine = setup({
  types: {
    context: {} as PlaybackContext,
    events: {} as PlaybackEvent,
  },
  actors: {
    /** Builds the run from the settings and pulls its first snapshot. */
    startRun: fromPromise<MoveResult>(() =>
      Promise.reject(new Error('startRun is provided by the connection')),
    ),
    /** The animation-frame loop; sends `frame.fault` or `frame.error` back when it has to stop. */
    frameLoop: fromCallback<PlaybackEvent>(() => () => undefined),
    /** Resolves when the stopped frame loop's last frame has landed (its snapshot shown). */
    settleFrame: fromPromise<void>(() => Promise.resolve()),
    stepOnce: fromPromise<MoveResult>(() =>
      Promise.reject(new Error('stepOnce is provided by the connection')),
    ),
    stepBackOnce: fromPromise<MoveResult>(() =>
      Promise.reject(new Error('stepBackOnce is provided by the connection')),
    ),
    seekTo: fromPromise<MoveResult, { ms: number }>(() =>
      Promise.reject(new Error('seekTo is provided by the connection')),
    ),
  },
  guards: {
    faulted: (_, result: MoveResult) => result.pause !== undefined,
    resumes: ({ context }) => context.resume,
    moreSteps: ({ context }) => context.stepsAsked > 0,
  },
  actions: {
    rememberSeek: assign((_, params: { ms: number; resume: boolean }) => ({
      seekMs: params.ms,
      resume: params.resume,
    })),
    rememberFault: assign((_, params: { pause: FaultPause | undefined }) => ({
      fault: params.pause ?? null,
    })),
    clearFault: assign({ fault: null, error: null }),
    rememberError: assign((_, params: { message: string }) => ({ error: params.message })),
  },
}).createMachine({
  id: 'playback',
  context: { stepsAsked: 0, resume: false, seekMs: 0, fault: null, error: null },
  initial: 'starting',
  on: {
    restart: {
      target: '.starting',
      actions: ['clearFault', assign({ resume: ({ event }) => event.resume ?? false, stepsAsked: 0 })],
    },
  },
  states: {
    starting: {
      invoke: {
        src: 'startRun',
        onDone: [{ guard: 'resumes', target: 'playing' }, { target: 'paused' }],
        onError: breaks,
      },
    },
    paused: {
      on: fromStill,
    },
    playing: {
      invoke: { src: 'frameLoop' },
      on: {
        pause: 'pausing',
        step: 'stepping',
        'step-back': 'steppingBack',
        seek: {
          target: 'seeking',
          actions: {
            type: 'rememberSeek',
            params: ({ event }) => ({ ms: event.ms, resume: true }),
          },
        },
        'frame.fault': {
          target: 'faulted',
          actions: { type: 'rememberFault', params: ({ event }) => ({ pause: event.pause }) },
        },
        'frame.error': {
          target: 'broken',
          actions: { type: 'rememberError', params: ({ event }) => ({ message: event.message }) },
        },
      },
    },
    /**
     * The frame loop is stopped, and its frame under way lands before the run reads paused: what
     * a paused run shows is where it stays.
     */
    pausing: {
      invoke: { src: 'settleFrame', onDone: 'paused', onError: 'paused' },
      on: fromStill,
    },
    stepping: {
      invoke: {
        src: 'stepOnce',
        onDone: [
          { ...endsFaulted, actions: [endsFaulted.actions, assign({ stepsAsked: 0 })] },
          { guard: 'moreSteps', target: 'stepping', reenter: true, actions: assign({ stepsAsked: ({ context }) => context.stepsAsked - 1 }) },
          { target: 'paused' },
        ],
        onError: { ...breaks, actions: [breaks.actions, assign({ stepsAsked: 0 })] },
      },
      on: {
        step: { actions: assign({ stepsAsked: ({ context }) => context.stepsAsked + 1 }) },
        // Pause stops after the step under way: the steps still asked for are dropped.
        pause: { actions: assign({ stepsAsked: 0 }) },
      },
    },
    steppingBack: {
      invoke: {
        src: 'stepBackOnce',
        onDone: [
          endsFaulted,
          { target: 'paused', actions: 'clearFault' },
        ],
        onError: breaks,
      },
    },
    seeking: {
      invoke: {
        src: 'seekTo',
        input: ({ context }) => ({ ms: context.seekMs }),
        onDone: [
          endsFaulted,
          { guard: 'resumes', target: 'playing', actions: 'clearFault' },
          { target: 'paused', actions: 'clearFault' },
        ],
        onError: breaks,
      },
      on: {
        // A newer drag position replaces the one in progress.
        seek: {
          target: 'seeking',
          reenter: true,
          actions: {
            type: 'rememberSeek',
            params: ({ context, event }) => ({ ms: event.ms, resume: context.resume }),
          },
        },
        play: { actions: assign({ resume: true }) },
        pause: { actions: assign({ resume: false }) },
      },
    },
    faulted: {
      on: fromStill,
    },
    /** The simulation itself failed (its worker died, a call was refused): only a restart helps. */
    broken: {},
  },
});

export type PlaybackStateValue =
  | 'starting'
  | 'paused'
  | 'playing'
  | 'pausing'
  | 'stepping'
  | 'steppingBack'
  | 'seeking'
  | 'faulted'
  | 'broken';

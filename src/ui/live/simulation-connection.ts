/**
 * The live run's connection (design.md "Hosts" and "The playground"): starts the simulation worker,
 * drives it with the playback machine — the shown time moves by dt × speed, the world runs to it
 * when behind (`runUntil`), at most one snapshot per animation frame, never a render per event
 * (style.md §11) — puts each snapshot in the run slice, registers the run controller, and restarts the run
 * when the settings, the seed or the host change.
 */
import { createActor, fromCallback, fromPromise } from 'xstate';
import type { StoreApi } from 'zustand';
import { startSimulationWorker } from '../../runtime/browser/simulation-client.ts';
import type { InjectedFault, SimulationApi, SimulationStatus } from '../../runtime/browser/simulation-api.ts';
import type { AppState } from '../store/store.ts';
import type { PlaybackState, RunController } from '../store/run-slice.ts';
import { TRACE_LOG_LIMIT } from '../store/run-slice.ts';
import { displayClock } from './display-clock.ts';
import {
  playbackMachine,
  type MoveResult,
  type PlaybackEvent,
  type PlaybackStateValue,
} from './playback-machine.ts';
import { liveStart, offerLostFuture, type Replay } from '../share/active-scenario.ts';
import { laggingSpeed, nextFrame, SpeedMeter, WorldPace, type PlaybackClock } from './playback-pacing.ts';
import { liveRunKey } from './run-setup.ts';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function playbackOf(state: PlaybackStateValue): PlaybackState {
  if (state === 'playing') return 'playing';
  // The last frame landing: not yet paused, so nothing reads a paused run that still moves.
  if (state === 'pausing') return 'pausing';
  if (state === 'stepping') return 'stepping';
  if (state === 'faulted') return 'faulted';
  if (state === 'seeking' || state === 'steppingBack') return 'seeking';
  if (state === 'starting' || state === 'broken') return 'idle';
  return 'paused';
}

/** What browser tests may reach when the page was opened with `?test-faults`. */
export interface LiveRunTestHooks {
  injectWorkerFault(node: string, fault: InjectedFault): Promise<void>;
}

declare global {
  interface Window {
    dynamoTestHooks?: LiveRunTestHooks;
  }
}

/**
 * Starts the live run for `store`; returns the function that ends it (and its workers).
 * `testFaults` lets browser tests break a node's worker (worker host only) through `window.dynamoTestHooks`.
 */
export function connectLiveRun(
  store: StoreApi<AppState>,
  options: { testFaults?: boolean } = {},
): () => void {
  const worker = startSimulationWorker((message) => {
    store.getState().setRunError(message);
    actor.send({ type: 'frame.error', message });
  });
  const api: SimulationApi = worker.api;
  let traceCount = 0;
  /**
   * Where the views are, and the world's clock: a run to a time carries the events of its last
   * batch up to one window past it, so the world may be ahead of what is shown. Playback moves the
   * shown time by dt × speed and runs the world only when it falls behind (playback-pacing.ts).
   * A step, and an intervention while paused, show the world's clock: the intervention went in
   * there, up to one window after the time that was shown.
   */
  const clock: PlaybackClock = { shownMs: 0, worldNowMs: 0 };
  /** The run so far, when the person moved it to the other host: the next start replays it. */
  let carried: Replay | null = null;
  /** Step backs asked for and not yet carried out (presses during a step back's replay add up). */
  let stepsBackAsked = 0;
  /**
   * The Steps just taken, newest last: the time each started from and the time it showed. A Step
   * back from the time the newest showed goes back to where it started (a pause can leave the run
   * between two batches), not to the end of the batch before; any other move ends the trail.
   */
  const stepTrail: { fromMs: number; toMs: number }[] = [];
  /** Stops an opened run's replay where it has got to (openAt). */
  let stopOpening: () => void = () => undefined;
  /** The frame loop's frame under way, settled (it never rejects): a pause waits for it. */
  let frameWork: Promise<void> = Promise.resolve();

  /** Pulls a snapshot of the run at `atMs` (the world's clock when undefined) and shows it. */
  const pull = async (resetTrace = false, atMs?: number): Promise<void> => {
    const since = resetTrace ? Math.max(0, traceCount - TRACE_LOG_LIMIT) : traceCount;
    const snapshot = await api.snapshot(since, atMs);
    traceCount = snapshot.status.traceCount;
    clock.shownMs = snapshot.status.nowMs;
    clock.worldNowMs = snapshot.status.worldNowMs;
    displayClock.mark(snapshot.status.nowMs, performance.now());
    store.getState().receiveSnapshot(snapshot, { resetTrace });
  };

  const machine = playbackMachine.provide({
    actors: {
      startRun: fromPromise<MoveResult>(async ({ signal }) => {
        const { settings, host } = store.getState();
        store.getState().resetRun();
        traceCount = 0;
        const start = liveStart(settings);
        // A run moved to the other host replays there to where it was: the same seed gives the
        // same trace in either (design.md "Hosts").
        const replay = carried ?? start.replay;
        carried = null;
        const created = await api.create({
          setup: start.setup,
          host,
          faultInjection: options.testFaults === true,
        });
        // Replaced while the run was being made: the newer start owns the worker now.
        if (signal.aborted) return { pause: undefined };
        if (replay === null) {
          await pull(true);
          return { pause: created.pause };
        }
        // A restart while this replays stops the actor: its signal ends the replay, so it never
        // drives the run that replaced it.
        let ownStop: (() => void) | undefined;
        const opened = await openAt(api, store, replay, signal, (stop) => (stopOpening = ownStop = stop));
        // Unless a newer run's replay has taken the button over.
        if (stopOpening === ownStop) stopOpening = () => undefined;
        if (signal.aborted) return { pause: undefined };
        // A run given back where the person was looking (an Undo after going back) goes back there.
        const showMs = replay.showMs;
        if (!opened.stopped && opened.status.pause === undefined && showMs !== undefined && showMs < replay.atMs) {
          // Shown at the time reached first, so the timeline reaches that far again.
          await pull(true, replay.atMs);
          const status = await api.seek(showMs);
          if (signal.aborted) return { pause: undefined };
          traceCount = status.traceCount;
          await pull(true, showMs);
          return { pause: status.pause };
        }
        // A reopened run shows the time it was shared at, not the end of the batch that reached it.
        await pull(true, opened.stopped ? undefined : replay.atMs);
        return { pause: opened.status.pause };
      }),
      frameLoop: fromCallback<PlaybackEvent>(({ sendBack }) =>
        frameLoop(api, store, clock, pull, sendBack, (work) => {
          frameWork = work;
        }),
      ),
      // The last frame lands; a world that ran past what it shows (a frame runs it ahead of the
      // clock shown) is then shown where it stands, so a paused run shows the end of a batch: Step
      // runs the next batch from there and Step back comes back to it, the same time and events.
      settleFrame: fromPromise<void>(async () => {
        await frameWork;
        if (clock.worldNowMs > clock.shownMs) await pull(false);
      }),
      stepOnce: fromPromise<MoveResult>(async () => {
        const fromMs = clock.shownMs;
        if (stepTrail.at(-1)?.toMs !== fromMs) stepTrail.length = 0;
        const status = await api.step();
        await pull();
        if (status.pause === undefined) stepTrail.push({ fromMs, toMs: clock.shownMs });
        return { pause: status.pause };
      }),
      stepBackOnce: fromPromise<MoveResult>(async () => {
        // Back from what is shown: after a pause the world may have run a frame further. Presses
        // that come while a step back replays are added to it: one more replay takes them all.
        if (stepTrail.at(-1)?.toMs !== clock.shownMs) stepTrail.length = 0;
        const undone = stepTrail.at(-1);
        if (undone !== undefined && stepsBackAsked === 1) {
          stepTrail.pop();
          stepsBackAsked = 0;
          const status = await api.seek(undone.fromMs);
          traceCount = status.traceCount;
          await pull(true, undone.fromMs);
          return { pause: status.pause };
        }
        stepTrail.length = 0;
        let fromMs = clock.shownMs;
        let status;
        do {
          const batches = Math.max(1, stepsBackAsked);
          stepsBackAsked = 0;
          status = await api.stepBack(fromMs, batches);
          fromMs = Number.POSITIVE_INFINITY;
        } while (stepsBackAsked > 0 && status.pause === undefined);
        traceCount = status.traceCount;
        // The world's clock where the batch before left it, as the step forward showed it.
        await pull(true);
        return { pause: status.pause };
      }),
      seekTo: fromPromise<MoveResult, { ms: number }>(async ({ input }) => {
        const status = await api.seek(input.ms);
        traceCount = status.traceCount;
        // The world stops at the first batch boundary at or after the target; the views show the target.
        await pull(true, input.ms);
        return { pause: status.pause };
      }),
    },
  });
  const actor = createActor(machine);
  actor.subscribe((snapshot) => {
    const playback = playbackOf(snapshot.value);
    displayClock.setRate(playback === 'playing' ? store.getState().speed : 0, performance.now());
    const state = store.getState();
    if (state.playback !== playback || state.faultPause !== snapshot.context.fault)
      state.setPlayback(playback, snapshot.context.fault);
    if (snapshot.context.error !== null && state.runError !== snapshot.context.error)
      state.setRunError(snapshot.context.error);
  });

  const controller: RunController = {
    play: () => actor.send({ type: 'play' }),
    pause: () => actor.send({ type: 'pause' }),
    step: () => actor.send({ type: 'step' }),
    stepBack: () => {
      const playback = actor.getSnapshot();
      if (playback.matches('steppingBack')) stepsBackAsked++;
      else if (playback.can({ type: 'step-back' })) {
        stepsBackAsked = 1;
        actor.send({ type: 'step-back' });
      }
    },
    seek: (ms) => actor.send({ type: 'seek', ms }),
    intervene: async (fault) => {
      // Made after going back, it forks the run there: the run already reached is offered back.
      const { snapshot, reachedMs } = store.getState();
      const lost: Replay | null =
        snapshot !== null && reachedMs > snapshot.status.nowMs
          ? { interventions: [...snapshot.interventions], atMs: reachedMs, showMs: snapshot.status.nowMs }
          : null;
      const status = await api.intervene(fault);
      // An intervention forks the run where it is: any future recorded past it is gone.
      store.getState().forkAt(status.nowMs);
      if (lost !== null) offerLostFuture(lost, status.nowMs);
      // While playing the next frame pulls; otherwise show the intervention's effect now.
      if (store.getState().playback !== 'playing') await pull();
    },
    keyReplicas: (key) => api.keyReplicas(key),
    inspectNode: (node) => api.inspectNode(node),
    beliefs: () => api.beliefs(),
    restart: () => actor.send({ type: 'restart', resume: store.getState().playback === 'playing' }),
    stopOpening: () => stopOpening(),
  };

  const unsubscribe = store.subscribe((now, before) => {
    if (now.speed !== before.speed && now.playback === 'playing')
      displayClock.setRate(now.speed, performance.now());
    // Every snapshot updates the store: compare the settings' run only when they were replaced.
    const settingsChanged = now.settings !== before.settings && liveRunKey(now.settings) !== liveRunKey(before.settings);
    if (now.host !== before.host && !settingsChanged && before.snapshot !== null) {
      carried = { interventions: [...before.snapshot.interventions], atMs: before.snapshot.status.nowMs };
    }
    if (now.host !== before.host || settingsChanged) controller.restart();
  });

  if (options.testFaults === true)
    window.dynamoTestHooks = {
      injectWorkerFault: (node, fault) => api.injectWorkerFault(node, fault),
    };
  store.getState().setRunError(null);
  store.getState().attachController(controller);
  actor.start();
  return () => {
    unsubscribe();
    actor.stop();
    store.getState().attachController(null);
    worker.terminate();
    store.getState().resetRun();
    if (options.testFaults === true) delete window.dynamoTestHooks;
  };
}

/**
 * Real time one call of an opened run's replay aims to take, ms: the progress moves, and a stop
 * is heard after the call under way (longer when traffic bursts past the calls' sizing).
 */
const OPENING_CALL_MS = 300;

/**
 * Replays an opened run to the time it was opened at, a bounded number of events per call, showing
 * how far it has got; `onStop` receives what stops it there (the person may not want to wait for
 * a long run, or a link's time may be mistyped by some digits).
 */
export async function openAt(
  api: SimulationApi,
  store: StoreApi<AppState>,
  replay: Replay,
  signal: AbortSignal,
  onStop: (stop: () => void) => void,
): Promise<{ status: SimulationStatus; stopped: boolean }> {
  let stopped = false;
  onStop(() => (stopped = true));
  if (signal.aborted) return { status: await api.status(), stopped: true };
  let status = await api.load(replay.interventions, 0);
  if (signal.aborted) return { status, stopped: true };
  // Virtual time per call, sized from the last call's pace to take about OPENING_CALL_MS.
  let chunkMs = 1000;
  try {
    while (status.pause === undefined && status.worldNowMs < replay.atMs) {
      if (stopped) return { status, stopped };
      store.getState().setOpening({ targetMs: replay.atMs, reachedMs: status.worldNowMs });
      const startedMs = performance.now();
      status = await api.runUntil(Math.min(replay.atMs, status.worldNowMs + chunkMs));
      if (signal.aborted) return { status, stopped: true };
      const tookMs = Math.max(1, performance.now() - startedMs);
      chunkMs = Math.min(600_000, Math.max(10, chunkMs * Math.min(4, OPENING_CALL_MS / tookMs)));
    }
    return { status, stopped: false };
  } finally {
    store.getState().setOpening(null);
  }
}

/** Frames at the time `nextFrame` moves to until stopped, a fault, or an error: a snapshot with each that ran the world, and with every other one while it stands ahead. */
function frameLoop(
  api: SimulationApi,
  store: StoreApi<AppState>,
  clock: PlaybackClock,
  pull: (resetTrace: boolean, atMs: number) => Promise<void>,
  sendBack: (event: PlaybackEvent) => void,
  track: (work: Promise<void>) => void,
): () => void {
  let stopped = false;
  let frame = 0;
  let lastRealMs = performance.now();
  let pulledLast = false;
  let meter = new SpeedMeter();
  let meteredSpeed: number | undefined;
  const pace = new WorldPace();
  const tick = (realMs: number) => {
    if (stopped) return;
    const { speed, achievedSpeed } = store.getState();
    // The achieved speed is measured at one asked speed: a window that spans a change reads neither.
    if (speed !== meteredSpeed) {
      meter = new SpeedMeter();
      meteredSpeed = speed;
    }
    const { showMs, runToMs } = nextFrame(clock, realMs - lastRealMs, speed, pace.maxRunMs());
    lastRealMs = realMs;
    // To the two digits the controls show, so the store changes (and the controls render) only
    // when the text would, not on every frame while the run lags.
    const lagging = laggingSpeed(meter.frame(realMs, showMs), speed);
    const shown = lagging === undefined ? null : Number(lagging.toPrecision(2));
    if (shown !== achievedSpeed) store.getState().setAchievedSpeed(shown);
    const fromMs = clock.worldNowMs;
    const moved =
      runToMs === undefined
        ? Promise.resolve(undefined)
        : api.runUntil(runToMs).then((status) => {
            pace.ran(runToMs - fromMs, status.ranMs ?? performance.now() - realMs);
            return status;
          });
    const work = moved
      .then(async (status) => {
        if (stopped) return;
        // While the world stands ahead, a snapshot every other frame is enough: the canvases draw
        // every frame at the display clock, and a message shows up at most one frame late.
        pulledLast = runToMs !== undefined || !pulledLast;
        if (pulledLast) await pull(false, showMs);
        else clock.shownMs = showMs;
        if (status?.pause) sendBack({ type: 'frame.fault', pause: status.pause });
        else if (!stopped) frame = requestAnimationFrame(tick);
      })
      .catch((error: unknown) => {
        if (!stopped) sendBack({ type: 'frame.error', message: errorText(error) });
      });
    track(work);
  };
  frame = requestAnimationFrame(tick);
  return () => {
    stopped = true;
    cancelAnimationFrame(frame);
    store.getState().setAchievedSpeed(null);
  };
}

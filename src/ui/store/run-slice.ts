/**
 * Run slice: the live simulation as the views see it (design.md "The playground", style.md §11) —
 * the latest snapshot pulled from the simulation worker once per animation frame, the trace
 * accumulated from those snapshots, the playback state, and what the person picked out of the run
 * (a message, an operation, a key to inspect). The live connection (ui/live/) fills it; views read
 * it with selectors. Actions that move the run go to the controller the connection registers,
 * so the slice knows nothing of workers or of XState.
 */
import type { StateCreator } from 'zustand';
import type { NodeSnapshot } from '../../core/node.ts';
import type { Key, NodeId } from '../../core/types.ts';
import type { TraceRecord } from '../../sim/trace-record.ts';
import type { Fault } from '../../sim/world-config.ts';
import type {
  KeyReplicaStates,
  NodeBeliefs,
  FaultPause,
  HostKind,
  SimulationSnapshot,
} from '../../runtime/browser/simulation-api.ts';
import type { AppState } from './store.ts';
import { messageBodies } from '../live/message-bodies.ts';

/** idle: no run yet (starting); faulted: stopped because a node's worker broke. */
/** `seeking`: going back in time — restoring the nearest checkpoint and replaying to the target. */
/**
 * `pausing`: Pause pressed, the frame under way still landing (it reads `paused` once it has);
 * `stepping`: one batch forward under way (steps pressed meanwhile follow it).
 */
export type PlaybackState = 'idle' | 'playing' | 'pausing' | 'paused' | 'stepping' | 'seeking' | 'faulted';

/** Trace records kept for the views; the oldest fall off first. */
export const TRACE_LOG_LIMIT = 20_000;

/** Virtual ms per real ms: 0.01× follows one message at a time, 100× shows minutes in seconds. */
export const MIN_SPEED = 0.01;
export const MAX_SPEED = 100;
export const DEFAULT_SPEED = 0.1;

/** What moves the run; registered by the live connection (ui/live/simulation-connection.ts). */
export interface RunController {
  play(): void;
  pause(): void;
  step(): void;
  /** Back to the run as it was before its latest batch (a seek; pauses first). */
  stepBack(): void;
  seek(ms: number): void;
  /** Recorded and replayable; resolves once the worker has applied it. */
  intervene(fault: Fault): Promise<void>;
  /** Every live replica's versions of a key (the key inspector). */
  keyReplicas(key: Key): Promise<KeyReplicaStates>;
  inspectNode(node: NodeId): Promise<NodeSnapshot>;
  /** Every running node's membership view and failure detector's verdicts (the membership card). */
  beliefs(): Promise<Record<NodeId, NodeBeliefs>>;
  /** Starts over from the settings (same seed, no interventions). */
  restart(): void;
  /** Stops replaying an opened run on its way to the time it was opened at; it stays where it got to. */
  stopOpening(): void;
}

/** An opened run on its way to the time it was shared or saved at (a link, a file, the library). */
export interface Opening {
  targetMs: number;
  /** How far the replay has got, ms of virtual time. */
  reachedMs: number;
}

export interface RunSlice {
  /** The latest snapshot, or null before the first one arrives. */
  snapshot: SimulationSnapshot | null;
  /** Trace records from the snapshots, oldest first, at most TRACE_LOG_LIMIT; cleared on seek and restart. */
  traceLog: readonly TraceRecord[];
  playback: PlaybackState;
  /** Virtual ms per real ms. */
  speed: number;
  /** While playing: the speed achieved over the last seconds, when it falls well below `speed`; null otherwise. */
  achievedSpeed: number | null;
  /** Why the run stopped at a node fault (seed, event index), or null. */
  faultPause: FaultPause | null;
  /** Where the nodes run: one Web Worker each (the product) or inside the simulation worker. */
  host: HostKind;
  /** The furthest virtual time this run has reached: the timeline's right end, ms. */
  reachedMs: number;
  /** While an opened run replays to its time: how far it has got; null otherwise. */
  opening: Opening | null;
  /** A failure of the simulation itself (the worker died, a call was refused), shown to the person. */
  runError: string | null;
  selectedMessageId: number | null;
  selectedOpId: number | null;
  inspectedKey: Key | null;
  controller: RunController | null;

  play: () => void;
  pause: () => void;
  step: () => void;
  stepBack: () => void;
  setSpeed: (speed: number) => void;
  setAchievedSpeed: (speed: number | null) => void;
  seek: (ms: number) => void;
  intervene: (fault: Fault) => Promise<void>;
  selectMessage: (id: number | null) => void;
  selectOp: (id: number | null) => void;
  inspectKey: (key: Key | null) => void;
  setHost: (host: HostKind) => void;

  /** For the live connection: a new snapshot (its trace is appended to the log). */
  receiveSnapshot: (snapshot: SimulationSnapshot, options?: { resetTrace?: boolean }) => void;
  setPlayback: (playback: PlaybackState, faultPause?: FaultPause | null) => void;
  setRunError: (error: string | null) => void;
  setOpening: (opening: Opening | null) => void;
  /** The run went on from `ms` another way (an intervention): the timeline ends there. */
  forkAt: (ms: number) => void;
  stopOpening: () => void;
  attachController: (controller: RunController | null) => void;
  /** Forgets the run (a new one is starting). */
  resetRun: () => void;
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** Appends `records` (indexes ascending) to `log`, skipping ones already there, keeping the newest `limit`. */
export function appendTrace(
  log: readonly TraceRecord[],
  records: readonly TraceRecord[],
  limit = TRACE_LOG_LIMIT,
): readonly TraceRecord[] {
  const lastIndex = log.at(-1)?.index ?? -1;
  const fresh = records.filter((r) => r.index > lastIndex);
  if (fresh.length === 0) return log;
  const merged = log.concat(fresh);
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}

const emptyRun = {
  snapshot: null,
  traceLog: [] as readonly TraceRecord[],
  playback: 'idle' as PlaybackState,
  faultPause: null,
  reachedMs: 0,
  opening: null,
  runError: null,
  selectedMessageId: null,
  selectedOpId: null,
};

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  ...emptyRun,
  // Slow enough that a message's flight of a few ms is seen crossing the cluster.
  speed: DEFAULT_SPEED,
  achievedSpeed: null,
  host: 'worker',
  inspectedKey: null,
  controller: null,

  play: () => get().controller?.play(),
  pause: () => get().controller?.pause(),
  step: () => get().controller?.step(),
  stepBack: () => get().controller?.stepBack(),
  setSpeed: (speed) => set({ speed: clampSpeed(speed) }),
  setAchievedSpeed: (achievedSpeed) => set({ achievedSpeed }),
  seek: (ms) => get().controller?.seek(ms),
  intervene: (fault) =>
    get().controller?.intervene(fault) ??
    Promise.reject(new Error('intervene: no run is connected')),
  selectMessage: (id) => set({ selectedMessageId: id }),
  selectOp: (id) => set({ selectedOpId: id }),
  inspectKey: (key) => set({ inspectedKey: key === '' ? null : key }),
  setHost: (host) => set({ host }),

  receiveSnapshot: (snapshot, options = {}) => {
    const { traceLog, reachedMs } = get();
    if (options.resetTrace) messageBodies.clear();
    messageBodies.remember(snapshot.sent);
    set({
      snapshot,
      traceLog: appendTrace(options.resetTrace ? [] : traceLog, snapshot.trace),
      reachedMs: Math.max(reachedMs, snapshot.status.nowMs),
    });
  },
  setPlayback: (playback, faultPause) =>
    set(faultPause === undefined ? { playback } : { playback, faultPause }),
  setRunError: (runError) => set({ runError }),
  setOpening: (opening) => set({ opening }),
  forkAt: (ms) => set({ reachedMs: ms }),
  stopOpening: () => get().controller?.stopOpening(),
  attachController: (controller) => set({ controller }),
  resetRun: () => {
    messageBodies.clear();
    set({ ...emptyRun });
  },
});

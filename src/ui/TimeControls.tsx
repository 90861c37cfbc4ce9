/**
 * Time control of the live run (design.md "Time control"): play, pause, step one batch of events forward or back,
 * speed from slow motion (one message at a time) to fast forward, a timeline to scrub back and
 * forth (restoring the nearest checkpoint, ticked on the timeline, then replaying deterministically),
 * the virtual time, and where the nodes run.
 */
import { useEffect, useRef, useState } from 'react';
import type { HostKind } from '../runtime/browser/simulation-api.ts';
import { stepBackTargetMs } from '../runtime/step-back.ts';
import { MAX_SPEED, MIN_SPEED, type Opening } from './store/run-slice.ts';
import { useAppStore } from './store/store.ts';
import { formatVirtualTime } from './virtual-time-format.ts';
import './theme/live.css';

/** Speed slider positions are log10 of the speed, so 0.01× … 100× spread evenly. */
function formatSpeed(speed: number): string {
  return speed >= 1 ? `${Number(speed.toPrecision(2))}×` : `${Number(speed.toPrecision(1))}×`;
}

export function TimeControls() {
  const playback = useAppStore((s) => s.playback);
  const speed = useAppStore((s) => s.speed);
  const achievedSpeed = useAppStore((s) => s.achievedSpeed);
  const nowMs = useAppStore((s) => s.snapshot?.status.nowMs ?? 0);
  const events = useAppStore((s) => s.snapshot?.status.events ?? 0);
  const traceHash = useAppStore((s) => s.snapshot?.status.traceHash ?? '');
  const reachedMs = useAppStore((s) => s.reachedMs);
  const host = useAppStore((s) => s.host);
  const checkpointsMs = useAppStore((s) => s.snapshot?.status.checkpointsMs);
  const opening = useAppStore((s) => s.opening);
  const canStepBack = useAppStore((s) => stepBackTargetMs(s.snapshot?.status.batchStartMs) !== undefined);
  const { play, pause, step, stepBack, setSpeed, seek, setHost, stopOpening } = useAppStore.getState();
  const [dragMs, setDragMs] = useState<number | null>(null);
  // Where a seek is going: the timeline and the clock show it until the seek lands.
  const [seekingToMs, setSeekingToMs] = useState<number | null>(null);
  useEffect(() => {
    if (playback !== 'seeking') setSeekingToMs(null);
  }, [playback]);
  const shownMs = dragMs ?? seekingToMs ?? nowMs;
  const timeline = useRef<HTMLInputElement>(null);
  const endMs = Math.max(reachedMs, nowMs, 1);
  const endRef = useRef(endMs);
  useEffect(() => {
    endRef.current = endMs;
  }, [endMs]);

  // A native `change` fires when the drag ends (React's onChange fires on every move), so a
  // drag costs one replay, not one per pixel.
  useEffect(() => {
    const input = timeline.current;
    if (input === null) return;
    const commit = () => {
      // The input rounds what it holds; the right end means exactly the furthest time reached.
      const target = Number(input.value);
      const to = Math.abs(target - endRef.current) < 1e-6 ? endRef.current : target;
      setSeekingToMs(to);
      seek(to);
      setDragMs(null);
    };
    input.addEventListener('change', commit);
    return () => input.removeEventListener('change', commit);
  }, [seek]);

  const playing = playback === 'playing';
  const ready = playback !== 'idle' && playback !== 'seeking';
  return (
    <div className="time-controls" role="group" aria-label="Time">
      {playing ? (
        <button type="button" className="button" data-testid="pause" onClick={pause}>
          ❚❚ Pause
        </button>
      ) : (
        <button
          type="button"
          className="button primary"
          data-testid="play"
          disabled={!ready}
          onClick={play}
        >
          ▶ Play
        </button>
      )}
      <button
        type="button"
        className="button"
        data-testid="step-back"
        disabled={!ready || !canStepBack}
        onClick={stepBack}
        title="Back to before the last batch of events (replayed from the nearest checkpoint)"
      >
        Step back
      </button>
      <button
        type="button"
        className="button"
        data-testid="step"
        disabled={!ready}
        onClick={step}
        title="Run the next batch of events"
      >
        Step
      </button>
      <label className="speed-field" title="Virtual time per real time">
        <span className="field-label">Speed</span>
        <input
          type="range"
          data-testid="speed"
          min={Math.log10(MIN_SPEED)}
          max={Math.log10(MAX_SPEED)}
          step={0.05}
          value={Math.log10(speed)}
          onChange={(e) => setSpeed(10 ** Number(e.target.value))}
        />
        <span className="speed-value" data-testid="speed-value">
          {formatSpeed(speed)}
        </span>
        {achievedSpeed !== null ? (
          <span
            className="speed-achieved"
            data-testid="speed-achieved"
            title="The nodes cannot compute the run this fast: virtual time moves slower than the speed asked for. Fewer requests per second, the nodes in one worker, or a lower speed keep up."
          >
            running at {formatSpeed(achievedSpeed)}
          </span>
        ) : null}
      </label>
      <label className="timeline-field">
        <span className="field-label">Time</span>
        <input
          ref={timeline}
          type="range"
          data-testid="timeline"
          min={0}
          max={endMs}
          step="any"
          value={shownMs}
          list="timeline-checkpoints"
          disabled={!ready}
          onChange={(e) => setDragMs(Number(e.target.value))}
          aria-valuetext={formatVirtualTime(shownMs)}
        />
        <datalist id="timeline-checkpoints" data-testid="timeline-checkpoints">
          {(checkpointsMs ?? []).map((ms) => (
            <option key={ms} value={ms} label={`checkpoint ${formatVirtualTime(ms)}`} />
          ))}
        </datalist>
      </label>
      <span
        className="virtual-time"
        data-testid="virtual-time"
        data-now-ms={nowMs}
        data-events={events}
        data-trace-hash={traceHash}
        title={`${events} events processed · trace hash ${traceHash}`}
      >
        {formatVirtualTime(shownMs)}
      </span>
      <label className="host-field" title="Where the Dynamo nodes run">
        <span className="field-label">Nodes in</span>
        <select
          className="input"
          data-testid="host-select"
          value={host}
          onChange={(e) => setHost(e.target.value as HostKind)}
        >
          <option value="worker">a Web Worker each</option>
          <option value="inprocess">one worker (lighter)</option>
        </select>
      </label>
      <span
        className="playback-state"
        data-testid="playback-state"
        data-state={playback}
        title={playback === 'seeking' ? 'Restoring the nearest checkpoint, then replaying to the time you chose' : undefined}
      >
        {playback === 'idle' ? 'starting…' : playback === 'seeking' ? 'seeking…' : playback === 'stepping' ? 'stepping…' : playback === 'pausing' ? 'pausing…' : playback}
      </span>
      {opening !== null && <OpeningProgress opening={opening} onStop={stopOpening} />}
    </div>
  );
}

/** An opened run replaying to its time: how far it has got, and a way to stop there. */
function OpeningProgress({ opening, onStop }: { opening: Opening; onStop: () => void }) {
  const share = opening.targetMs > 0 ? Math.min(1, opening.reachedMs / opening.targetMs) : 1;
  return (
    <span className="opening-progress" data-testid="opening-progress" data-reached-ms={opening.reachedMs} role="status">
      <progress max={1} value={share} aria-label="Replaying the opened run" />
      replaying to {formatVirtualTime(opening.targetMs)}: {formatVirtualTime(opening.reachedMs)} so far
      <button type="button" className="button" data-testid="opening-stop" onClick={onStop}>
        Stop here
      </button>
    </span>
  );
}

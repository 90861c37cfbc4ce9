/**
 * Message latency by hand (design.md "The world": latency from distributions; the tails of Dynamo
 * §6): a slider over typical one-way means, and a field for any distribution of the grammar. The
 * label always gives the applied distribution's real mean; when that mean lies past the slider's
 * range the slider rests at its end and the label says so, rather than showing a mean the network
 * does not have.
 */
import { useState } from 'react';
import type { Fault } from '../../sim/world-config.ts';
import {
  formatMeanMs,
  latencyReading,
  latencySpecFor,
  latencySpecProblem,
  outsideNote,
  sliderToMeanMs,
} from '../model/latency-choice.ts';
import { useDebounced } from './use-debounced.ts';

export function LatencyControl({
  spec,
  onFault,
}: {
  spec: string;
  onFault: (fault: Fault) => void;
}) {
  const applied = latencyReading(spec);
  /** The slider's position while a drag waits to be applied; null shows the applied spec. */
  const [dragged, setDragged] = useState<number | null>(null);
  const [text, setText] = useState(spec);
  // The run's latency can change without these fields (the expert field, a seek): follow it.
  const [shownSpec, setShownSpec] = useState(spec);
  if (shownSpec !== spec) {
    setShownSpec(spec);
    setText(spec);
    setDragged(null);
  }
  const problem = latencySpecProblem(text);
  const apply = useDebounced((p: number) => {
    const next = latencySpecFor(sliderToMeanMs(p));
    setText(next);
    // The new spec's arrival ends the drag; until then the slider stays where the person left it.
    if (next === spec) setDragged(null);
    else onFault({ kind: 'latency', leg: 'default', spec: next });
  });
  const meanMs = dragged === null ? applied.meanMs : sliderToMeanMs(dragged);
  const note = dragged === null ? outsideNote(applied.outside) : undefined;
  return (
    <div className="field-group">
      <label className="field">
        <span className="field-label">
          Latency: mean <span data-testid="latency-mean">{formatMeanMs(meanMs)}</span> ms one way
          {note ? (
            <span className="help" data-testid="latency-outside">
              {' '}
              — {note}
            </span>
          ) : null}
        </span>
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          value={dragged ?? applied.position}
          data-testid="latency-slider"
          data-outside={dragged === null ? applied.outside : undefined}
          onChange={(e) => {
            setDragged(Number(e.target.value));
            apply(Number(e.target.value));
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">Latency distribution (ms)</span>
        <div className="panel-row">
          <input
            className="input mono"
            data-testid="latency-spec"
            value={text}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'error-latency' : undefined}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
          <button
            type="button"
            className="button"
            data-testid="latency-apply"
            disabled={problem !== null || text === spec}
            onClick={() => onFault({ kind: 'latency', leg: 'default', spec: text })}
          >
            Apply
          </button>
        </div>
      </label>
      {problem ? (
        <p className="field-error" id="error-latency" data-testid="latency-error" role="alert">
          {problem}
        </p>
      ) : (
        <p className="field-hint">
          e.g. normal(5, 1) · uniform(1, 20) · mix(0.99:exp(0.5), 0.01:pareto(50, 1.5)) + 1
        </p>
      )}
    </div>
  );
}

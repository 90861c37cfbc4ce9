/**
 * Failures by hand (design.md "Faults by hand"; Dynamo §4.6–4.9): draw a partition by putting nodes
 * into groups A and B, heal it, cut a link one way, set message loss and latency (a slider, or any
 * distribution of the grammar), and join a new node. Every change is an intervention: recorded and
 * replayed by a seek.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NodeId } from '../../core/types.ts';
import type { Fault } from '../../sim/world-config.ts';
import {
  latencySpecFor,
  latencySpecProblem,
  meanLatencyOf,
  meanMsToSlider,
  sliderToMeanMs,
} from '../model/latency-choice.ts';
import { nextNodeName } from '../model/cluster-ring.ts';
import { useAppStore } from '../store/store.ts';
import { HAND_CLIENTS } from './ClientPanel.tsx';
import { groupColour, type PartitionDraft } from '../views/cluster/ClusterStage.tsx';

interface FaultPanelProps {
  nodes: readonly NodeId[];
  draft: PartitionDraft | null;
  onDraft: (draft: PartitionDraft | null) => void;
  onFault: (fault: Fault) => void;
}

const DEFAULT_SPEC = 'exp(0.5) + 1';

export function FaultPanel({ nodes, draft, onDraft, onFault }: FaultPanelProps) {
  const network = useAppStore((s) => s.snapshot?.network);
  const partitions = network?.partitions ?? [];
  const cutLinks = network?.cutLinks ?? [];
  const groups = draft
    ? (['A', 'B'] as const).map((g) => nodes.filter((n) => draft.get(n) === g))
    : [];
  const canApply = groups.length === 2 && groups.every((g) => g.length > 0);
  return (
    <section className="side-section fault-panel" aria-label="Failures">
      <h2>Failures</h2>
      <p className="help">Click a node to crash, recover, slow or remove it.</p>
      <div className="panel-row">
        {draft === null ? (
          <button
            type="button"
            className="button"
            data-testid="partition-mode"
            onClick={() => onDraft(new Map())}
          >
            Draw a partition…
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button primary"
              data-testid="partition-apply"
              disabled={!canApply}
              onClick={() => {
                // The hand clients stand with group A by name: the world places only clients that already exist.
                onFault({
                  kind: 'partition',
                  groups: groups.map((g, i) => (i === 0 ? [...g, ...HAND_CLIENTS] : [...g])),
                });
                onDraft(null);
              }}
            >
              Apply partition
            </button>
            <button
              type="button"
              className="button"
              data-testid="partition-cancel"
              onClick={() => onDraft(null)}
            >
              Cancel
            </button>
          </>
        )}
        <button
          type="button"
          className="button"
          data-testid="heal"
          disabled={partitions.length === 0 && cutLinks.length === 0}
          onClick={() => onFault({ kind: 'heal' })}
        >
          Heal all
        </button>
      </div>
      {draft !== null ? (
        <p className="help" data-testid="partition-draft">
          Click nodes to put them in group A, again for B, again to leave them out. The clients stay
          with A. A: {groups[0]?.join(' ') || '—'} · B: {groups[1]?.join(' ') || '—'}
        </p>
      ) : null}
      <p className="status-line" data-testid="partition-status">
        {partitions.length === 0 ? 'No partition.' : 'Partitioned: '}
        {partitions.map((g, i) => (
          <span key={i} className="partition-group" style={{ borderColor: groupColour(i) }}>
            {g.filter((n) => nodes.includes(n)).join(' ')}
          </span>
        ))}
        {partitions.length === 0 ? null : ' (clients with the first)'}
      </p>
      <CutLinks nodes={nodes} cutLinks={cutLinks} onFault={onFault} />
      <LossSlider loss={network?.lossProbability ?? 0} onFault={onFault} />
      <LatencyControl spec={network?.latency.default ?? DEFAULT_SPEC} onFault={onFault} />
      <div className="panel-row">
        <button
          type="button"
          className="button"
          data-testid="join-node"
          onClick={() => onFault({ kind: 'join', node: nextNodeName(nodes) })}
        >
          Join node {nextNodeName(nodes)}
        </button>
      </div>
    </section>
  );
}

function CutLinks({
  nodes,
  cutLinks,
  onFault,
}: {
  nodes: readonly NodeId[];
  cutLinks: readonly { from: string; to: string }[];
  onFault: (fault: Fault) => void;
}) {
  const [from, setFrom] = useState(nodes[0] ?? '');
  const [to, setTo] = useState(nodes[1] ?? '');
  return (
    <div className="field-group">
      <span className="field-label">Cut a link one way</span>
      <div className="panel-row">
        <select
          className="input"
          data-testid="cut-from"
          aria-label="From"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        >
          {nodes.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <span aria-hidden="true">→</span>
        <select
          className="input"
          data-testid="cut-to"
          aria-label="To"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        >
          {nodes.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          data-testid="cut-apply"
          disabled={from === to}
          onClick={() => onFault({ kind: 'cut', from, to })}
        >
          Cut
        </button>
      </div>
      {cutLinks.map((c) => (
        <div className="panel-row" key={`${c.from}>${c.to}`}>
          <span>
            ✂ {c.from} → {c.to}
          </span>
          <button
            type="button"
            className="button small"
            onClick={() => onFault({ kind: 'restore', from: c.from, to: c.to })}
          >
            Restore
          </button>
        </div>
      ))}
    </div>
  );
}

/** Applies the last value given once the slider has rested for a moment, so a drag is one intervention. */
function useDebounced<T>(apply: (value: T) => void, delayMs = 350): (value: T) => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const applyRef = useRef(apply);
  useEffect(() => {
    applyRef.current = apply;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (value: T) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => applyRef.current(value), delayMs);
    },
    [delayMs],
  );
}

function LossSlider({ loss, onFault }: { loss: number; onFault: (fault: Fault) => void }) {
  const [percent, setPercent] = useState(Math.round(loss * 100));
  // The run's loss can change without the slider (a seek, a replayed intervention): follow it.
  const [shownLoss, setShownLoss] = useState(loss);
  if (shownLoss !== loss) {
    setShownLoss(loss);
    setPercent(Math.round(loss * 100));
  }
  const apply = useDebounced((p: number) => {
    if (p / 100 !== loss) onFault({ kind: 'loss', probability: p / 100 });
  });
  return (
    <label className="field">
      <span className="field-label">
        Message loss: <span data-testid="loss-value">{percent}%</span>
      </span>
      <input
        type="range"
        min={0}
        max={50}
        step={1}
        value={percent}
        data-testid="loss-slider"
        onChange={(e) => {
          setPercent(Number(e.target.value));
          apply(Number(e.target.value));
        }}
      />
    </label>
  );
}

function LatencyControl({ spec, onFault }: { spec: string; onFault: (fault: Fault) => void }) {
  const [position, setPosition] = useState(meanMsToSlider(meanLatencyOf(spec) ?? 3));
  const [text, setText] = useState(spec);
  // The run's latency can change without these fields (the expert field, a seek): follow it.
  const [shownSpec, setShownSpec] = useState(spec);
  if (shownSpec !== spec) {
    setShownSpec(spec);
    setText(spec);
    setPosition(meanMsToSlider(meanLatencyOf(spec) ?? 3));
  }
  const problem = latencySpecProblem(text);
  const apply = useDebounced((p: number) => {
    const next = latencySpecFor(sliderToMeanMs(p));
    setText(next);
    if (next !== spec) onFault({ kind: 'latency', leg: 'default', spec: next });
  });
  return (
    <div className="field-group">
      <label className="field">
        <span className="field-label">
          Latency: mean{' '}
          <span data-testid="latency-mean">{sliderToMeanMs(position).toFixed(1)}</span> ms one way
        </span>
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          value={position}
          data-testid="latency-slider"
          onChange={(e) => {
            setPosition(Number(e.target.value));
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

/**
 * Failures by hand (design.md "Faults by hand"; Dynamo §4.6–4.9): draw a partition (nodes and the
 * hand clients into groups, PartitionControls.tsx), heal it, cut a link one way, set message loss and
 * latency (LatencyControl.tsx), and join a new node. Every change is an intervention: recorded and
 * replayed by a seek.
 */
import { useState } from 'react';
import type { NodeId } from '../../core/types.ts';
import type { Fault } from '../../sim/world-config.ts';
import { nextNodeName } from '../model/cluster-ring.ts';
import type { PartitionDraft } from '../model/partition-draft.ts';
import { useAppStore } from '../store/store.ts';
import { HAND_CLIENTS } from './ClientPanel.tsx';
import { LatencyControl } from './LatencyControl.tsx';
import { PartitionControls } from './PartitionControls.tsx';
import { useDebounced } from './use-debounced.ts';

interface FaultPanelProps {
  /** Every node the run has had, those that left included (a join takes a new name). */
  nodes: readonly NodeId[];
  /** The ring's members: the nodes that have not left. */
  members: readonly NodeId[];
  draft: PartitionDraft | null;
  onDraft: (draft: PartitionDraft | null) => void;
  onFault: (fault: Fault) => void;
}

const DEFAULT_SPEC = 'exp(0.5) + 1';

export function FaultPanel({ nodes, members, draft, onDraft, onFault }: FaultPanelProps) {
  const network = useAppStore((s) => s.snapshot?.network);
  const partitions = network?.partitions ?? [];
  const cutLinks = network?.cutLinks ?? [];
  return (
    <section className="side-section fault-panel" aria-label="Failures">
      <h2>Failures</h2>
      <p className="help">Click a node to crash, recover, slow or remove it.</p>
      <PartitionControls
        members={members}
        clients={HAND_CLIENTS}
        partitions={partitions}
        canHeal={partitions.length > 0 || cutLinks.length > 0}
        draft={draft}
        onDraft={onDraft}
        onFault={onFault}
      />
      <CutLinks members={members} cutLinks={cutLinks} onFault={onFault} />
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
  members,
  cutLinks,
  onFault,
}: {
  members: readonly NodeId[];
  cutLinks: readonly { from: string; to: string }[];
  onFault: (fault: Fault) => void;
}) {
  const [fromChoice, setFrom] = useState(members[0] ?? '');
  const [toChoice, setTo] = useState(members[1] ?? '');
  // Only the ring's members can be cut: a choice whose node has since left falls back to a member.
  const from = members.includes(fromChoice) ? fromChoice : (members[0] ?? '');
  const to = members.includes(toChoice) ? toChoice : (members.find((n) => n !== from) ?? '');
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
          {members.map((n) => (
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
          {members.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          data-testid="cut-apply"
          disabled={from === '' || to === '' || from === to}
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

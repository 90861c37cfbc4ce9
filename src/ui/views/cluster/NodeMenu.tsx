/**
 * A node's menu in the live cluster (Dynamo §4.8 failures, §4.9 membership): crash it, crash it
 * losing its disk, recover it, slow it down, or remove it from the ring. Each choice is an
 * intervention: recorded, replayed by a seek.
 */
import { useState } from 'react';
import type { NodeId } from '../../../core/types.ts';
import type { Fault } from '../../../sim/world-config.ts';
import type { StageNode } from './ClusterStage.tsx';

interface NodeMenuProps {
  node: StageNode;
  at: { x: number; y: number };
  /** The node's current latency factor (1: normal). */
  slowFactor: number;
  /** Why the node cannot leave the ring now (too few nodes would remain), if it cannot. */
  leaveBlocked?: string | undefined;
  onFault: (fault: Fault) => void;
  onClose: () => void;
}

const SLOW_FACTORS = [2, 5, 10, 50];

export function NodeMenu({ node, at, slowFactor, leaveBlocked, onFault, onClose }: NodeMenuProps) {
  const [factor, setFactor] = useState(slowFactor > 1 ? slowFactor : 5);
  const act = (fault: Fault) => {
    onFault(fault);
    onClose();
  };
  const id: NodeId = node.id;
  const up = node.status === 'up';
  const down = node.status === 'crashed' || node.status === 'faulted';
  return (
    <div
      className="node-menu"
      data-testid="node-menu"
      role="menu"
      aria-label={`Node ${id}`}
      style={{ left: at.x, top: at.y + 8 }}
    >
      <div className="node-menu-title">
        <strong>{id}</strong> <span className="muted">{node.status}</span>
        <button type="button" className="close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {node.error ? <p className="node-menu-error">{node.error}</p> : null}
      <button
        type="button"
        role="menuitem"
        className="button"
        data-testid="node-crash"
        disabled={!up}
        onClick={() => act({ kind: 'crash', node: id })}
      >
        Crash
      </button>
      <button
        type="button"
        role="menuitem"
        className="button"
        data-testid="node-crash-disk"
        disabled={!up}
        onClick={() => act({ kind: 'crash', node: id, loseDisk: true })}
      >
        Crash, losing its disk
      </button>
      <button
        type="button"
        role="menuitem"
        className="button"
        data-testid="node-recover"
        disabled={!down}
        onClick={() => act({ kind: 'recover', node: id })}
      >
        Recover
      </button>
      <div className="node-menu-row">
        <button
          type="button"
          role="menuitem"
          className="button"
          data-testid="node-slow"
          disabled={!up}
          onClick={() => act({ kind: 'slow', node: id, factor })}
        >
          Slow ×{factor}
        </button>
        <select
          className="input"
          aria-label="Slow-down factor"
          value={factor}
          onChange={(e) => setFactor(Number(e.target.value))}
        >
          {SLOW_FACTORS.map((k) => (
            <option key={k} value={k}>
              ×{k}
            </option>
          ))}
        </select>
      </div>
      {slowFactor > 1 ? (
        <button
          type="button"
          role="menuitem"
          className="button"
          data-testid="node-normal-speed"
          onClick={() => act({ kind: 'slow', node: id, factor: 1 })}
        >
          Normal speed (now ×{slowFactor})
        </button>
      ) : null}
      <button
        type="button"
        role="menuitem"
        className="button danger"
        data-testid="node-leave"
        disabled={!up || leaveBlocked !== undefined}
        title={leaveBlocked}
        onClick={() => act({ kind: 'leave', node: id })}
      >
        Remove from ring
      </button>
      {up && leaveBlocked ? (
        <p className="node-menu-error" data-testid="node-leave-blocked">
          {leaveBlocked}
        </p>
      ) : null}
    </div>
  );
}

/** What the selected node holds (Dynamo §4.2: each node is responsible for the ranges before its tokens, and replicates N - 1 more). */
import { useMemo } from 'react';
import type { NodeId } from '../../../core/types.ts';
import { holdingsOf } from '../../model/ring-model.ts';
import type { RingModel } from '../../model/ring-model.ts';
import { useAppStore } from '../../store/store.ts';

export function SelectedNodePanel({ model, colours }: { model: RingModel; colours: ReadonlyMap<NodeId, string> }) {
  const selectedNode = useAppStore((s) => s.selectedNode);
  const selectNode = useAppStore((s) => s.selectNode);
  const holdings = useMemo(() => (selectedNode === null ? null : holdingsOf(model, selectedNode)), [model, selectedNode]);
  if (selectedNode === null || holdings === null) return null;
  return (
    <div className="side-section" data-testid="selected-node">
      <h2>
        <span className="swatch" style={{ background: colours.get(selectedNode) }} aria-hidden="true" /> {selectedNode}
      </h2>
      <table className="stat-table">
        <tbody>
          <tr>
            <td>Tokens</td>
            <td className="num">{holdings.tokens}</td>
          </tr>
          <tr>
            <td>Ranges as coordinator (solid)</td>
            <td className="num" data-testid="selected-primary">{holdings.primary}</td>
          </tr>
          <tr>
            <td>Ranges as replica (faint)</td>
            <td className="num" data-testid="selected-replica">{holdings.replica}</td>
          </tr>
        </tbody>
      </table>
      <button type="button" className="button" onClick={() => selectNode(null)}>
        Clear selection
      </button>
    </div>
  );
}

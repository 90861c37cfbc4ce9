/** The node legend: every physical node with its colour; click to highlight the ranges it holds. */
import type { NodeId } from '../../../core/types.ts';
import { useAppStore } from '../../store/store.ts';

export function NodeLegend({ nodes, colours }: { nodes: readonly NodeId[]; colours: ReadonlyMap<NodeId, string> }) {
  const selectedNode = useAppStore((s) => s.selectedNode);
  const toggleNode = useAppStore((s) => s.toggleNode);
  return (
    <div className="side-section">
      <h2>Nodes</h2>
      <div className={`legend${nodes.length > 16 ? ' dense' : ''}`} role="group" aria-label="Nodes">
        {nodes.map((node) => (
          <button
            key={node}
            type="button"
            className="node-chip"
            data-testid={`node-${node}`}
            aria-pressed={selectedNode === node}
            onClick={() => toggleNode(node)}
          >
            <span className="swatch" style={{ background: colours.get(node) }} aria-hidden="true" />
            {node}
          </button>
        ))}
      </div>
    </div>
  );
}

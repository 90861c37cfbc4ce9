/**
 * The ring view (Dynamo §4.2–4.3): the configured cluster's ring, a key's position and preference
 * list, and the ranges a clicked node holds as coordinator and as replica.
 */
import { useMemo } from 'react';
import { keyWalk, ringModel } from '../model/ring-model.ts';
import { useAppStore } from '../store/store.ts';
import { nodePalette } from '../theme/node-palette.ts';
import { KeyPanel } from './ring/KeyPanel.tsx';
import { NodeLegend } from './ring/NodeLegend.tsx';
import { RingDiagram } from './ring/RingDiagram.tsx';
import { SelectedNodePanel } from './ring/SelectedNodePanel.tsx';

export function RingView() {
  const ring = useAppStore((s) => s.ring);
  const N = useAppStore((s) => s.settings.N);
  const nodes = useAppStore((s) => s.settings.nodes);
  const key = useAppStore((s) => s.key);
  const selectedNode = useAppStore((s) => s.selectedNode);
  const toggleNode = useAppStore((s) => s.toggleNode);
  const model = useMemo(() => ringModel(ring, N), [ring, N]);
  const theme = useAppStore((s) => s.theme);
  const colours = useMemo(() => nodePalette(nodes, theme), [nodes, theme]);
  const walk = useMemo(() => (key === '' ? null : keyWalk(model, key)), [model, key]);
  const strategy = ring.params.strategy;
  const label = `Ring of ${nodes.length} nodes under strategy ${strategy}: ${model.tokens.length} tokens, ${model.ranges.length} ranges`;
  const params = strategy === 1 ? `T=${ring.params.tokensPerNode ?? 0}` : strategy === 2 ? `T=${ring.params.tokensPerNode ?? 0}, Q=${ring.params.partitionCount ?? 0}` : `Q=${ring.params.partitionCount ?? 0}`;
  const caption = [`Strategy ${strategy}`, params, `${nodes.length} nodes · N=${N}`];
  return (
    <section className="ring-view" data-testid="ring-view" aria-label="Ring">
      <div className="ring-stage">
        <RingDiagram model={model} colours={colours} selectedNode={selectedNode} walk={walk} onNodeClick={toggleNode} label={label} caption={caption} testId="ring-diagram" />
      </div>
      <div className="ring-side">
        <KeyPanel walk={walk} colours={colours} />
        <SelectedNodePanel model={model} colours={colours} />
        <NodeLegend nodes={nodes} colours={colours} />
        <p className="help">
          {model.tokens.length} tokens, {model.ranges.length} ranges. Hover the ring for a token’s position; click a token or a node to see the ranges it holds.
        </p>
      </div>
    </section>
  );
}

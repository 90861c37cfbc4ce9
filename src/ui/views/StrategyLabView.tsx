/**
 * The strategy lab (Dynamo §6.2, Figures 7 and 8): one cluster under strategies 1, 2 and 3 side by
 * side, with each node's load share, the load-balancing efficiency and the metadata each node keeps;
 * adding or removing a node shows which ranges move and what fraction of keys must be handed off.
 */
import { useMemo } from 'react';
import type { StrategyId } from '../../core/types.ts';
import { nextNodeName, nodeCapacity, nodesAfterChanges } from '../model/cluster-ring.ts';
import { nodesEverSeen, strategyOutcome } from '../model/strategy-lab.ts';
import { useAppStore } from '../store/store.ts';
import { nodePalette } from '../theme/node-palette.ts';
import { StrategyCard } from './lab/StrategyCard.tsx';

const STRATEGIES: readonly StrategyId[] = [1, 2, 3];

export function StrategyLabView() {
  const settings = useAppStore((s) => s.settings);
  const changes = useAppStore((s) => s.labChanges);
  const addLabNode = useAppStore((s) => s.addLabNode);
  const removeLabNode = useAppStore((s) => s.removeLabNode);
  const resetLab = useAppStore((s) => s.resetLab);
  const results = useMemo(() => STRATEGIES.map((strategy) => strategyOutcome(settings, strategy, changes)), [settings, changes]);
  const theme = useAppStore((s) => s.theme);
  const colours = useMemo(() => nodePalette(nodesEverSeen(settings.nodes, changes), theme), [settings.nodes, changes, theme]);
  const nodes = nodesAfterChanges(settings.nodes, changes);
  const last = changes.at(-1);
  const canRemove = nodes.length > Math.max(1, settings.N);
  const next = nextNodeName(nodes);
  // Strategy 3 takes at most Q nodes; the others go on, and strategy 3's card says why it stopped.
  const strategy3Full = nodes.length >= nodeCapacity(settings, 3);
  return (
    <section className="lab" data-testid="strategy-lab" aria-label="Strategy lab">
      <div className="lab-controls">
        <button
          type="button"
          className="button primary"
          data-testid="add-node"
          title={strategy3Full ? `Add ${next} to strategies 1 and 2; strategy 3 takes at most Q=${settings.partitionCount} nodes` : `Add ${next}`}
          onClick={() => addLabNode()}
        >
          Add node
        </button>
        <button
          type="button"
          className="button"
          data-testid="remove-node"
          disabled={!canRemove}
          title={canRemove ? `Remove ${nodes.at(-1) ?? ''}` : `N=${settings.N} needs at least ${settings.N} nodes`}
          onClick={() => removeLabNode()}
        >
          Remove node
        </button>
        <button type="button" className="button" data-testid="reset-lab" disabled={changes.length === 0} onClick={resetLab}>
          Back to {settings.nodes.length} nodes
        </button>
        <p className="help" data-testid="lab-status">
          {nodes.length} nodes, N={settings.N}, seed {settings.seed}.{' '}
          {last ? `${last.node} ${last.kind === 'join' ? 'joined' : 'left'}: moved ranges are marked outside each ring.` : 'Add or remove a node to see which ranges move.'}
        </p>
      </div>
      <div className="lab-grid">
        {results.map((result) => (
          <StrategyCard key={result.ok ? result.outcome.strategy : result.strategy} result={result} colours={colours} settings={settings} />
        ))}
      </div>
    </section>
  );
}

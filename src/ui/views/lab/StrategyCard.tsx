/** One strategy in the lab (Dynamo §6.2): its small ring, its numbers and its load-share bars. */
import type { NodeId, StrategyId } from '../../../core/types.ts';
import type { StrategyResult } from '../../model/strategy-lab.ts';
import type { ClusterSettings } from '../../store/settings-validation.ts';
import { RingDiagram } from '../ring/RingDiagram.tsx';
import { LoadBars } from './LoadBars.tsx';

const DESCRIPTIONS: Record<StrategyId, (s: ClusterSettings) => string> = {
  1: (s) => `T=${s.tokensPerNode} random tokens per node; a range runs between two tokens.`,
  2: (s) => `T=${s.tokensPerNode} random tokens per node; Q=${s.partitionCount} equal partitions.`,
  3: (s) => `Q=${s.partitionCount} equal partitions; Q/S tokens per node.`,
};

const bytes = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export function StrategyCard({ result, colours, settings }: { result: StrategyResult; colours: ReadonlyMap<NodeId, string>; settings: ClusterSettings }) {
  const strategy = result.ok ? result.outcome.strategy : result.strategy;
  const heading = (
    <>
      <h3>Strategy {strategy}</h3>
      <p className="what">{DESCRIPTIONS[strategy](settings)}</p>
    </>
  );
  if (!result.ok) {
    return (
      <article className="lab-card" data-testid={`strategy-card-${strategy}`}>
        {heading}
        <p className="field-error" role="alert">
          {result.error}
        </p>
      </article>
    );
  }
  const { outcome } = result;
  const moved = outcome.movement?.movedFraction;
  return (
    <article className="lab-card" data-testid={`strategy-card-${strategy}`}>
      {heading}
      <div className="lab-ring">
        <RingDiagram
          model={outcome.model}
          colours={colours}
          previous={outcome.previous}
          movedSpans={outcome.movedSpans}
          compact
          label={`Strategy ${strategy}: ${outcome.model.tokens.length} tokens, ${outcome.model.ranges.length} ranges`}
          testId={`lab-ring-${strategy}`}
        />
      </div>
      <div className="metrics">
        <div className="metric" title="Mean load over the hottest node’s load (§6.2); 1.00 is perfect balance">
          <span className="value" data-testid={`efficiency-${strategy}`} data-value={outcome.efficiency}>
            {outcome.efficiency.toFixed(2)}
          </span>
          <span className="name">mean/max load</span>
        </div>
        <div className="metric" title="Membership information each node keeps (§6.2, Figure 8)">
          <span className="value" data-testid={`metadata-${strategy}`} data-value={outcome.metadataBytesPerNode}>
            {bytes.format(outcome.metadataBytesPerNode)} B
          </span>
          <span className="name">metadata/node</span>
        </div>
        <div className="metric" title="Keys whose replica set changed with the last join or leave. A joining node becomes one of the N replicas of about N/S of the keys, so a sixth node with N = 3 changes about half of them, not a sixth">
          <span className="value moved" data-testid={`moved-fraction-${strategy}`} data-value={moved ?? ''}>
            {moved === undefined ? '–' : `${(moved * 100).toFixed(1)}%`}
          </span>
          <span className="name">keys moved</span>
        </div>
      </div>
      {outcome.neverHeld !== null ? (
        <p className="help" data-testid={`ring-note-${strategy}`}>
          {outcome.neverHeld} never joined this ring (it was full), so its leaving moved nothing.
        </p>
      ) : null}
      {outcome.admitted !== null ? (
        <p className="help" data-testid={`ring-note-${strategy}`}>
          {outcome.admitted.node}, which waited while this ring was full, took the place {outcome.admitted.inPlaceOf} left.
        </p>
      ) : null}
      <LoadBars shares={outcome.loadShare} nodes={outcome.ring.nodes.map((n) => n.id)} colours={colours} testId={`load-share-${strategy}`} />
    </article>
  );
}

/** The hover card of the ring: a token's position and owner, or a range's bounds and replicas (Dynamo §4.2). */
import type { RingHit, Point } from '../../geometry/ring-layout.ts';
import type { RingModel } from '../../model/ring-model.ts';

export function RingTooltip({ model, hit, pointer, width }: { model: RingModel; hit: RingHit; pointer: Point; width: number }) {
  // Flip to the pointer's left near the right edge so the card stays inside the view.
  const left = pointer.x > width - 260 ? pointer.x - 250 : pointer.x + 14;
  const style = { left, top: pointer.y + 14 };
  if (hit.kind === 'token') {
    const token = model.tokens[hit.index];
    if (!token) return null;
    return (
      <div className="tooltip" style={style} data-testid="ring-tooltip" role="status">
        <div>
          Token of <strong>{token.node}</strong>
        </div>
        <div className="mono">{token.position}</div>
      </div>
    );
  }
  const range = model.ranges[hit.index];
  if (!range) return null;
  return (
    <div className="tooltip" style={style} data-testid="ring-tooltip" role="status">
      <div>
        Range {range.index + 1} of {model.ranges.length}: held by <strong>{range.replicas.join(', ')}</strong>
      </div>
      <div className="mono">from {range.start.slice(0, 12)}… (excl.)</div>
      <div className="mono">to {range.end.slice(0, 12)}… (incl.)</div>
    </div>
  );
}

/** Each node's share of the hash space as a bar, against the dashed line of a perfect 1/S share (Dynamo §6.2). */
import { max, scaleBand, scaleLinear } from 'd3';
import { useRef } from 'react';
import type { NodeId } from '../../../core/types.ts';
import { useTypeMeasure } from '../../theme/use-type-measure.ts';
import { useElementSize } from '../ring/use-size.ts';

/** The chart's height and margins for labels of `fontPx` (11 px normally, larger in presenter mode). */
function layoutFor(fontPx: number) {
  const scale = fontPx / 11;
  return {
    height: Math.round(92 * Math.max(1, scale * 0.85)),
    margin: { top: Math.round(14 * scale), right: 4, bottom: Math.round(16 * scale), left: Math.round(30 * scale) },
  };
}

export function LoadBars({ shares, nodes, colours, testId }: { shares: Readonly<Record<NodeId, number>>; nodes: readonly NodeId[]; colours: ReadonlyMap<NodeId, string>; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  // The labels' size as the page styles them: the layout makes room for them.
  const fontPx = useTypeMeasure(
    ref,
    (root) => {
      const label = root.querySelector('text');
      const px = label ? parseFloat(getComputedStyle(label).fontSize) : 11;
      return Number.isFinite(px) && px > 0 ? px : 11;
    },
    11,
    String(width),
  );
  const { height, margin } = layoutFor(fontPx);
  const ideal = 1 / Math.max(1, nodes.length);
  const top = Math.max(ideal * 2, max(nodes, (n) => shares[n] ?? 0) ?? 0);
  const x = scaleBand<NodeId>().domain(nodes).range([margin.left, Math.max(margin.left + 1, width - margin.right)]).padding(nodes.length > 24 ? 0.1 : 0.2);
  const y = scaleLinear().domain([0, top]).range([height - margin.bottom, margin.top]);
  const showNames = nodes.length <= 12;
  return (
    <div ref={ref} data-testid={testId}>
      <svg className="bars" width={width} height={height} role="img" aria-label="Load share per node">
        <text x={0} y={margin.top - 4}>
          load share
        </text>
        <text x={margin.left - 4} y={y(ideal)} textAnchor="end" dominantBaseline="middle">
          1/S
        </text>
        {nodes.map((node) => {
          const share = shares[node] ?? 0;
          return (
            <rect key={node} x={x(node)} y={y(share)} width={x.bandwidth()} height={Math.max(0, y(0) - y(share))} fill={colours.get(node) ?? '#888'}>
              <title>{`${node}: ${(share * 100).toFixed(1)}% of the keys`}</title>
            </rect>
          );
        })}
        <line className="ideal" x1={margin.left} x2={width - margin.right} y1={y(ideal)} y2={y(ideal)} />
        {showNames
          ? nodes.map((node) => (
              <text key={node} x={(x(node) ?? 0) + x.bandwidth() / 2} y={height - 3} textAnchor="middle">
                {node}
              </text>
            ))
          : null}
      </svg>
    </div>
  );
}

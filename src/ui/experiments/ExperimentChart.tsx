/**
 * One experiment chart (Dynamo §6 figures) as a self-contained SVG: title, legend, axes with their
 * units, reference lines, and the lines or bars of chart-model.ts. Everything the picture needs is
 * inside the <svg>, so exporting it as SVG or PNG gives the same figure.
 */
import { useMemo, useRef } from 'react';
import { useElementSize } from '../views/ring/use-size.ts';
import {
  layoutChart,
  layoutLegend,
  layoutTitle,
  RULE_LABEL_FONT_PX,
  ruleLabelRoomPx,
  TITLE_FONT_PX,
  type ChartSpec,
} from './chart-model.ts';

/** The chart's height below its title and legend: plot, axes and their labels. */
const BODY_PX = 294;

export function ExperimentChart({ spec }: { spec: ChartSpec }) {
  const ref = useRef<HTMLDivElement>(null);
  const { width: measured } = useElementSize(ref);
  const width = Math.max(360, Math.floor(measured));
  const legendEntries = useMemo(
    () =>
      spec.kind === 'line'
        ? spec.series.map((s) => ({ label: s.label, colour: s.colour, dashed: s.dashed ?? false }))
        : spec.series.map((s) => ({ label: s.label, colour: s.colour, dashed: false })),
    [spec],
  );
  // A title longer than the chart is wide wraps, so an exported picture keeps all of it.
  const title = useMemo(() => layoutTitle(spec.title, width), [spec.title, width]);
  const titlePx = title.height;
  const legend = useMemo(
    () =>
      layoutLegend(
        legendEntries.map((e) => e.label),
        width - 16,
        { top: titlePx },
      ),
    [legendEntries, width, titlePx],
  );
  // Reference-line labels get a margin of their own right of the plot, off the bars and curves.
  const margin = useMemo(
    () => ({
      top: titlePx + legend.height + 10,
      right: Math.max(20, ruleLabelRoomPx(spec.rules)),
      bottom: 46,
      left: 64,
    }),
    [legend.height, titlePx, spec.rules],
  );
  const height = titlePx + legend.height + BODY_PX;
  const layout = useMemo(
    () => layoutChart(spec, { width, height, margin }),
    [spec, width, height, margin],
  );
  const { plot } = layout;
  const pointCount = layout.series.reduce((n, s) => n + s.points.length, 0) + layout.bars.length;
  return (
    <figure
      className="experiment-chart"
      data-testid="experiment-chart"
      data-chart={spec.id}
      data-points={pointCount}
    >
      <div ref={ref} className="experiment-chart-body">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`${spec.title}: ${spec.yLabel} against ${spec.xLabel}`}
          fontFamily="system-ui, sans-serif"
          fontSize="12"
          style={{ color: 'var(--text)' }}
        >
          <text fontSize={TITLE_FONT_PX} fontWeight="600" fill="currentColor">
            {title.lines.map((line, i) => (
              <tspan key={i} x={line.x} y={line.y}>
                {line.text}
              </tspan>
            ))}
          </text>
          <g className="legend">
            {legend.items.map((item, i) => {
              const entry = legendEntries[i];
              if (!entry) return null;
              return (
                <g key={item.label} transform={`translate(${item.x} ${item.y})`}>
                  {spec.kind === 'line' ? (
                    <line
                      x1={0}
                      x2={20}
                      y1={9}
                      y2={9}
                      stroke={entry.colour}
                      strokeWidth={2.5}
                      strokeDasharray={entry.dashed ? '5 3' : undefined}
                    />
                  ) : (
                    <rect x={2} y={3} width={14} height={12} fill={entry.colour} />
                  )}
                  <text x={26} y={9} dominantBaseline="middle" fill="currentColor">
                    {item.label}
                  </text>
                </g>
              );
            })}
          </g>
          <g className="axis y-axis" data-testid="chart-y-axis">
            {layout.yTicks.map((t) => (
              <g key={t.label}>
                <line
                  x1={plot.left}
                  x2={plot.right}
                  y1={t.at}
                  y2={t.at}
                  stroke="currentColor"
                  strokeOpacity={0.12}
                />
                <text
                  x={plot.left - 6}
                  y={t.at}
                  textAnchor="end"
                  dominantBaseline="middle"
                  fill="currentColor"
                >
                  {t.label}
                </text>
              </g>
            ))}
            <line
              x1={plot.left}
              x2={plot.left}
              y1={plot.top}
              y2={plot.bottom}
              stroke="currentColor"
              strokeOpacity={0.6}
            />
            <text
              transform={`translate(16 ${(plot.top + plot.bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
              fill="currentColor"
            >
              {spec.yLabel}
            </text>
          </g>
          <g className="axis x-axis" data-testid="chart-x-axis">
            <line
              x1={plot.left}
              x2={plot.right}
              y1={plot.bottom}
              y2={plot.bottom}
              stroke="currentColor"
              strokeOpacity={0.6}
            />
            {layout.xTicks.map((t) => (
              <g key={`${t.label}-${t.at}`}>
                <line
                  x1={t.at}
                  x2={t.at}
                  y1={plot.bottom}
                  y2={plot.bottom + 4}
                  stroke="currentColor"
                />
                <text x={t.at} y={plot.bottom + 16} textAnchor="middle" fill="currentColor">
                  {t.label}
                </text>
              </g>
            ))}
            <text
              x={(plot.left + plot.right) / 2}
              y={height - 8}
              textAnchor="middle"
              fill="currentColor"
            >
              {spec.xLabel}
            </text>
          </g>
          {layout.bars.map((b) => (
            <rect
              key={`${b.category}-${b.seriesId}`}
              className="bar"
              x={b.x}
              y={b.y}
              width={b.width}
              height={b.height}
              fill={b.colour}
            >
              <title>{`${b.category}: ${b.value}`}</title>
            </rect>
          ))}
          {layout.rules.map((r) => (
            <g key={r.label} className="rule">
              <line
                x1={plot.left}
                x2={plot.right}
                y1={r.y}
                y2={r.y}
                stroke="currentColor"
                strokeDasharray="2 3"
                strokeOpacity={0.7}
              />
              <text
                className="rule-label"
                data-testid="rule-label"
                x={plot.right + 6}
                y={r.labelY}
                dominantBaseline="middle"
                fontSize={RULE_LABEL_FONT_PX}
                fill="currentColor"
              >
                {r.label}
              </text>
            </g>
          ))}
          {layout.series.map((s) => (
            <g
              key={s.id}
              className="series"
              data-testid={`series-${s.id}`}
              data-points={s.points.length}
            >
              <path
                d={s.path}
                fill="none"
                stroke={s.colour}
                strokeWidth={2.2}
                strokeDasharray={s.dashed ? '6 4' : undefined}
              />
              {s.points.map((p) => (
                <circle key={`${p.value.x}`} cx={p.x} cy={p.y} r={3} fill={s.colour}>
                  <title>{`${s.label}: x ${p.value.x}, y ${p.value.y}`}</title>
                </circle>
              ))}
            </g>
          ))}
        </svg>
      </div>
      <figcaption className="chart-note">{spec.note}</figcaption>
    </figure>
  );
}

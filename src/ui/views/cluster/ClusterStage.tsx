/**
 * The live cluster's stage (Dynamo §4 at work): nodes around a circle as SVG — their state, the
 * hints they hold for others (§4.6), partitions and cut links — and the messages flying between
 * them on a canvas above, redrawn every animation frame at the display clock's virtual time.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { MouseEvent } from 'react';
import type { NodeId } from '../../../core/types.ts';
import type { NodeStatus } from '../../../sim/world.ts';
import {
  clusterLayout,
  labelPoint,
  linkControl,
  type ClusterLayout,
} from '../../geometry/cluster-layout.ts';
import { labelPitchPx, nodeLabelFit, type NodeLabelFit, type NodeLabelType } from '../../geometry/node-label-fit.ts';
import { displayClock } from '../../live/display-clock.ts';
import type { PartitionDraft } from '../../model/partition-draft.ts';
import { sideOfNode } from '../../model/partition-sides.ts';
import { useAppStore } from '../../store/store.ts';
import { nodePalette } from '../../theme/node-palette.ts';
import { useTypeMeasure } from '../../theme/use-type-measure.ts';
import { useElementSize } from '../ring/use-size.ts';
import { MessagePainter, messageAt } from './message-canvas.ts';

export interface StageNode {
  id: NodeId;
  status: NodeStatus;
  hints: number;
  error: string | undefined;
}

export type { PartitionDraft } from '../../model/partition-draft.ts';

interface ClusterStageProps {
  nodes: readonly StageNode[];
  partitions: readonly (readonly string[])[];
  cutLinks: readonly { from: string; to: string }[];
  /** While drawing a partition: the group each clicked node is in. */
  draft: PartitionDraft | null;
  menuNode: NodeId | null;
  onNodeClick: (node: NodeId, at: { x: number; y: number }) => void;
  /** Nodes made slow (§6's heterogeneous nodes): every message they send or take is this much slower. */
  slowNodes?: Readonly<Record<NodeId, number>>;
}

const GROUP_COLOURS = ['#e8590c', '#6f42c1', '#0b7285', '#5c940d'];

/** The dashed ring colour of the i-th side of a partition, shared with the fault panel's status line. */
export function groupColour(i: number): string {
  return GROUP_COLOURS[i % GROUP_COLOURS.length] ?? '#888888';
}

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

/** The widest state line a node can show, measured to decide whether state lines fit. */
const WIDEST_STATE = 'left ring';

/** The type of the longest name and of the state line, as styled (presenter mode enlarges both). */
function measureLabelType(root: Element): NodeLabelType & { stateFontPx: number } {
  const name = root.querySelector<SVGTextElement>('.label-probe .node-label');
  const state = root.querySelector<SVGTextElement>('.label-probe .node-state');
  const box = (t: SVGTextElement | null) => (t ? { width: t.getBBox().width, height: t.getBBox().height } : { width: 0, height: 0 });
  const fontPx = (t: SVGTextElement | null, fallback: number) => (t ? parseFloat(getComputedStyle(t).fontSize) || fallback : fallback);
  return { name: { ...box(name), fontPx: fontPx(name, 16) }, state: box(state), stateFontPx: fontPx(state, 13) };
}

export function ClusterStage({
  nodes,
  partitions,
  cutLinks,
  draft,
  menuNode,
  onNodeClick,
  slowNodes = {},
}: ClusterStageProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width, height } = useElementSize(containerRef);
  const theme = useAppStore((s) => s.theme);
  const selectMessage = useAppStore((s) => s.selectMessage);
  const ids = useMemo(() => nodes.map((n) => n.id), [nodes]);
  // Room for labels and badges outside the circle, less on a small stage.
  const margin = Math.min(64, Math.max(54, Math.min(width, height) * 0.12));
  const layout = useMemo(
    () => clusterLayout(ids, width, height, margin),
    [ids, width, height, margin],
  );
  const colours = useMemo(() => nodePalette(ids, theme), [ids, theme]);
  // Names as large as the room between neighbours allows (geometry/node-label-fit.ts).
  const longestId = ids.reduce((a, b) => (b.length > a.length ? b : a), '');
  const labelType = useTypeMeasure(
    containerRef,
    measureLabelType,
    { name: { width: longestId.length * 10, height: 19, fontPx: 16 }, state: { width: 60, height: 16 }, stateFontPx: 13 },
    `${longestId} ${width}×${height}`,
  );
  const labelFit = useMemo(() => nodeLabelFit(labelPitchPx(layout), labelType), [layout, labelType]);
  // Every member's side: its group's, or — named in no group — the side of its own the network
  // makes of those, ringed in the next colour (model/partition-sides.ts). A node that left has none.
  const groupOf = useMemo(() => {
    const map = new Map<string, number>();
    if (partitions.length === 0) return map;
    for (const node of nodes) if (node.status !== 'left') map.set(node.id, sideOfNode(partitions, node.id));
    return map;
  }, [partitions, nodes]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const container = containerRef.current;
    if (canvas === null || container === null || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    const canvasColours = {
      text: cssVar(container, '--text', '#1b1f24'),
      surface: cssVar(container, '--surface', '#ffffff'),
      drop: cssVar(container, '--error', '#b3261e'),
      selected: cssVar(container, '--highlight', '#111111'),
    };
    const painter = new MessagePainter();
    let seen: unknown = null;
    let frame = 0;
    const draw = (realMs: number) => {
      const { snapshot, traceLog, selectedMessageId } = useAppStore.getState();
      const inFlight = snapshot?.inFlight ?? [];
      if (snapshot !== seen) {
        if (snapshot === null) painter.reset();
        painter.observe(inFlight, traceLog, realMs);
        seen = snapshot;
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      painter.paint(
        ctx,
        layout,
        displayClock.advance(realMs),
        realMs,
        canvasColours,
        selectedMessageId,
      );
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [layout, width, height, theme]);

  const pickMessage = (event: MouseEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const inFlight = useAppStore.getState().snapshot?.inFlight ?? [];
    selectMessage(
      messageAt(
        layout,
        inFlight,
        displayClock.advance(performance.now()),
        event.clientX - box.left,
        event.clientY - box.top,
      ),
    );
  };

  return (
    <div className="cluster-stage" ref={containerRef}>
      <svg width={width} height={height} role="img" aria-label={`Cluster of ${nodes.length} nodes`}>
        <rect className="stage-background" width={width} height={height} onClick={pickMessage} />
        <circle
          className="cluster-circle"
          cx={layout.center.x}
          cy={layout.center.y}
          r={layout.radius}
        />
        <text
          className="clients-label"
          x={layout.center.x}
          y={layout.center.y + 5}
          textAnchor="middle"
        >
          clients
        </text>
        {cutLinks.map((cut) => (
          <CutLink key={`${cut.from}>${cut.to}`} layout={layout} from={cut.from} to={cut.to} />
        ))}
        <g className="label-probe" visibility="hidden" aria-hidden="true">
          <text className="node-label">{longestId}</text>
          <text className="node-state">{WIDEST_STATE}</text>
        </g>
        {nodes.map((node) => (
          <NodeDisc
            key={node.id}
            node={node}
            layout={layout}
            colour={colours.get(node.id) ?? '#888888'}
            group={draft ? (draft.get(node.id) ?? null) : null}
            partitionGroup={groupOf.get(node.id)}
            menuOpen={menuNode === node.id}
            slowFactor={slowNodes[node.id] ?? 1}
            labelFit={labelFit}
            labelFontPx={labelType.name.fontPx}
            stateFontPx={labelType.stateFontPx}
            onClick={onNodeClick}
          />
        ))}
      </svg>
      <canvas
        ref={canvasRef}
        className="message-canvas"
        style={{ width, height }}
        aria-hidden="true"
      />
    </div>
  );
}

function CutLink({ layout, from, to }: { layout: ClusterLayout; from: string; to: string }) {
  const a = layout.nodes.get(from);
  const b = layout.nodes.get(to);
  if (!a || !b) return null;
  const c = linkControl(a, b);
  const mid = { x: (a.x + 2 * c.x + b.x) / 4, y: (a.y + 2 * c.y + b.y) / 4 };
  return (
    <g className="cut-link" data-testid={`cut-${from}-${to}`}>
      <path d={`M${a.x},${a.y} Q${c.x},${c.y} ${b.x},${b.y}`} />
      <text x={mid.x} y={mid.y + 5} textAnchor="middle">
        ✂ {from}→{to}
      </text>
    </g>
  );
}

interface NodeDiscProps {
  node: StageNode;
  layout: ClusterLayout;
  colour: string;
  group: 'A' | 'B' | null;
  partitionGroup: number | undefined;
  menuOpen: boolean;
  /** 1 for a node at normal speed. */
  slowFactor: number;
  /** How large names and state lines are drawn, from the room around the circle. */
  labelFit: NodeLabelFit;
  labelFontPx: number;
  stateFontPx: number;
  onClick: (node: NodeId, at: { x: number; y: number }) => void;
}

function NodeDisc({
  node,
  layout,
  colour,
  group,
  partitionGroup,
  menuOpen,
  slowFactor,
  labelFit,
  labelFontPx,
  stateFontPx,
  onClick,
}: NodeDiscProps) {
  const p = layout.nodes.get(node.id);
  if (!p) return null;
  const r = layout.nodeRadius;
  const label = labelPoint(layout, node.id, 12);
  // Without room the name and state wait for a hover or focus (CSS `.on-demand`), at full size.
  const shrunk = labelFit.scale > 0 && labelFit.scale < 1;
  const nameClass = `node-label${labelFit.scale > 0 ? '' : ' on-demand'}`;
  const stateClass = `node-state${labelFit.stateShown ? '' : ' on-demand'}`;
  const nameStyle = shrunk ? { fontSize: `${labelFontPx * labelFit.scale}px` } : undefined;
  const stateStyle = shrunk && labelFit.stateShown ? { fontSize: `${stateFontPx * labelFit.scale}px` } : undefined;
  // Labels sit outside the circle: above a top node, below a bottom one, beside a side one.
  const dx = label.x - p.x;
  const anchor = dx > r * 0.5 ? 'start' : dx < -r * 0.5 ? 'end' : 'middle';
  const above = label.y < p.y - r * 0.5;
  const idY = above ? label.y : label.y + (anchor === 'middle' ? 10 : 5);
  // The state goes one line from the name, in its own font's ems: presenter mode's larger type
  // would otherwise run the two lines into each other.
  const stateDy = above ? '-1.3em' : '1.3em';
  const slow = slowFactor !== 1 ? `slow ×${Number(slowFactor.toPrecision(3))}` : '';
  const stateText = node.status === 'up' ? slow : node.status === 'left' ? 'left ring' : node.status;
  const title = `${node.id}: ${node.status}${slow ? `, ${slow}` : ''}${node.error ? ` (${node.error})` : ''} · ${node.hints} hinted replica${node.hints === 1 ? '' : 's'} held for others`;
  return (
    <g
      className="cluster-node"
      data-testid={`node-${node.id}`}
      data-state={node.status}
      data-slow={slowFactor !== 1 ? slowFactor : undefined}
      data-menu-open={menuOpen}
      role="button"
      tabIndex={0}
      aria-label={title}
      onClick={() => onClick(node.id, { x: p.x, y: p.y + r })}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onClick(node.id, { x: p.x, y: p.y + r });
      }}
    >
      <title>{title}</title>
      {partitionGroup !== undefined ? (
        <circle
          className="partition-ring"
          cx={p.x}
          cy={p.y}
          r={r + 6}
          stroke={groupColour(partitionGroup)}
          data-side={partitionGroup}
        />
      ) : null}
      <circle
        className="node-disc"
        cx={p.x}
        cy={p.y}
        r={r}
        fill={node.status === 'up' ? colour : undefined}
      />
      {node.status === 'crashed' || node.status === 'faulted' ? (
        <path
          className="node-cross"
          d={`M${p.x - r * 0.45},${p.y - r * 0.45} L${p.x + r * 0.45},${p.y + r * 0.45} M${p.x + r * 0.45},${p.y - r * 0.45} L${p.x - r * 0.45},${p.y + r * 0.45}`}
        />
      ) : null}
      <text className={nameClass} style={nameStyle} x={label.x} y={idY} textAnchor={anchor}>
        {node.id}
      </text>
      {stateText ? (
        <text className={stateClass} style={stateStyle} x={label.x} y={idY} dy={stateDy} textAnchor={anchor}>
          {stateText}
        </text>
      ) : null}
      <g
        className="hint-badge"
        data-testid={`hints-${node.id}`}
        data-count={node.hints}
        visibility={node.hints > 0 ? 'visible' : 'hidden'}
      >
        <circle cx={p.x + r * 0.8} cy={p.y - r * 0.8} r={10} />
        <text x={p.x + r * 0.8} y={p.y - r * 0.8 + 4} textAnchor="middle">
          {node.hints}
        </text>
      </g>
      {group !== null ? (
        <text className="draft-group" x={p.x} y={p.y + 6} textAnchor="middle">
          {group}
        </text>
      ) : null}
    </g>
  );
}

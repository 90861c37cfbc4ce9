/**
 * A coordinator's request machine (Dynamo §4.5: "each client request results in the creation of a
 * state machine") read from its XState definition as a small graph, and laid out in columns by
 * distance from the initial state, so the drawing can never disagree with the machine that runs:
 *
 *   waiting ──▶ succeeded ──▶ done          waiting ──▶ read-repairing ──▶ done
 *      └──────▶ failed                         └──────▶ failed
 */
import type { AnyStateMachine } from 'xstate';

export interface MachineState {
  id: string;
  initial: boolean;
  final: boolean;
}

export interface MachineEdge {
  from: string;
  to: string;
  /** Guards and events that take it, e.g. `quorumReached` or `timer.expired`. */
  label: string;
}

export interface MachineGraph {
  id: string;
  states: MachineState[];
  edges: MachineEdge[];
}

/** States and the transitions between different states (self-loops that only count replies are left out). */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const root = machine.root;
  const initial = root.initial.target[0]?.key;
  const states: MachineState[] = [];
  const edges = new Map<string, MachineEdge>();
  const addEdge = (from: string, to: string, label: string) => {
    if (from === to) return;
    const id = `${from}→${to}`;
    const old = edges.get(id);
    if (old) old.label = `${old.label} | ${label}`;
    else edges.set(id, { from, to, label });
  };
  for (const [key, node] of Object.entries(root.states)) {
    states.push({ id: key, initial: key === initial, final: node.type === 'final' });
    for (const t of node.always ?? []) {
      for (const target of t.target ?? []) addEdge(key, target.key, typeof t.guard === 'string' ? t.guard : 'always');
    }
    for (const [event, transitions] of node.transitions) {
      for (const t of transitions) for (const target of t.target ?? []) addEdge(key, target.key, event);
    }
  }
  return { id: machine.id, states, edges: [...edges.values()] };
}

export interface PlacedState extends MachineState {
  x: number;
  y: number;
  column: number;
}

export interface PlacedEdge extends MachineEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface MachineLayout {
  states: PlacedState[];
  edges: PlacedEdge[];
  boxWidth: number;
  boxHeight: number;
}

/** Columns by the longest path from the initial state; edges run from box edge to box edge. */
export function layoutMachine(graph: MachineGraph, width: number, height: number): MachineLayout {
  const column = new Map<string, number>();
  const start = graph.states.find((s) => s.initial)?.id ?? graph.states[0]?.id;
  if (start !== undefined) column.set(start, 0);
  // Relax along edges; the graphs are small and acyclic apart from self-loops (already dropped).
  for (let round = 0; round < graph.states.length; round++) {
    for (const e of graph.edges) {
      const c = column.get(e.from);
      if (c !== undefined && (column.get(e.to) ?? -1) < c + 1) column.set(e.to, c + 1);
    }
  }
  const columns = Math.max(1, ...[...column.values()].map((c) => c + 1));
  const rows = new Map<number, number>();
  const boxWidth = Math.min(130, (width / columns) * 0.85);
  const boxHeight = 30;
  const placedByColumn = graph.states.map((s) => {
    const c = column.get(s.id) ?? columns - 1;
    const row = rows.get(c) ?? 0;
    rows.set(c, row + 1);
    return { state: s, column: c, row };
  });
  const columnWidth = width / columns;
  const states: PlacedState[] = placedByColumn.map(({ state, column: c, row }) => {
    const inColumn = rows.get(c) ?? 1;
    const rowHeight = height / inColumn;
    return { ...state, column: c, x: columnWidth * (c + 0.5), y: rowHeight * (row + 0.5) };
  });
  const at = new Map(states.map((s) => [s.id, s]));
  const edges: PlacedEdge[] = [];
  for (const e of graph.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    const [x1, y1] = boxExit(a, b, boxWidth, boxHeight);
    const [x2, y2] = boxExit(b, a, boxWidth, boxHeight);
    edges.push({ ...e, x1, y1, x2, y2 });
  }
  return { states, edges, boxWidth, boxHeight };
}

/** Where the line from `a`'s centre towards `b`'s centre leaves `a`'s box. */
function boxExit(a: { x: number; y: number }, b: { x: number; y: number }, w: number, h: number): [number, number] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (dx === 0 && dy === 0) return [a.x, a.y];
  const scale = Math.min(dx === 0 ? Infinity : w / 2 / Math.abs(dx), dy === 0 ? Infinity : h / 2 / Math.abs(dy));
  return [a.x + dx * scale, a.y + dy * scale];
}

/**
 * The changes a person or a scenario made to the run — crashes, recoveries, partitions, latency,
 * joins, traffic — as short labels for the marks on the metrics charts, so a class can tie a
 * latency spike or a hint backlog to what was done (Dynamo §6's measurements under failure, §4.6).
 */
import type { AppliedFault } from '../../sim/metrics.ts';
import type { Fault } from '../../sim/world-config.ts';

export interface FaultMark {
  atMs: number;
  /** Short, for the chart: "crash n3". */
  label: string;
}

function groupText(group: readonly string[]): string {
  return `{${group.join(', ')}}`;
}

/** A fault in a few words, as a chart labels it. */
export function faultLabel(fault: Fault): string {
  switch (fault.kind) {
    case 'crash':
      return fault.loseDisk === true ? `crash ${fault.node} (disk lost)` : `crash ${fault.node}`;
    case 'recover':
      return `recover ${fault.node}`;
    case 'partition':
      return `partition ${fault.groups.map(groupText).join(' | ')}`;
    case 'heal':
      return 'heal';
    case 'cut':
      return `cut ${fault.from}→${fault.to}`;
    case 'restore':
      return `restore ${fault.from}→${fault.to}`;
    case 'loss':
      return `loss ${Number((fault.probability * 100).toPrecision(3))} %`;
    case 'latency':
      return `latency ${fault.leg === 'default' ? '' : `${fault.leg} `}${fault.spec}`;
    case 'slow':
      return fault.factor === 1 ? `${fault.node} normal speed` : `slow ${fault.node} ×${Number(fault.factor.toPrecision(3))}`;
    case 'join':
      return `join ${fault.node}`;
    case 'leave':
      return `leave ${fault.node}`;
    case 'workload-start':
      return `traffic ${fault.workload.id} on`;
    case 'workload-stop':
      return `traffic ${fault.id} off`;
    case 'put':
      return `put ${fault.key}`;
    case 'get':
      return `get ${fault.key}`;
  }
}

export function faultMarks(faults: readonly AppliedFault[]): FaultMark[] {
  return faults.map((f) => ({ atMs: f.atMs, label: faultLabel(f.fault) }));
}

/**
 * Which marks get a written label: left to right, each at least `gapPx` after the last labelled
 * one, so labels of changes made in quick succession do not print over each other (every mark
 * keeps its line and its tooltip).
 */
export function labelledMarks(xs: readonly number[], gapPx: number): boolean[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x || a.i - b.i);
  const out = xs.map(() => false);
  let last = -Infinity;
  for (const { x, i } of order) {
    if (x - last < gapPx) continue;
    out[i] = true;
    last = x;
  }
  return out;
}

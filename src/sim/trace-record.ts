/**
 * A trace record (design.md "The world"): one event of the run — send, deliver, drop, timer, op
 * start/end, state change — with a stable canonical text form for display and comparison.
 */

/** The kinds of record, in the order their counts are kept (`kindSlot`). */
export const traceKinds = [
  'send',
  'deliver',
  'drop',
  'timer',
  'op-start',
  'op-end',
  'state',
  'fault',
  'observe',
] as const;

export type TraceKind = (typeof traceKinds)[number];

export interface TraceRecord {
  /** Position in the run, from 0. */
  readonly index: number;
  /** Virtual time in ms. */
  readonly timeMs: number;
  readonly kind: TraceKind;
  /** The node (or client) the event happened at, for timers, state changes, faults, ops. */
  readonly node?: string;
  /** Sender and receiver, for message events. */
  readonly from?: string;
  readonly to?: string;
  /** Message kind, e.g. `put.replica`. */
  readonly msg?: string;
  /** Message or operation id. */
  readonly id?: number;
  /** Anything else, already canonical (the caller orders its fields). */
  readonly detail?: string;
}

const needsEscape = /[\\|>]/;
const escapable = /[\\|>]/g;

function field(value: string | undefined): string {
  if (value === undefined) return '';
  return needsEscape.test(value) ? value.replace(escapable, '\\$&') : value;
}

/**
 * The stable text of a record: `index|timeMs|kind|node|from>to|msg|#id|detail`, absent fields
 * empty, `\`, `|` and `>` inside fields escaped with `\`. Numbers print in JavaScript's shortest
 * round-trip form, which every engine agrees on.
 */
export function canonical(r: TraceRecord): string {
  const link = r.from === undefined && r.to === undefined ? '' : `${field(r.from)}>${field(r.to)}`;
  const id = r.id === undefined ? '' : `#${r.id}`;
  return `${r.index}|${r.timeMs}|${r.kind}|${field(r.node)}|${link}|${field(r.msg)}|${id}|${field(r.detail)}`;
}

/**
 * A kind's slot in `traceKinds`, -1 for none: a switch on the few kinds rather than a keyed
 * lookup, as every record is counted.
 */
export function kindSlot(kind: TraceKind): number {
  switch (kind) {
    case 'send':
      return 0;
    case 'deliver':
      return 1;
    case 'drop':
      return 2;
    case 'timer':
      return 3;
    case 'op-start':
      return 4;
    case 'op-end':
      return 5;
    case 'state':
      return 6;
    case 'fault':
      return 7;
    case 'observe':
      return 8;
    default:
      return -1;
  }
}

/**
 * The trace window's records field by field (design.md "The world"): columns indexed by slot, so
 * keeping a record builds no object; a record becomes one only when the window is read.
 */
import type { Observation } from '../core/effects.ts';
import { describeObservation } from './observation-detail.ts';
import { traceKinds, type TraceKind, type TraceRecord } from './trace-record.ts';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The window's records field by field, one slot each. A record's observation (an `observe` record
 * of a node's) stays as it came and becomes its detail text when read.
 */
export class TraceColumns {
  private readonly timeMs: Float64Array;
  private readonly slot: Uint8Array;
  /** A record's id, NaN for none (an id is an integer). */
  private readonly id: Float64Array;
  private readonly node: (string | undefined)[];
  private readonly from: (string | undefined)[];
  private readonly to: (string | undefined)[];
  private readonly msg: (string | undefined)[];
  private readonly detail: (string | undefined)[];
  private readonly observation: (Observation | undefined)[];

  constructor(size: number) {
    this.timeMs = new Float64Array(size);
    this.slot = new Uint8Array(size);
    this.id = new Float64Array(size);
    this.node = new Array<string | undefined>(size).fill(undefined);
    this.from = new Array<string | undefined>(size).fill(undefined);
    this.to = new Array<string | undefined>(size).fill(undefined);
    this.msg = new Array<string | undefined>(size).fill(undefined);
    this.detail = new Array<string | undefined>(size).fill(undefined);
    this.observation = new Array<Observation | undefined>(size).fill(undefined);
  }

  set(
    at: number,
    slot: number,
    timeMs: number,
    node: string | undefined,
    from: string | undefined,
    to: string | undefined,
    msg: string | undefined,
    id: number | undefined,
    detail: string | undefined,
    observation: Observation | undefined,
  ): void {
    this.timeMs[at] = timeMs;
    this.slot[at] = slot;
    this.id[at] = id ?? NaN;
    this.node[at] = node;
    this.from[at] = from;
    this.to[at] = to;
    this.msg[at] = msg;
    this.detail[at] = detail;
    this.observation[at] = observation;
  }

  /** The record at `at`, numbered `index`; absent fields stay absent. */
  get(at: number, index: number): TraceRecord {
    const rec: Writable<TraceRecord> = { index, timeMs: this.timeMs[at] as number, kind: traceKinds[this.slot[at] as number] as TraceKind };
    const node = this.node[at];
    const from = this.from[at];
    const to = this.to[at];
    const msg = this.msg[at];
    const id = this.id[at] as number;
    const observation = this.observation[at];
    const detail = this.detail[at];
    if (node !== undefined) rec.node = node;
    if (from !== undefined) rec.from = from;
    if (to !== undefined) rec.to = to;
    if (msg !== undefined) rec.msg = msg;
    if (id === id) rec.id = id;
    if (observation !== undefined) rec.detail = describeObservation(observation);
    else if (detail !== undefined) rec.detail = detail;
    return rec;
  }

  /** Lets go of every string and observation the window held. */
  clear(): void {
    for (const column of [this.node, this.from, this.to, this.msg, this.detail, this.observation]) column.fill(undefined);
  }
}

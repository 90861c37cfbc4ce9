/**
 * The run's trace: every event (send, deliver, drop, timer, op start/end, state change) as a compact
 * record with a stable canonical text form (for display and comparison, trace-record.ts), and a
 * binary form of every record folded into a running 64-bit hash (trace-hash.ts), so two runs of the
 * same seed and scenario — in-process or in workers — can be compared by one string (design.md
 * "The world").
 *
 * Only a bounded window of recent records is kept (for the UI's deltas, trace-columns.ts); counts
 * and the hash cover the whole run, so a million-event run costs the window, not the run.
 */

import type { Observation } from '../core/effects.ts';
import { TraceColumns } from './trace-columns.ts';
import { TraceHash } from './trace-hash.ts';
import { kindSlot, traceKinds, type TraceKind, type TraceRecord } from './trace-record.ts';

/** `observe`'s slot in `traceKinds`, where a node's observations are counted. */
const OBSERVE_SLOT = kindSlot('observe');

/** Everything a checkpoint needs to resume the trace: the hash and counts of the whole run plus the window. */
export interface TraceSnapshot {
  /** The hash's two lanes as uint32s (see `TraceHash`). */
  readonly hashWords: readonly [laneA: number, laneB: number];
  readonly count: number;
  readonly countsByKind: Readonly<Record<TraceKind, number>>;
  readonly window: readonly TraceRecord[];
}

export class Trace {
  private readonly windowSize: number;
  /**
   * The window: the last `kept` records of the run, field by field in columns indexed by slot, so
   * recording builds no object (a run records two or three per event). A record's index follows
   * from its place; the column slot of the oldest record is `head`. Records become objects only
   * when the window is read, which is rare beside recording.
   */
  private readonly columns: TraceColumns;
  private kept = 0;
  /** Where the next record goes once the window is full (the oldest record's slot). */
  private head = 0;
  private total = 0;
  /** Records of each kind, in `traceKinds` order. */
  private counts = new Float64Array(traceKinds.length);
  private readonly hasher = new TraceHash();
  private hashing = true;
  /** The hash or the window reads records (see `keepsRecords`). */
  private keeping = true;

  constructor(options: { windowSize?: number } = {}) {
    const windowSize = options.windowSize ?? 10_000;
    if (!Number.isSafeInteger(windowSize) || windowSize < 0) {
      throw new Error(`Trace: windowSize must be a non-negative integer, got ${windowSize}`);
    }
    this.windowSize = windowSize;
    this.columns = new TraceColumns(windowSize);
  }

  /** Appends an event, numbering it, hashing it and keeping it in the window; returns its index. */
  record(r: Omit<TraceRecord, 'index'>): number {
    return this.add(r.timeMs, r.kind, r.node, r.from, r.to, r.msg, r.id, r.detail);
  }

  /** A message's send, delivery or drop: fields as arguments, as a run records two per message. */
  message(
    timeMs: number,
    kind: 'send' | 'deliver' | 'drop',
    from: string,
    to: string,
    msg: string,
    id: number,
    detail?: string,
  ): number {
    return this.add(timeMs, kind, undefined, from, to, msg, id, detail);
  }

  /** An event at one node or client (a timer, an operation's start or end, a state change). */
  nodeEvent(timeMs: number, kind: 'timer' | 'op-start' | 'op-end' | 'state', node: string, detail: string, id?: number): number {
    return this.add(timeMs, kind, node, undefined, undefined, undefined, id, detail);
  }

  /**
   * Numbers the event, hashes it and keeps it in the window's columns without building a record:
   * the one path of `record`, `message` and `nodeEvent`.
   */
  private add(
    timeMs: number,
    kind: TraceKind,
    node?: string,
    from?: string,
    to?: string,
    msg?: string,
    id?: number,
    detail?: string,
  ): number {
    if (!this.keeping) return this.tally(kind);
    const slot = kindSlot(kind);
    if (slot < 0)
      throw new Error(`Trace.record: unknown kind ${String(kind)} (known: ${traceKinds.join(', ')})`);
    if (this.hashing) this.hasher.record(this.total, slot, timeMs, node, from, to, msg, id, detail);
    const at = this.append(slot);
    if (at >= 0) this.columns.set(at, slot, timeMs, node, from, to, msg, id, detail, undefined);
    return this.total - 1;
  }

  /**
   * Appends an `observe` record of a node's observation: folded into the hash as it is, and turned
   * into the record's detail text only when the window is read (observation-detail.ts). The window
   * keeps `observation` itself, so the caller must not change it afterwards. Returns its index.
   */
  recordObservation(timeMs: number, node: string, observation: Observation): number {
    if (!this.keeping) return this.tally('observe');
    if (this.hashing) this.hasher.recordObservation(this.total, timeMs, node, observation);
    const at = this.append(OBSERVE_SLOT);
    if (at >= 0) this.columns.set(at, OBSERVE_SLOT, timeMs, node, undefined, undefined, undefined, undefined, undefined, observation);
    return this.total - 1;
  }

  /** Numbers and counts a record already hashed; returns its column slot in the window, or -1 for none. */
  private append(slot: number): number {
    this.total++;
    (this.counts[slot] as number)++;
    if (this.windowSize === 0) return -1;
    if (this.kept < this.windowSize) return this.kept++;
    const at = this.head;
    this.head = at + 1 === this.windowSize ? 0 : at + 1;
    return at;
  }

  /**
   * From now on records are numbered, counted and kept in the window, but not hashed: for batch
   * runs that read only the operations' results (the staleness experiment's probe), where hashing
   * would be a tenth of the work. `hash()` and `snapshot()` refuse afterwards, as no hash they
   * could give would be the run's.
   */
  stopHashing(): void {
    this.hashing = false;
    this.keeping = this.windowSize > 0;
  }

  /**
   * Whether a record's fields are read at all: by the hash or the window. When they are not (a
   * probe's trace, which stopped hashing and keeps no window), a caller whose fields cost work to
   * build may `tally` the event instead of recording it.
   */
  get keepsRecords(): boolean {
    return this.keeping;
  }

  /** Numbers and counts an event without its fields, for a trace that does not keep records. */
  tally(kind: TraceKind): number {
    const slot = kindSlot(kind);
    if (slot < 0) throw new Error(`Trace.tally: unknown kind ${String(kind)} (known: ${traceKinds.join(', ')})`);
    (this.counts[slot] as number)++;
    return this.total++;
  }

  /** The running hash of every record so far (see `TraceHash`): 16 hex digits. */
  hash(): string {
    this.mustBeHashing('hash');
    return this.hasher.hex();
  }

  private mustBeHashing(what: string): void {
    if (!this.hashing) throw new Error(`Trace.${what}: this trace stopped hashing (stopHashing), so it has no hash`);
  }

  count(): number {
    return this.total;
  }

  countsByKind(): Record<TraceKind, number> {
    return Object.fromEntries(traceKinds.map((kind, slot) => [kind, this.counts[slot] as number])) as Record<
      TraceKind,
      number
    >;
  }

  /** The most recent records, oldest first; at most `windowSize` of them. */
  window(): readonly TraceRecord[] {
    return this.since(0);
  }

  /** The window's records with `index >= index`, oldest first: the UI's delta since it last looked. */
  since(index: number): readonly TraceRecord[] {
    const kept = this.kept;
    const oldest = this.total - kept;
    const first = Math.max(0, Math.ceil(index) - oldest);
    const out: TraceRecord[] = [];
    for (let k = first; k < kept; k++) out.push(this.columns.get((this.head + k) % kept, oldest + k));
    return out;
  }

  snapshot(): TraceSnapshot {
    this.mustBeHashing('snapshot');
    return {
      hashWords: [this.hasher.a >>> 0, this.hasher.b >>> 0],
      count: this.total,
      countsByKind: this.countsByKind(),
      window: this.window(),
    };
  }

  /** Continues from a snapshot, keeping as much of its window as this trace's window holds. */
  restore(snapshot: TraceSnapshot): void {
    const [laneA, laneB] = snapshot.hashWords;
    if (
      !Number.isInteger(laneA) ||
      !Number.isInteger(laneB) ||
      !Number.isSafeInteger(snapshot.count) ||
      snapshot.count < snapshot.window.length
    ) {
      throw new Error('Trace.restore: snapshot must come from Trace.snapshot()');
    }
    this.hasher.a = laneA | 0;
    this.hasher.b = laneB | 0;
    this.total = snapshot.count;
    this.counts = Float64Array.from(traceKinds, (kind) => snapshot.countsByKind[kind] ?? 0);
    const records = this.windowSize === 0 ? [] : snapshot.window.slice(-this.windowSize);
    this.columns.clear();
    records.forEach((r, at) =>
      this.columns.set(at, kindSlot(r.kind), r.timeMs, r.node, r.from, r.to, r.msg, r.id, r.detail, undefined),
    );
    this.kept = records.length;
    this.head = 0;
  }

  static fromSnapshot(snapshot: TraceSnapshot, options: { windowSize?: number } = {}): Trace {
    const trace = new Trace(options);
    trace.restore(snapshot);
    return trace;
  }
}

/**
 * The run's trace: every event (send, deliver, drop, timer, op start/end, state change) as a compact
 * record with a stable canonical text form (for display and comparison), and a binary form of every
 * record folded into a running 64-bit hash, so two runs of the same seed and scenario — in-process
 * or in workers — can be compared by one string (design.md "The world").
 *
 * Only a bounded window of recent records is kept (for the UI's deltas); counts and the hash cover
 * the whole run, so a million-event run costs the window, not the run.
 */

import type { Observation } from '../core/effects.ts';
import { describeObservation, foldObservation } from './observation-detail.ts';

export type TraceKind =
  'send' | 'deliver' | 'drop' | 'timer' | 'op-start' | 'op-end' | 'state' | 'fault' | 'observe';

export const traceKinds: readonly TraceKind[] = [
  'send',
  'deliver',
  'drop',
  'timer',
  'op-start',
  'op-end',
  'state',
  'fault',
  'observe',
];

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

/** Everything a checkpoint needs to resume the trace: the hash and counts of the whole run plus the window. */
export interface TraceSnapshot {
  /** The hash's two lanes as uint32s (see `TraceHash`). */
  readonly hashWords: readonly [laneA: number, laneB: number];
  readonly count: number;
  readonly countsByKind: Readonly<Record<TraceKind, number>>;
  readonly window: readonly TraceRecord[];
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

/*
 * The running hash folds a binary encoding of each record, not its text: printing every record's
 * time and walking its text byte by byte cost more than the rest of tracing together. A record is
 * a run of 32-bit words (a decoder could read it back, so no two record lists share an encoding):
 *
 *   header   kind slot (bits 0–3; 9 is an `observe` record with a folded detail, below) | node,
 *            from, to, msg present (bits 4–7) | id form (bits 8–9:
 *            0 absent, 1 a uint32, 2 any other number) | detail present (bit 10) | index / 2^32
 *            (bits 11–31; an index is below 2^53)
 *   index    index mod 2^32
 *   time     the float64 bits of timeMs, high word then low word: equal times hash equal exactly
 *            when they are the same float64, so 0 and -0 differ though both print `0` (virtual
 *            time never goes below 0, and a NaN would hash as the one canonical NaN)
 *   id       one word when a uint32 (-0 is 0, as in the canonical form), else the float64 bits as
 *            two words; nothing when absent
 *   strings  node, from, to, msg, detail in that order, each that is present as its length, then
 *            its UTF-16 code units two to a word (the first in the low half; an odd last unit
 *            alone)
 *   folded   for slot 9 only, in place of a detail string: the node's observation in its own
 *            binary form (observation-detail.ts), whose text is the record's detail
 *
 * Each word goes through two Murmur3 lanes: lane A is exactly MurmurHash3_x86_32's block step,
 * lane B the same step with the constants of x86_128's second lane. Both steps are bijections of
 * their lane for a given word and of the word for a given lane, so two equally long encodings
 * that differ in one word always end in different states. The hex is the lanes after Murmur3's
 * cross-mix and fmix32 finalisation, taken from copies so that hashing can go on. Integer
 * arithmetic and IEEE-754 bits only: every engine, thread and worker agrees.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const C3 = 0xab0e9789;
const C4 = 0x38b34ae5;

const NODE = 1 << 4;
const FROM = 1 << 5;
const TO = 1 << 6;
const MSG = 1 << 7;
const ID_UINT32 = 1 << 8;
const ID_NUMBER = 2 << 8;
const DETAIL = 1 << 10;
const INDEX_HIGH_SHIFT = 11;
/** The header's kind slot of an `observe` record whose detail is folded rather than a string. */
const FOLDED_OBSERVE_SLOT = 9;
/** `observe`'s slot in `traceKinds`, where such records are counted. */
const OBSERVE_SLOT = 8;

/** A float64's two words, read through one shared buffer; which word is high depends on the platform's byte order. */
const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);
float[0] = 1;
const HIGH = floatWords[1] === 0x3ff00000 ? 1 : 0;
const LOW = 1 - HIGH;

/** MurmurHash3's fmix32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The trace's running hash: two 32-bit Murmur3 lanes over each record's words (see above). */
export class TraceHash {
  /** Lane A, seeded 0 (int32). */
  a = 0;
  /** Lane B, seeded 0x9747b28c (int32). */
  b = 0x9747b28c | 0;

  /** Folds in one 32-bit word. */
  word(w: number): void {
    let k = Math.imul(w, C1);
    k = Math.imul((k << 15) | (k >>> 17), C2);
    const a = this.a ^ k;
    this.a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    let j = Math.imul(w, C3);
    j = Math.imul((j << 16) | (j >>> 16), C4);
    const b = this.b ^ j;
    this.b = (Math.imul((b << 17) | (b >>> 15), 5) + 0x0bcaa747) | 0;
  }

  /** Folds in a float64 as its two words, high first; every NaN as the one canonical NaN. */
  float64(n: number): void {
    if (n !== n) {
      this.word(0x7ff80000);
      this.word(0);
      return;
    }
    float[0] = n;
    this.word(floatWords[HIGH] as number);
    this.word(floatWords[LOW] as number);
  }

  /** Folds in a string: its length, then its code units two to a word. */
  string(s: string): void {
    let a = this.a;
    let b = this.b;
    const n = s.length;
    let w = n;
    let i = 0;
    for (;;) {
      let k = Math.imul(w, C1);
      k = Math.imul((k << 15) | (k >>> 17), C2);
      a ^= k;
      a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
      let j = Math.imul(w, C3);
      j = Math.imul((j << 16) | (j >>> 16), C4);
      b ^= j;
      b = (Math.imul((b << 17) | (b >>> 15), 5) + 0x0bcaa747) | 0;
      if (i + 1 < n) {
        w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
        i += 2;
      } else if (i < n) {
        w = s.charCodeAt(i);
        i++;
      } else {
        break;
      }
    }
    this.a = a;
    this.b = b;
  }

  /**
   * Folds in one record, its kind at `slot` in `traceKinds`: the hot path of every traced event.
   * The fields come as arguments, so no record object is needed to hash one.
   */
  record(
    index: number,
    slot: number,
    timeMs: number,
    node: string | undefined,
    from: string | undefined,
    to: string | undefined,
    msg: string | undefined,
    id: number | undefined,
    detail: string | undefined,
  ): void {
    this.fields(index, slot, timeMs, node, from, to, msg, id, detail !== undefined);
    if (detail !== undefined) this.string(detail);
  }

  /** An `observe` record with the observation folded in place of a detail string (header slot 9). */
  recordObservation(index: number, timeMs: number, node: string, observation: Observation): void {
    this.fields(index, FOLDED_OBSERVE_SLOT, timeMs, node, undefined, undefined, undefined, undefined, false);
    foldObservation(this, observation);
  }

  /** Everything of a record but its detail: header, index, time, id and the strings before the detail. */
  private fields(
    index: number,
    slot: number,
    timeMs: number,
    node: string | undefined,
    from: string | undefined,
    to: string | undefined,
    msg: string | undefined,
    id: number | undefined,
    hasDetail: boolean,
  ): void {
    let header = slot | ((index / 0x1_0000_0000) << INDEX_HIGH_SHIFT);
    if (node !== undefined) header |= NODE;
    if (from !== undefined) header |= FROM;
    if (to !== undefined) header |= TO;
    if (msg !== undefined) header |= MSG;
    if (id !== undefined) header |= id >>> 0 === id ? ID_UINT32 : ID_NUMBER;
    if (hasDetail) header |= DETAIL;
    this.word(header);
    this.word(index >>> 0);
    this.float64(timeMs);
    if (id !== undefined) {
      if (id >>> 0 === id) this.word(id);
      else this.float64(id);
    }
    if (node !== undefined) this.string(node);
    if (from !== undefined) this.string(from);
    if (to !== undefined) this.string(to);
    if (msg !== undefined) this.string(msg);
  }

  /** 16 lower-case hex digits: the lanes cross-mixed and finalised (the state is left as it is). */
  hex(): string {
    let a = this.a;
    let b = this.b;
    a = (a + b) | 0;
    b = (b + a) | 0;
    a = fmix32(a);
    b = fmix32(b);
    a = (a + b) | 0;
    b = (b + a) | 0;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}

export class Trace {
  private readonly windowSize: number;
  /**
   * The window: the last `kept` records of the run, field by field in columns indexed by slot, so
   * recording builds no object (a run records two or three per event). A record's index follows
   * from its place; the column slot of the oldest record is `head`. Records become objects only
   * when the window is read, which is rare beside recording.
   */
  private readonly window_: TraceColumns;
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
    this.window_ = new TraceColumns(windowSize);
  }

  /** Appends an event, numbering it, hashing it and keeping it in the window; returns its index. */
  record(r: Omit<TraceRecord, 'index'>): number {
    return this.add(r.timeMs, r.kind, r.node, r.from, r.to, r.msg, r.id, r.detail);
  }

  /**
   * `record` with the fields as arguments, for the hot paths (messages, timers, operations): numbers
   * the event, hashes it and keeps it in the window's columns without building a record.
   */
  add(
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
    if (at >= 0) this.window_.set(at, slot, timeMs, node, from, to, msg, id, detail, undefined);
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
    if (at >= 0) this.window_.set(at, OBSERVE_SLOT, timeMs, node, undefined, undefined, undefined, undefined, undefined, observation);
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
    const counts = zeroCounts();
    traceKinds.forEach((kind, slot) => (counts[kind] = this.counts[slot] as number));
    return counts;
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
    for (let k = first; k < kept; k++) out.push(this.window_.get((this.head + k) % kept, oldest + k));
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
    this.window_.clear();
    records.forEach((r, at) =>
      this.window_.set(at, kindSlot(r.kind), r.timeMs, r.node, r.from, r.to, r.msg, r.id, r.detail, undefined),
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

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The window's records field by field, one slot each. A record's observation (an `observe` record
 * of a node's) stays as it came and becomes its detail text when read.
 */
class TraceColumns {
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

/**
 * A kind's slot in `traceKinds`, -1 for none: a switch on the few kinds rather than a keyed
 * lookup, as every record is counted.
 */
function kindSlot(kind: TraceKind): number {
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

function zeroCounts(): Record<TraceKind, number> {
  return {
    send: 0,
    deliver: 0,
    drop: 0,
    timer: 0,
    'op-start': 0,
    'op-end': 0,
    state: 0,
    fault: 0,
    observe: 0,
  };
}

/**
 * The run's trace: every event (send, deliver, drop, timer, op start/end, state change) as a compact
 * record with a stable canonical form folded into a running 64-bit hash, so two runs of the same seed
 * and scenario — in-process or in workers — can be compared by one string (design.md "The world").
 *
 * Only a bounded window of recent records is kept (for the UI's deltas); counts and the hash cover
 * the whole run, so a million-event run costs the window, not the run.
 */

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
  readonly hashWords: readonly [hi: number, lo: number];
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

const BAR = 0x7c;
const ARROW = 0x3e;
const HASH = 0x23;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
/** No byte: a fold with nothing after it. */
const NONE = -1;

const fnvOffsetHi = 0xcbf29ce4;
const fnvOffsetLo = 0x84222325;

/*
 * One FNV-1a step on the state as two int32 halves: h = (h ^ byte) * 0x100000001b3 mod 2^64, where
 * the prime is 2^40 + 0x1b3. So lo' = lo * 0x1b3 mod 2^32 (Math.imul) and hi' = hi * 0x1b3 +
 * (lo << 8) + the carry of lo * 0x1b3, computed on lo's 16-bit halves so that every value stays a
 * small integer (a float product, divided by 2^32 for the carry, costs several times as much per byte):
 *
 *   a = loLow16 * 0x1b3 < 2^25     b = loHigh16 * 0x1b3 < 2^25     carry = (b + (a >>> 16)) >>> 16
 */

/** The 64-bit FNV-1a state as two 32-bit halves (unsigned); integer arithmetic only, no BigInt. */
export class Fnv1a64 {
  hi = fnvOffsetHi;
  lo = fnvOffsetLo;

  private lastTimeMs = NaN;
  private lastTimeText = '';
  /** An integer's decimal digits, least significant first (at most 10 below 2^31). */
  private readonly digits = new Int32Array(10);

  /** Folds in the UTF-8 bytes of `text`. */
  update(text: string): void {
    this.fold(text, false, NONE);
  }

  /** Folds in one byte. */
  byte(b: number): void {
    const lo = this.lo ^ b;
    const a = (lo & 0xffff) * 0x1b3;
    this.hi = (Math.imul(this.hi, 0x1b3) + (((lo >>> 16) * 0x1b3 + (a >>> 16)) >>> 16) + (lo << 8)) >>> 0;
    this.lo = Math.imul(lo, 0x1b3) >>> 0;
  }

  /** Folds in `String(n)` for an integer; below 2^31 digit by digit, without the string. */
  integer(n: number): void {
    this.integerThen(n, NONE);
  }

  /** `integer(n)`, then the byte `then` unless it is NONE. */
  private integerThen(n: number, then: number): void {
    if (!(n >= 0 && n <= 0x7fffffff && Number.isInteger(n))) return this.fold(String(n), false, then);
    const digits = this.digits;
    let count = 0;
    do {
      const rest = (n / 10) | 0;
      digits[count++] = n - rest * 10;
      n = rest;
    } while (n > 0);
    let hi = this.hi | 0;
    let lo = this.lo | 0;
    while (count > 0) {
      lo ^= 0x30 + (digits[--count] as number);
      const a = (lo & 0xffff) * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + (((lo >>> 16) * 0x1b3 + (a >>> 16)) >>> 16) + (lo << 8)) | 0;
      lo = Math.imul(lo, 0x1b3);
    }
    if (then !== NONE) {
      lo ^= then;
      const a = (lo & 0xffff) * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + (((lo >>> 16) * 0x1b3 + (a >>> 16)) >>> 16) + (lo << 8)) | 0;
      lo = Math.imul(lo, 0x1b3);
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }

  /** Folds in `String(timeMs)`, printing it once for a run of records at the same instant. */
  time(timeMs: number): void {
    this.timeThen(timeMs, NONE);
  }

  private timeThen(timeMs: number, then: number): void {
    if (timeMs !== this.lastTimeMs || Object.is(timeMs, -0)) {
      this.lastTimeMs = timeMs;
      this.lastTimeText = String(timeMs);
    }
    this.fold(this.lastTimeText, false, then);
  }

  /**
   * Folds in `text` as `canonical` writes a field: `\`, `|` and `>` preceded by `\`. Hashing the
   * fields one by one gives the bytes of the canonical string without building it.
   */
  field(text: string): void {
    this.fold(text, true, NONE);
  }

  /**
   * Folds `canonical(r) + '\n'` in, field by field: the hot path of every traced event. The
   * record's index comes apart from `r`, so a record need not be copied to be hashed; numbers are
   * folded without building the record's prefix string, a time is printed once for all the records
   * at that instant (an event's sends share its time), and each separator is folded by the loop of
   * the field before it.
   */
  canonical(index: number, r: Omit<TraceRecord, 'index'>): void {
    this.integerThen(index, BAR);
    this.timeThen(r.timeMs, BAR);
    this.fold(r.kind, false, BAR);
    if (r.node !== undefined) this.fold(r.node, true, BAR);
    else this.byte(BAR);
    if (r.from !== undefined || r.to !== undefined) {
      if (r.from !== undefined) this.fold(r.from, true, ARROW);
      else this.byte(ARROW);
      if (r.to !== undefined) this.fold(r.to, true, BAR);
      else this.byte(BAR);
    } else {
      this.byte(BAR);
    }
    if (r.msg !== undefined) this.fold(r.msg, true, BAR);
    else this.byte(BAR);
    if (r.id !== undefined) {
      this.byte(HASH);
      this.integerThen(r.id, BAR);
    } else {
      this.byte(BAR);
    }
    if (r.detail !== undefined) this.fold(r.detail, true, NEWLINE);
    else this.byte(NEWLINE);
  }

  /** Folds in `text`, escaped as `canonical` writes a field when `escape`, then the byte `then` unless it is NONE. */
  private fold(text: string, escape: boolean, then: number): void {
    let hi = this.hi | 0;
    let lo = this.lo | 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        this.hi = hi >>> 0;
        this.lo = lo >>> 0;
        i = this.multiByte(text, i);
        hi = this.hi | 0;
        lo = this.lo | 0;
        continue;
      }
      if (escape && (code === BACKSLASH || code === BAR || code === ARROW)) {
        // The escape byte first, then the character itself.
        lo ^= BACKSLASH;
        const a = (lo & 0xffff) * 0x1b3;
        const c = (lo >>> 16) * 0x1b3;
        const mid = (a >>> 16) + (c & 0xffff);
        hi = (Math.imul(hi, 0x1b3) + (mid >>> 16) + (c >>> 16) + (lo << 8)) | 0;
        lo = ((mid & 0xffff) << 16) | (a & 0xffff);
      }
      lo ^= code;
      const a = (lo & 0xffff) * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + (((lo >>> 16) * 0x1b3 + (a >>> 16)) >>> 16) + (lo << 8)) | 0;
      lo = Math.imul(lo, 0x1b3);
    }
    if (then !== NONE) {
      lo ^= then;
      const a = (lo & 0xffff) * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + (((lo >>> 16) * 0x1b3 + (a >>> 16)) >>> 16) + (lo << 8)) | 0;
      lo = Math.imul(lo, 0x1b3);
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }

  /** 16 lower-case hex digits. */
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }

  /** Encodes the non-ASCII character at `i` (a surrogate pair counts as one) and returns its last index. */
  private multiByte(text: string, i: number): number {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x800) {
      this.byte(0xc0 | (code >> 6));
    } else if (code < 0x10000) {
      this.byte(0xe0 | (code >> 12));
      this.byte(0x80 | ((code >> 6) & 0x3f));
    } else {
      this.byte(0xf0 | (code >> 18));
      this.byte(0x80 | ((code >> 12) & 0x3f));
      this.byte(0x80 | ((code >> 6) & 0x3f));
    }
    this.byte(0x80 | (code & 0x3f));
    return i;
  }
}

export class Trace {
  private readonly windowSize: number;
  private buffer: TraceRecord[] = [];
  /** Where the next record goes once the buffer is full (the oldest record's slot). */
  private head = 0;
  private total = 0;
  /** Records of each kind, in `traceKinds` order. */
  private counts = new Float64Array(traceKinds.length);
  private readonly fnv = new Fnv1a64();
  private hashing = true;
  /** The hash or the window reads records (see `keepsRecords`). */
  private keeping = true;

  constructor(options: { windowSize?: number } = {}) {
    const windowSize = options.windowSize ?? 10_000;
    if (!Number.isSafeInteger(windowSize) || windowSize < 0) {
      throw new Error(`Trace: windowSize must be a non-negative integer, got ${windowSize}`);
    }
    this.windowSize = windowSize;
  }

  /**
   * Appends an event, numbering it, hashing its canonical form and keeping it in the window (a
   * copy with its index; with a window of 0 — hash only — nothing is kept). Returns its index.
   */
  record(r: Omit<TraceRecord, 'index'>): number {
    if (!this.keeping) return this.tally(r.kind);
    const slot = kindSlot(r.kind);
    if (slot < 0)
      throw new Error(
        `Trace.record: unknown kind ${String(r.kind)} (known: ${traceKinds.join(', ')})`,
      );
    const index = this.total;
    if (this.hashing) this.fnv.canonical(index, r);
    this.total++;
    (this.counts[slot] as number)++;
    if (this.windowSize === 0) return index;
    const rec = withIndex(index, r);
    if (this.buffer.length < this.windowSize) {
      this.buffer.push(rec);
    } else {
      this.buffer[this.head] = rec;
      this.head = (this.head + 1) % this.windowSize;
    }
    return index;
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

  /** FNV-1a 64 over every record's canonical form, each followed by a newline: 16 hex digits. */
  hash(): string {
    this.mustBeHashing('hash');
    return this.fnv.hex();
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
    const kept = this.buffer.length;
    const first = Math.max(0, Math.ceil(index) - (this.total - kept));
    const out: TraceRecord[] = [];
    for (let k = first; k < kept; k++) out.push(this.buffer[(this.head + k) % kept] as TraceRecord);
    return out;
  }

  snapshot(): TraceSnapshot {
    this.mustBeHashing('snapshot');
    return {
      hashWords: [this.fnv.hi, this.fnv.lo],
      count: this.total,
      countsByKind: this.countsByKind(),
      window: this.window(),
    };
  }

  /** Continues from a snapshot, keeping as much of its window as this trace's window holds. */
  restore(snapshot: TraceSnapshot): void {
    const [hi, lo] = snapshot.hashWords;
    if (
      !Number.isInteger(hi) ||
      !Number.isInteger(lo) ||
      !Number.isSafeInteger(snapshot.count) ||
      snapshot.count < snapshot.window.length
    ) {
      throw new Error('Trace.restore: snapshot must come from Trace.snapshot()');
    }
    this.fnv.hi = hi >>> 0;
    this.fnv.lo = lo >>> 0;
    this.total = snapshot.count;
    this.counts = Float64Array.from(traceKinds, (kind) => snapshot.countsByKind[kind] ?? 0);
    this.buffer = this.windowSize === 0 ? [] : snapshot.window.slice(-this.windowSize);
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
 * `{ index, ...r }` without the generic spread, which is slow over the handful of record shapes;
 * absent fields stay absent, so the kept record equals the spread one.
 */
function withIndex(index: number, r: Omit<TraceRecord, 'index'>): TraceRecord {
  const rec: Writable<TraceRecord> = { index, timeMs: r.timeMs, kind: r.kind };
  if (r.node !== undefined) rec.node = r.node;
  if (r.from !== undefined) rec.from = r.from;
  if (r.to !== undefined) rec.to = r.to;
  if (r.msg !== undefined) rec.msg = r.msg;
  if (r.id !== undefined) rec.id = r.id;
  if (r.detail !== undefined) rec.detail = r.detail;
  return rec;
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

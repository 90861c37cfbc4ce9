/**
 * The world's pending events ordered by (virtual time, insertion sequence), so events at the same
 * instant run first-in first-out and a run replays exactly (design.md "The world": "an event queue
 * ordered by (time, sequence number)").
 *
 * A binary min-heap kept as parallel typed arrays rather than an array of objects: with 100k+
 * messages in flight the comparisons touch two flat Float64Arrays, and nothing is allocated per push.
 */

/** One pending event. `seq` is assigned by the queue and breaks ties between equal times. */
export interface QueuedEvent<T> {
  readonly timeMs: number;
  readonly seq: number;
  readonly payload: T;
}

const initialCapacity = 64;

export class EventQueue<T> {
  private timesMs = new Float64Array(initialCapacity);
  private seqs = new Float64Array(initialCapacity);
  private payloads: (T | undefined)[] = new Array<T | undefined>(initialCapacity);
  private length = 0;
  private counter = 0;

  /** Schedules `payload` at `timeMs` and returns its sequence number. */
  push(timeMs: number, payload: T): number {
    if (!Number.isFinite(timeMs)) throw new Error(`EventQueue.push: timeMs must be finite, got ${timeMs}`);
    const seq = this.counter++;
    this.insert(timeMs, seq, payload);
    return seq;
  }

  /** Time of the earliest event, without removing it. */
  peekTimeMs(): number | undefined {
    return this.length === 0 ? undefined : this.timesMs[0];
  }

  /** The earliest event's payload, without removing it or allocating. */
  peekPayload(): T | undefined {
    return this.length === 0 ? undefined : this.payloads[0];
  }

  /** Removes the earliest event; with `peekTimeMs`/`peekPayload`, the scheduler's allocation-free pop. */
  drop(): void {
    if (this.length === 0) return;
    this.removeTop();
  }

  peek(): QueuedEvent<T> | undefined {
    if (this.length === 0) return undefined;
    return { timeMs: this.timesMs[0] as number, seq: this.seqs[0] as number, payload: this.payloads[0] as T };
  }

  /** Removes and returns the earliest event (lowest time, then lowest seq). */
  pop(): QueuedEvent<T> | undefined {
    if (this.length === 0) return undefined;
    const top = { timeMs: this.timesMs[0] as number, seq: this.seqs[0] as number, payload: this.payloads[0] as T };
    this.removeTop();
    return top;
  }

  private removeTop(): void {
    const last = --this.length;
    if (last > 0) {
      this.timesMs[0] = this.timesMs[last] as number;
      this.seqs[0] = this.seqs[last] as number;
      this.payloads[0] = this.payloads[last];
      this.siftDown(0);
    }
    // Let the popped payload be collected: a long run must not pin every message it ever sent.
    this.payloads[last] = undefined;
  }

  get size(): number {
    return this.length;
  }

  /** The sequence number the next `push` will return. */
  nextSeq(): number {
    return this.counter;
  }

  /** Drops every pending event. The sequence counter keeps counting, so seqs stay unique in a run. */
  clear(): void {
    this.payloads.fill(undefined, 0, this.length);
    this.length = 0;
  }

  /** Every pending event in pop order, for checkpoints and inspection. */
  snapshot(): QueuedEvent<T>[] {
    const events: QueuedEvent<T>[] = [];
    for (let i = 0; i < this.length; i++) {
      events.push({ timeMs: this.timesMs[i] as number, seq: this.seqs[i] as number, payload: this.payloads[i] as T });
    }
    return events.sort(compareEvents);
  }

  /**
   * A queue holding `events` with their original seqs. Pass the checkpointed `nextSeq()` so new
   * pushes continue the old numbering; without it, numbering resumes after the largest seq given.
   */
  static fromSnapshot<T>(events: readonly QueuedEvent<T>[], nextSeq?: number): EventQueue<T> {
    const queue = new EventQueue<T>();
    let maxSeq = -1;
    const seen = new Set<number>();
    for (const event of events) {
      if (!Number.isFinite(event.timeMs)) throw new Error(`EventQueue.fromSnapshot: events[].timeMs must be finite`);
      if (!Number.isSafeInteger(event.seq) || event.seq < 0) {
        throw new Error(`EventQueue.fromSnapshot: events[].seq must be a non-negative integer, got ${event.seq}`);
      }
      if (seen.has(event.seq)) throw new Error(`EventQueue.fromSnapshot: events[].seq ${event.seq} appears twice`);
      seen.add(event.seq);
      maxSeq = Math.max(maxSeq, event.seq);
      queue.insert(event.timeMs, event.seq, event.payload);
    }
    const counter = nextSeq ?? maxSeq + 1;
    if (!Number.isSafeInteger(counter) || counter <= maxSeq) {
      throw new Error(`EventQueue.fromSnapshot: nextSeq must be an integer above every event's seq (${maxSeq}), got ${nextSeq}`);
    }
    queue.counter = counter;
    return queue;
  }

  private insert(timeMs: number, seq: number, payload: T): void {
    if (this.length === this.timesMs.length) this.grow();
    let i = this.length++;
    // Sift up by moving parents down into the hole, writing the new event once at the end.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTimeMs = this.timesMs[parent] as number;
      const parentSeq = this.seqs[parent] as number;
      if (parentTimeMs < timeMs || (parentTimeMs === timeMs && parentSeq < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.timesMs[i] = timeMs;
    this.seqs[i] = seq;
    this.payloads[i] = payload;
  }

  private siftDown(start: number): void {
    const timeMs = this.timesMs[start] as number;
    const seq = this.seqs[start] as number;
    const payload = this.payloads[start];
    const n = this.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.less(right, left)) child = right;
      const childTimeMs = this.timesMs[child] as number;
      const childSeq = this.seqs[child] as number;
      if (timeMs < childTimeMs || (timeMs === childTimeMs && seq < childSeq)) break;
      this.move(child, i);
      i = child;
    }
    this.timesMs[i] = timeMs;
    this.seqs[i] = seq;
    this.payloads[i] = payload;
  }

  private less(a: number, b: number): boolean {
    const timeA = this.timesMs[a] as number;
    const timeB = this.timesMs[b] as number;
    return timeA < timeB || (timeA === timeB && (this.seqs[a] as number) < (this.seqs[b] as number));
  }

  private move(from: number, to: number): void {
    this.timesMs[to] = this.timesMs[from] as number;
    this.seqs[to] = this.seqs[from] as number;
    this.payloads[to] = this.payloads[from];
  }

  private grow(): void {
    const capacity = this.timesMs.length * 2;
    const timesMs = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    timesMs.set(this.timesMs);
    seqs.set(this.seqs);
    this.timesMs = timesMs;
    this.seqs = seqs;
    this.payloads.length = capacity;
  }
}

function compareEvents<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): number {
  return a.timeMs - b.timeMs || a.seq - b.seq;
}

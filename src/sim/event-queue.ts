/**
 * The world's pending events ordered by (virtual time, insertion sequence), so events at the same
 * instant run first-in first-out and a run replays exactly (design.md "The world": "an event queue
 * ordered by (time, sequence number)").
 *
 * Two heaps: one for what is due soon and one for what is due much later (timeouts), so the heap
 * every message goes through is not deepened by timers that will never matter.
 */

/** One pending event. `seq` is assigned by the queue and breaks ties between equal times. */
export interface QueuedEvent<T> {
  readonly timeMs: number;
  readonly seq: number;
  readonly payload: T;
}

const initialCapacity = 64;

/**
 * Events due this much later than the latest one taken go to the far lane: client timeouts and
 * request timers that the operation's end has made moot wait there for the rest of a run, and
 * the near heap, where every message is pushed and popped, stays as deep as the traffic in flight.
 */
const FAR_LANE_MS = 1000;

export class EventQueue<T> {
  private readonly near = new Heap<T>();
  private readonly far = new Heap<T>();
  /** The time of the latest event taken (virtual time starts at 0): what "later" is measured from. */
  private frontierMs = 0;
  private counter = 0;
  /**
   * The lane whose top is the earliest event, as `head` last found it; null once a push or a drop
   * may have changed it. The scheduler peeks the head several times an event.
   */
  private headLane: Heap<T> | undefined | null = null;

  /** Schedules `payload` at `timeMs` and returns its sequence number. */
  push(timeMs: number, payload: T): number {
    if (!Number.isFinite(timeMs)) throw new Error(`EventQueue.push: timeMs must be finite, got ${timeMs}`);
    const seq = this.counter++;
    this.insert(timeMs, seq, payload);
    return seq;
  }

  /** Time of the earliest event, without removing it. */
  peekTimeMs(): number | undefined {
    const lane = this.head();
    return lane === undefined ? undefined : lane.topTimeMs();
  }

  /** The earliest event's payload, without removing it or allocating. */
  peekPayload(): T | undefined {
    const lane = this.head();
    return lane === undefined ? undefined : lane.topPayload();
  }

  /** Removes the earliest event; with `peekTimeMs`/`peekPayload`, the scheduler's allocation-free pop. */
  drop(): void {
    const lane = this.head();
    if (lane === undefined) return;
    const timeMs = lane.topTimeMs();
    if (timeMs > this.frontierMs) this.frontierMs = timeMs;
    lane.removeTop();
    this.headLane = null;
  }

  peek(): QueuedEvent<T> | undefined {
    const lane = this.head();
    if (lane === undefined) return undefined;
    return { timeMs: lane.topTimeMs(), seq: lane.topSeq(), payload: lane.topPayload() as T };
  }

  /** Removes and returns the earliest event (lowest time, then lowest seq). */
  pop(): QueuedEvent<T> | undefined {
    const top = this.peek();
    if (top !== undefined) this.drop();
    return top;
  }

  /** The lane whose top is the earliest event, or undefined when both are empty. */
  private head(): Heap<T> | undefined {
    const cached = this.headLane;
    if (cached !== null) return cached;
    return (this.headLane = this.earliestLane());
  }

  private earliestLane(): Heap<T> | undefined {
    const near = this.near;
    const far = this.far;
    if (far.length === 0) return near.length === 0 ? undefined : near;
    if (near.length === 0) return far;
    const nearTimeMs = near.topTimeMs();
    const farTimeMs = far.topTimeMs();
    return nearTimeMs < farTimeMs || (nearTimeMs === farTimeMs && near.topSeq() < far.topSeq()) ? near : far;
  }

  get size(): number {
    return this.near.length + this.far.length;
  }

  /** The sequence number the next `push` will return. */
  nextSeq(): number {
    return this.counter;
  }

  /** Drops every pending event. The sequence counter keeps counting, so seqs stay unique in a run. */
  clear(): void {
    this.near.clear();
    this.far.clear();
    this.headLane = null;
  }

  /** Every pending event in pop order, for checkpoints and inspection. */
  snapshot(): QueuedEvent<T>[] {
    const events: QueuedEvent<T>[] = [];
    this.near.collect(events);
    this.far.collect(events);
    return events.sort(compareEvents);
  }

  /**
   * A queue holding `events` with their original seqs. Pass the checkpointed `nextSeq()` so new
   * pushes continue the old numbering; without it, numbering resumes after the largest seq given.
   */
  static fromSnapshot<T>(events: readonly QueuedEvent<T>[], nextSeq?: number): EventQueue<T> {
    const queue = new EventQueue<T>();
    let earliestMs = Infinity;
    for (const event of events) earliestMs = Math.min(earliestMs, event.timeMs);
    if (Number.isFinite(earliestMs)) queue.frontierMs = earliestMs;
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

  /** Which lane an event goes to changes only how deep the heaps are, never the order of events. */
  private insert(timeMs: number, seq: number, payload: T): void {
    if (timeMs - this.frontierMs > FAR_LANE_MS) this.far.insert(timeMs, seq, payload);
    else this.near.insert(timeMs, seq, payload);
    this.headLane = null;
  }
}

/**
 * A binary min-heap on (time, seq), kept as parallel typed arrays rather than an array of objects:
 * with 100k+ messages in flight the comparisons touch two flat Float64Arrays, and nothing is
 * allocated per push.
 */
class Heap<T> {
  private timesMs = new Float64Array(initialCapacity);
  private seqs = new Float64Array(initialCapacity);
  private payloads: (T | undefined)[] = new Array<T | undefined>(initialCapacity);
  length = 0;

  topTimeMs(): number {
    return this.timesMs[0] as number;
  }

  topSeq(): number {
    return this.seqs[0] as number;
  }

  topPayload(): T | undefined {
    return this.payloads[0];
  }

  removeTop(): void {
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

  clear(): void {
    this.payloads.fill(undefined, 0, this.length);
    this.length = 0;
  }

  collect(into: QueuedEvent<T>[]): void {
    for (let i = 0; i < this.length; i++) {
      into.push({ timeMs: this.timesMs[i] as number, seq: this.seqs[i] as number, payload: this.payloads[i] as T });
    }
  }

  insert(timeMs: number, seq: number, payload: T): void {
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

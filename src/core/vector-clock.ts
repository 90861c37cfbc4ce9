/**
 * Vector clocks with the paper's timestamped truncation: the causal order between versions of one
 * object (Dynamo §4.4, Figure 3).
 *
 * A clock is an immutable array of (node, counter, timestampMs) entries sorted by node id in
 * string order, with no duplicate nodes and no zero counters (a missing node means counter 0).
 * Every function here returns a new array and never mutates its inputs. These run on every
 * replica write, so they are plain loops and merge-walks over the sorted arrays: no Maps, no
 * sorting in the hot paths.
 *
 * Truncation rule (§4.4: "when the number of (node, counter) pairs in the vector clock reaches a
 * threshold (say 10), the oldest pair is removed"): after every update a clock holds at most
 * `maxEntries` entries (default 10). While it holds more, the entry with the smallest
 * `timestampMs` is dropped; equal timestamps drop the smallest node id first. `increment` never
 * drops the entry it has just written, so a write is never erased by its own coordinator.
 *
 * Truncation forgets history, and the paper warns it "can lead to inefficiencies in
 * reconciliation as the descendant relationships cannot be derived accurately":
 * - false siblings: a descendant that lost an entry its ancestor still has compares 'concurrent'
 *   with that ancestor, so both are kept;
 * - false descends: a clock that lost an entry can look dominated by a truly concurrent clock,
 *   which then silently discards it.
 * Pass `Number.POSITIVE_INFINITY` as `maxEntries` to switch truncation off.
 */
import type { ClockEntry, NodeId, VectorClock } from './types.ts';

/** §4.4 "(say 10)": the largest number of entries a clock keeps after an update. */
export const DEFAULT_CLOCK_MAX_ENTRIES = 10;

/** How clock a relates to clock b: 'before' means a happened before b (a < b). */
export type ClockOrder = 'before' | 'after' | 'equal' | 'concurrent';

/**
 * The clock of an object nobody has written yet. Not frozen: a frozen array has an elements kind of
 * its own, and every loop over clocks that also met it would run V8's slow polymorphic path (~5×
 * slower for-of). `readonly` in its type keeps it empty.
 */
export const emptyClock: VectorClock = [];

function assertMaxEntries(maxEntries: number): void {
  const valid =
    maxEntries === Number.POSITIVE_INFINITY || (Number.isInteger(maxEntries) && maxEntries >= 1);
  if (!valid) {
    throw new RangeError(
      `maxEntries must be an integer ≥ 1 or Infinity (no truncation), got ${maxEntries}`,
    );
  }
}

/** The counter `node` holds in `clock`, 0 when absent. */
export function counterOf(clock: VectorClock, node: NodeId): number {
  for (const entry of clock) {
    if (entry.node === node) return entry.counter;
    if (entry.node > node) return 0;
  }
  return 0;
}

/** Index of the entry truncation drops next: oldest timestamp, then smallest node id. */
function oldestIndex(entries: readonly ClockEntry[], protectedNode: NodeId | undefined): number {
  let oldest = -1;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.node === protectedNode) continue;
    // Entries are sorted by node id, so on a timestamp tie the earlier index has the smaller id.
    if (oldest < 0 || entry.timestampMs < entries[oldest]!.timestampMs) oldest = i;
  }
  return oldest;
}

function truncateKeeping(
  clock: VectorClock,
  maxEntries: number,
  protectedNode: NodeId | undefined,
): VectorClock {
  if (clock.length <= maxEntries) return clock;
  const entries = clock.slice();
  while (entries.length > maxEntries) {
    const oldest = oldestIndex(entries, protectedNode);
    if (oldest < 0) break;
    entries.splice(oldest, 1);
  }
  return entries;
}

/**
 * Drop the oldest entries (smallest `timestampMs`, ties: smallest node id) until the clock holds
 * at most `maxEntries`. Returns `clock` itself when it is already short enough.
 */
export function truncate(clock: VectorClock, maxEntries: number): VectorClock {
  assertMaxEntries(maxEntries);
  return truncateKeeping(clock, maxEntries, undefined);
}

/**
 * The clock a coordinator stamps on a new version (§4.4): `node`'s counter + 1 with timestamp
 * `nowMs`, then truncated to `maxEntries` without dropping `node`'s own entry. Strictly after
 * `clock` unless truncation dropped an entry (see the module comment).
 */
export function increment(
  clock: VectorClock,
  node: NodeId,
  nowMs: number,
  maxEntries: number = DEFAULT_CLOCK_MAX_ENTRIES,
): VectorClock {
  if (typeof node !== 'string' || node.length === 0) {
    throw new TypeError(`node must be a non-empty node id, got ${JSON.stringify(node)}`);
  }
  if (!Number.isFinite(nowMs)) throw new RangeError(`nowMs must be a finite number, got ${nowMs}`);
  assertMaxEntries(maxEntries);
  const next: ClockEntry[] = [];
  let placed = false;
  for (const entry of clock) {
    if (!placed && entry.node >= node) {
      const counter = entry.node === node ? entry.counter + 1 : 1;
      next.push({ node, counter, timestampMs: nowMs });
      placed = true;
      if (entry.node === node) continue;
    }
    next.push(entry);
  }
  if (!placed) next.push({ node, counter: 1, timestampMs: nowMs });
  return truncateKeeping(next, maxEntries, node);
}

/** The later of two entries for one node: larger counter, then larger timestamp. */
function laterEntry(a: ClockEntry, b: ClockEntry): ClockEntry {
  if (a.counter !== b.counter) return a.counter > b.counter ? a : b;
  return a.timestampMs >= b.timestampMs ? a : b;
}

/**
 * Pointwise maximum of the counters (the least clock that descends both), as a get's context
 * summarises its siblings (§4.4). Each entry keeps the timestamp of the larger counter (equal
 * counters: the later timestamp). Not truncated: the next `increment` truncates.
 */
export function merge(a: VectorClock, b: VectorClock): VectorClock {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: ClockEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ea = a[i]!;
    const eb = b[j]!;
    if (ea.node === eb.node) {
      merged.push(laterEntry(ea, eb));
      i++;
      j++;
    } else if (ea.node < eb.node) {
      merged.push(ea);
      i++;
    } else {
      merged.push(eb);
      j++;
    }
  }
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}

/** The causal relation between a and b: 'before' when a < b, 'after' when a > b. */
export function compare(a: VectorClock, b: VectorClock): ClockOrder {
  let aAhead = false; // some node has a larger counter in a
  let bAhead = false;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ea = a[i]!;
    const eb = b[j]!;
    if (ea.node === eb.node) {
      if (ea.counter > eb.counter) aAhead = true;
      else if (ea.counter < eb.counter) bAhead = true;
      i++;
      j++;
    } else if (ea.node < eb.node) {
      aAhead = true;
      i++;
    } else {
      bAhead = true;
      j++;
    }
    if (aAhead && bAhead) return 'concurrent';
  }
  if (i < a.length) aAhead = true;
  if (j < b.length) bAhead = true;
  if (aAhead) return bAhead ? 'concurrent' : 'after';
  return bAhead ? 'before' : 'equal';
}

/** a ≥ b: every counter in b is at most a's (a has seen everything b has). Reflexive. */
export function descends(a: VectorClock, b: VectorClock): boolean {
  if (b.length > a.length) return false; // b has a node a lacks (no zero counters are stored)
  let i = 0;
  for (const eb of b) {
    while (i < a.length && a[i]!.node < eb.node) i++;
    const ea = a[i];
    if (ea === undefined || ea.node !== eb.node || ea.counter < eb.counter) return false;
    i++;
  }
  return true;
}

/** The paper's notation, e.g. `[(Sx,2),(Sy,1)]`; timestamps are left out. */
export function formatClock(clock: VectorClock): string {
  let text = '[';
  for (let i = 0; i < clock.length; i++) {
    const entry = clock[i]!;
    text += `${i === 0 ? '' : ','}(${entry.node},${entry.counter})`;
  }
  return `${text}]`;
}

/**
 * A canonical string of the clock's causal content (node ids and counters, not timestamps):
 * two clocks have the same key exactly when `compare` says 'equal'. Node ids are JSON-quoted so
 * any id is unambiguous, e.g. `{"Sx":2,"Sy":1}`.
 */
export function clockKey(clock: VectorClock): string {
  let key = '{';
  for (let i = 0; i < clock.length; i++) {
    const entry = clock[i]!;
    key += `${i === 0 ? '' : ','}${JSON.stringify(entry.node)}:${entry.counter}`;
  }
  return `${key}}`;
}

/**
 * Check a clock that crossed a trust boundary (a scenario file, a message from a worker):
 * sorted unique node ids, integer counters ≥ 1, finite timestamps. Throws naming `parameter`.
 */
export function assertValidClock(
  clock: unknown,
  parameter = 'clock',
): asserts clock is VectorClock {
  if (!Array.isArray(clock)) throw new TypeError(`${parameter} must be an array of clock entries`);
  let previous: string | undefined;
  clock.forEach((entry: unknown, index) => {
    const where = `${parameter}[${index}]`;
    if (typeof entry !== 'object' || entry === null)
      throw new TypeError(`${where} must be an object`);
    const { node, counter, timestampMs } = entry as Record<string, unknown>;
    if (typeof node !== 'string' || node.length === 0) {
      throw new TypeError(`${where}.node must be a non-empty string`);
    }
    if (previous !== undefined && node <= previous) {
      throw new RangeError(
        `${where}.node must sort after ${JSON.stringify(previous)} (sorted, unique)`,
      );
    }
    if (typeof counter !== 'number' || !Number.isInteger(counter) || counter < 1) {
      throw new RangeError(`${where}.counter must be an integer ≥ 1, got ${String(counter)}`);
    }
    if (typeof timestampMs !== 'number' || !Number.isFinite(timestampMs)) {
      throw new RangeError(
        `${where}.timestampMs must be a finite number, got ${String(timestampMs)}`,
      );
    }
    previous = node;
  });
}

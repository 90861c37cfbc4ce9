/**
 * Syntactic reconciliation of an object's versions: keep only the causally unrelated ones, the
 * siblings a get returns with one merged context (Dynamo §4.4).
 *
 * Versions are ordered as dotted version vectors, the fix Riak adopted (paper notes §6.3): a
 * version's causal history is its context plus one isolated event, its dot. Plain clocks name the
 * coordinator, so two puts with the same context through one node got [(n1,2)] and [(n1,3)] and
 * the second silently overwrote the first; with dots they are (n1,2) and (n1,3) over the same
 * base 1, neither history holds the other's dot, and both are kept as siblings.
 *
 * Honest limit (DVVSet has it too for merged contexts): a read context is a plain clock, the merge
 * of the siblings' clocks, and it claims every counter up to its maximum. A client that read
 * (n1,3) from a replica that did not yet hold its sibling (n1,2) sends a context covering
 * (n1,2) too, and its next put supersedes (n1,2) without having seen it.
 *
 * A version set is handled as a set: the output of `reconcile` is sorted by clock and dot, so the
 * same versions in any order, from any replica, reconcile to the same array.
 */
import type { Dot, NodeId, Value, VectorClock, Version } from './types.ts';
import { clockKey, compare, counterOf, descends, emptyClock, merge, type ClockOrder } from './vector-clock.ts';

/** What orders a version: its clock (context ∪ dot) and, when known, the dot that created it. */
export type CausalStamp = Pick<Version, 'clock' | 'dot'>;

/** The dot when it leaves a gap after its base; a gap-free dot orders exactly like its clock. */
function gappedDot(stamp: CausalStamp): Dot | undefined {
  const dot = stamp.dot;
  return dot !== undefined && dot.counter > dot.base + 1 ? dot : undefined;
}

/** How many of `node`'s events, 1 … k without a hole, the stamp has seen. */
function contiguousCoverage(stamp: CausalStamp, gap: Dot | undefined, node: NodeId): number {
  return gap !== undefined && gap.node === node ? gap.base : counterOf(stamp.clock, node);
}

/**
 * b's causal history contains a's (b ⊒ a), so a is obsolete wherever b is held: b holds a's dot
 * and every event of a's context. Reflexive. For plain clocks this is `descends`.
 */
export function versionDescends(b: CausalStamp, a: CausalStamp): boolean {
  const gapA = gappedDot(a);
  const gapB = gappedDot(b);
  if (gapA === undefined && gapB === undefined) return descends(b.clock, a.clock);
  let j = 0;
  for (const entry of a.clock) {
    const needed = gapA !== undefined && gapA.node === entry.node ? gapA.base : entry.counter;
    while (j < b.clock.length && b.clock[j]!.node < entry.node) j++;
    const held = b.clock[j];
    let covered = 0;
    if (held !== undefined && held.node === entry.node) {
      covered = gapB !== undefined && gapB.node === entry.node ? gapB.base : held.counter;
    }
    if (needed > covered) return false;
  }
  if (gapA === undefined) return true;
  if (gapA.base > contiguousCoverage(b, gapB, gapA.node)) return false;
  return (
    gapA.counter <= contiguousCoverage(b, gapB, gapA.node) ||
    (gapB !== undefined && gapB.node === gapA.node && gapB.counter === gapA.counter)
  );
}

/** b makes a obsolete: b's history strictly contains a's. */
export function obsoletes(b: CausalStamp, a: CausalStamp): boolean {
  return versionDescends(b, a) && !versionDescends(a, b);
}

/** How a's history relates to b's: 'before' means b has seen all of a and more. */
export function compareVersions(a: CausalStamp, b: CausalStamp): ClockOrder {
  if (gappedDot(a) === undefined && gappedDot(b) === undefined) return compare(a.clock, b.clock);
  const aSeesB = versionDescends(a, b);
  const bSeesA = versionDescends(b, a);
  if (aSeesB) return bSeesA ? 'equal' : 'after';
  return bSeesA ? 'before' : 'concurrent';
}

/** A canonical string of the dot, empty for a version without one. */
export function dotKey(stamp: CausalStamp): string {
  const dot = stamp.dot;
  return dot === undefined ? '' : `${JSON.stringify(dot.node)}:${dot.counter}/${dot.base}`;
}

/** Clock and dot: two versions have the same key exactly when they record the same write. */
export function stampKey(stamp: CausalStamp): string {
  const dot = dotKey(stamp);
  return dot === '' ? clockKey(stamp.clock) : `${clockKey(stamp.clock)}·${dot}`;
}

/** A canonical string for a value: tells a string from a one-item cart and from a delete. */
export function valueKey(value: Value): string {
  return JSON.stringify(value);
}

/** The clock with its timestamps, the last tie-break between otherwise identical versions. */
function stampedClockKey(clock: VectorClock): string {
  let key = '';
  for (const entry of clock)
    key += `${JSON.stringify(entry.node)}:${entry.counter}@${entry.timestampMs},`;
  return key;
}

// Structural equalities: each holds exactly when the matching key strings above are equal, so the
// comparisons below build a string only to order two versions that differ.

/** Same nodes and counters in the same order: `clockKey(a) === clockKey(b)`. */
function sameClockContent(a: VectorClock, b: VectorClock): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const ea = a[i]!;
    const eb = b[i]!;
    if (ea.node !== eb.node || ea.counter !== eb.counter) return false;
  }
  return true;
}

/** `stampedClockKey(a) === stampedClockKey(b)`. */
function sameStampedClock(a: VectorClock, b: VectorClock): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const ea = a[i]!;
    const eb = b[i]!;
    if (ea.node !== eb.node || ea.counter !== eb.counter || ea.timestampMs !== eb.timestampMs)
      return false;
  }
  return true;
}

/** `dotKey(a) === dotKey(b)`. */
function sameDot(a: CausalStamp, b: CausalStamp): boolean {
  const x = a.dot;
  const y = b.dot;
  if (x === y) return true;
  if (x === undefined || y === undefined) return false;
  return x.node === y.node && x.counter === y.counter && x.base === y.base;
}

function isStringList(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}

/** `valueKey(a) === valueKey(b)`; anything but strings, carts and deletes falls back to the keys. */
function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  const plainA = a === null || typeof a === 'string';
  const plainB = b === null || typeof b === 'string';
  if (plainA && plainB) return false;
  if (isStringList(a) && isStringList(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return valueKey(a) === valueKey(b);
}

/** `stampKey` and `valueKey` both equal: the identity `versionsEqual` compares. */
function sameIdentity(a: Version, b: Version): boolean {
  return (
    a === b || (sameClockContent(a.clock, b.clock) && sameDot(a, b) && sameValue(a.value, b.value))
  );
}

/**
 * The later of two writes by (writtenAtMs, writer id, clockKey, dotKey, valueKey, clock timestamps),
 * largest wins: a total, deterministic order, used by last-writer-wins and to pick one of two
 * versions with equal clocks.
 */
export function laterWrite(a: Version, b: Version): Version {
  if (a === b) return a;
  if (a.writtenAtMs !== b.writtenAtMs) return a.writtenAtMs > b.writtenAtMs ? a : b;
  if (a.writer !== b.writer) return a.writer > b.writer ? a : b;
  if (!sameClockContent(a.clock, b.clock)) {
    const clockA = clockKey(a.clock);
    const clockB = clockKey(b.clock);
    if (clockA !== clockB) return clockA > clockB ? a : b;
  }
  if (!sameDot(a, b)) {
    const dotA = dotKey(a);
    const dotB = dotKey(b);
    if (dotA !== dotB) return dotA > dotB ? a : b;
  }
  if (!sameValue(a.value, b.value)) {
    const valueA = valueKey(a.value);
    const valueB = valueKey(b.value);
    if (valueA !== valueB) return valueA > valueB ? a : b;
  }
  if (sameStampedClock(a.clock, b.clock)) return a;
  return stampedClockKey(a.clock) >= stampedClockKey(b.clock) ? a : b;
}

/** Versions are immutable, so each one's `stampKey` is built once, when it is first sorted. */
const stampKeys = new WeakMap<Version, string>();

function sortKeyOf(version: Version): string {
  let key = stampKeys.get(version);
  if (key === undefined) {
    key = stampKey(version);
    stampKeys.set(version, key);
  }
  return key;
}

/**
 * Arrays `reconcile` returned: antichains sorted by `stampKey`. A reconcile that starts from one
 * takes it as it is instead of comparing its versions pairwise again.
 */
const reconciled = new WeakSet<readonly Version[]>();

/**
 * One step of `reconcile`: adds `version` to the antichain `kept`, in place. Returns false when
 * `kept` did not change.
 */
function addVersion(kept: Version[], version: Version): boolean {
  // A version already kept relates to no other kept one (antichain): nothing to do.
  for (let i = 0; i < kept.length; i++) if (kept[i] === version) return false;
  let removed = 0;
  for (let i = 0; i < kept.length; i++) {
    const other = kept[i]!;
    const order = compareVersions(version, other);
    // A newcomer cannot be both above one kept version and below another, so nothing was removed.
    if (order === 'before') return false;
    if (order === 'equal') {
      const later = laterWrite(other, version);
      kept[i] = later;
      return later !== other;
    }
    if (order === 'after') removed++;
    else if (removed > 0) kept[i - removed] = other;
  }
  kept.length -= removed;
  kept.push(version);
  return true;
}

/** Sorts by `stampKey`; keys are distinct in an antichain, and kept arrays are mostly sorted. */
function sortByStampKey(kept: Version[]): void {
  if (kept.length <= 1) return;
  const keys = kept.map(sortKeyOf);
  for (let i = 1; i < kept.length; i++) {
    const key = keys[i]!;
    if (keys[i - 1]! <= key) continue;
    const version = kept[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      kept[j + 1] = kept[j]!;
      j--;
    }
    keys[j + 1] = key;
    kept[j + 1] = version;
  }
}

function finishReconcile(kept: Version[]): readonly Version[] {
  sortByStampKey(kept);
  reconciled.add(kept);
  return kept;
}

/** Where a reconcile of `lists` may start: the first list when it is already reconciled. */
function startFrom(first: readonly Version[] | undefined): Version[] {
  if (first === undefined) return [];
  if (first.length <= 1 || reconciled.has(first)) return first.slice();
  const kept: Version[] = [];
  for (const version of first) addVersion(kept, version);
  return kept;
}

/**
 * The maximal versions (an antichain): every version another one `obsoletes` is dropped, and of
 * versions with equal histories one is kept (the `laterWrite`, so the choice is
 * order-independent). Sorted by `stampKey`. With truncated clocks this inherits the truncation
 * errors described in vector-clock.ts.
 */
export function reconcile(versions: readonly Version[]): readonly Version[] {
  if (versions.length <= 1) return versions;
  const kept: Version[] = [];
  for (const version of versions) addVersion(kept, version);
  return finishReconcile(kept);
}

/** `reconcile` of the lists' concatenation (`reconcile(lists.flat())`), without building it. */
export function reconcileLists(lists: Iterable<readonly Version[]>): readonly Version[] {
  let kept: Version[] | undefined;
  let total = 0;
  for (const list of lists) {
    total += list.length;
    if (kept === undefined) kept = startFrom(list);
    else for (const version of list) addVersion(kept, version);
  }
  if (kept === undefined) return [];
  if (total <= 1) return kept;
  return finishReconcile(kept);
}

/**
 * `reconcile(held.concat(incoming))` for a store: `held` itself when nothing in `incoming` changes
 * it, and `incoming` itself when nothing is held and it has at most one version.
 */
export function reconcileOnto(
  held: readonly Version[],
  incoming: readonly Version[],
): readonly Version[] {
  if (held.length === 0) return reconcile(incoming);
  if (incoming.length === 0 && held.length <= 1) return held;
  const kept = startFrom(held);
  let changed = kept.length !== held.length;
  for (const version of incoming) if (addVersion(kept, version)) changed = true;
  if (!changed && kept.length === held.length && (held.length <= 1 || reconciled.has(held)))
    return held;
  return finishReconcile(kept);
}

/** The context a get returns with its siblings: the merge of all their clocks (§4.4, §5). */
export function mergeContext(versions: readonly Version[]): VectorClock {
  let context = emptyClock;
  for (const version of versions) context = merge(context, version.clock);
  return context;
}

/** Every version of `a` is one of `b` (by object), and the other way round. */
function sameObjects(a: readonly Version[], b: readonly Version[]): boolean {
  for (const x of a) if (!b.includes(x)) return false;
  for (const y of b) if (!a.includes(y)) return false;
  return true;
}

/** Every version of `from` has one of `to` with its identity (`sameIdentity`). */
function identitiesCovered(from: readonly Version[], to: readonly Version[]): boolean {
  outer: for (const x of from) {
    for (const y of to) if (sameIdentity(x, y)) continue outer;
    return false;
  }
  return true;
}

/**
 * The same set of versions, where a version is its clock, dot and value (who wrote it and when
 * is metadata). Order and duplicates do not matter.
 */
export function versionsEqual(a: readonly Version[], b: readonly Version[]): boolean {
  if (a === b) return true;
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  if (sameObjects(a, b)) return true;
  return identitiesCovered(a, b) && identitiesCovered(b, a);
}

/**
 * True when `replica` lacks something `latest` has: some version of `latest` is not in the
 * history of any version of `replica` (`versionDescends`). Read repair (§5) sends `latest` to such a replica.
 */
export function isStaleRelativeTo(
  replica: readonly Version[],
  latest: readonly Version[],
): boolean {
  // versionDescends is reflexive: a replica holding the very version has it.
  return latest.some(
    (wanted) => !replica.some((held) => held === wanted || versionDescends(held, wanted)),
  );
}

/**
 * The context has seen every version: a put with it supersedes all of them (§4.4). A context is a
 * plain clock (no gap), so it holds a version's dot exactly when it reaches the dot's counter.
 */
export function dominatesAll(clock: VectorClock, versions: readonly Version[]): boolean {
  const context: CausalStamp = { clock };
  for (const version of versions) if (!versionDescends(context, version)) return false;
  return true;
}

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

/** Some version of `versions` has `write` in its causal history: the write is held there (§4.4). */
export function anyDescends(versions: readonly CausalStamp[], write: CausalStamp): boolean {
  for (const v of versions) if (versionDescends(v, write)) return true;
  return false;
}

/**
 * b's causal history contains a's (b ⊒ a), so a is obsolete wherever b is held: b holds a's dot
 * and every event of a's context. Reflexive. For plain clocks this is `descends`.
 */
export function versionDescends(b: CausalStamp, a: CausalStamp): boolean {
  if (a === b) return true;
  const gapA = gappedDot(a);
  const gapB = gappedDot(b);
  if (gapA === undefined && gapB === undefined) return descends(b.clock, a.clock);
  let j = 0;
  for (const entry of a.clock) {
    const needed = coverage(gapA, entry.node, entry.counter);
    while (j < b.clock.length && b.clock[j]!.node < entry.node) j++;
    const held = b.clock[j];
    const covered = held !== undefined && held.node === entry.node ? coverage(gapB, entry.node, held.counter) : 0;
    if (needed > covered) return false;
  }
  return holdsDot(gapA, b, gapB);
}

/** b makes a obsolete: b's history strictly contains a's. */
export function obsoletes(b: CausalStamp, a: CausalStamp): boolean {
  return versionDescends(b, a) && !versionDescends(a, b);
}

/** What x has seen of `node`'s events without a hole: the gap's base, or the clock's counter. */
function coverage(gap: Dot | undefined, node: NodeId, counter: number): number {
  return gap !== undefined && gap.node === node ? gap.base : counter;
}

/**
 * The dot part of `versionDescends(b, a)`: b holds a's dot, given that b already covers every
 * event of a's context.
 */
function holdsDot(gapA: Dot | undefined, b: CausalStamp, gapB: Dot | undefined): boolean {
  if (gapA === undefined) return true;
  const covered = contiguousCoverage(b, gapB, gapA.node);
  if (gapA.base > covered) return false;
  return (
    gapA.counter <= covered ||
    (gapB !== undefined && gapB.node === gapA.node && gapB.counter === gapA.counter)
  );
}

/**
 * How a's history relates to b's: 'before' means b has seen all of a and more. With a gapped dot
 * this is `versionDescends` both ways, found in one walk over the two clocks.
 */
export function compareVersions(a: CausalStamp, b: CausalStamp): ClockOrder {
  const gapA = gappedDot(a);
  const gapB = gappedDot(b);
  if (gapA === undefined && gapB === undefined) return compare(a.clock, b.clock);
  const x = a.clock;
  const y = b.clock;
  let aCoveredByB = true; // every event of a's context is in b's
  let bCoveredByA = true;
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const ea = x[i];
    const eb = y[j];
    if (eb === undefined || (ea !== undefined && ea.node < eb.node)) {
      if (coverage(gapA, ea!.node, ea!.counter) > 0) aCoveredByB = false;
      i++;
    } else if (ea === undefined || eb.node < ea.node) {
      if (coverage(gapB, eb.node, eb.counter) > 0) bCoveredByA = false;
      j++;
    } else {
      const covA = coverage(gapA, ea.node, ea.counter);
      const covB = coverage(gapB, eb.node, eb.counter);
      if (covA > covB) aCoveredByB = false;
      else if (covB > covA) bCoveredByA = false;
      i++;
      j++;
    }
    if (!aCoveredByB && !bCoveredByA) return 'concurrent';
  }
  const aSeesB = bCoveredByA && holdsDot(gapB, a, gapA);
  const bSeesA = aCoveredByB && holdsDot(gapA, b, gapB);
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

/** Below 0, 0 or above 0 as `a` sorts before, with or after `b` in UTF-16 code-unit order. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

/**
 * Node ids whose JSON form is `"id"` with nothing escaped and every character above `"`, so that
 * JSON-quoted ids order exactly as the bare ids do (a prefix meets `"`, the smallest character).
 */
function plainId(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c <= 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Orders `${a}` followed by the code unit `endA` against `${b}` followed by `endB`. */
function compareCounters(a: number, endA: number, b: number, endB: number): number {
  if (a === b) return endA - endB;
  const textA = `${a}`;
  const textB = `${b}`;
  const n = Math.min(textA.length, textB.length);
  for (let i = 0; i < n; i++) {
    const d = textA.charCodeAt(i) - textB.charCodeAt(i);
    if (d !== 0) return d;
  }
  const nextA = textA.length === n ? endA : textA.charCodeAt(n);
  const nextB = textB.length === n ? endB : textB.charCodeAt(n);
  return nextA - nextB;
}

/** The order of `clockKey(a)` and `clockKey(b)`, or undefined when a node id is not `plainId`. */
function compareClockKeys(a: VectorClock, b: VectorClock): number | undefined {
  // `{}` against `{"…`: the brace sorts after the quote.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; ; i++) {
    const ea = a[i]!;
    const eb = b[i]!;
    if (ea.node !== eb.node) {
      if (!plainId(ea.node) || !plainId(eb.node)) return undefined;
      return ea.node < eb.node ? -1 : 1;
    }
    const lastA = i === a.length - 1;
    const lastB = i === b.length - 1;
    const order = compareCounters(
      ea.counter,
      lastA ? CLOSE_BRACE : COMMA,
      eb.counter,
      lastB ? CLOSE_BRACE : COMMA,
    );
    if (order !== 0 || lastA) return order;
  }
}

/**
 * The order of `stampKey(a)` and `stampKey(b)` (below 0 when a's sorts first), found by walking
 * the clocks instead of building the strings.
 */
export function compareStamps(a: CausalStamp, b: CausalStamp): number {
  if (a === b) return 0;
  const clocks = compareClockKeys(a.clock, b.clock);
  if (clocks === undefined) return compareStrings(stampKey(a), stampKey(b));
  if (clocks !== 0) return clocks;
  // Equal clock keys: a version without a dot is a prefix of one with a dot.
  if (a.dot === undefined || b.dot === undefined) return a.dot === b.dot ? 0 : a.dot === undefined ? -1 : 1;
  return sameDot(a, b) ? 0 : compareStrings(dotKey(a), dotKey(b));
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

/** `stampedClockKey(a) === stampedClockKey(b)`: the same content, and the same timestamps. */
function sameStampedClock(a: VectorClock, b: VectorClock): boolean {
  if (!sameClockContent(a, b)) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.timestampMs !== b[i]!.timestampMs) return false;
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

/** Sorts by `stampKey` (insertion sort: keys are distinct in an antichain, arrays mostly sorted). */
function sortByStampKey(kept: Version[]): readonly Version[] {
  for (let i = 1; i < kept.length; i++) {
    const version = kept[i]!;
    let j = i - 1;
    while (j >= 0 && compareStamps(kept[j]!, version) > 0) {
      kept[j + 1] = kept[j]!;
      j--;
    }
    kept[j + 1] = version;
  }
  return kept;
}

function reconcileFrom(kept: Version[], versions: readonly Version[]): Version[] {
  for (const version of versions) addVersion(kept, version);
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
  return sortByStampKey(reconcileFrom([], versions));
}

/** `reconcile` of the lists' concatenation (`reconcile(lists.flat())`), without building it. */
export function reconcileLists(lists: Iterable<readonly Version[]>): readonly Version[] {
  const kept: Version[] = [];
  for (const list of lists) reconcileFrom(kept, list);
  return sortByStampKey(kept);
}

/**
 * `reconcile(held.concat(incoming))` for a store. `heldReconciled` says `held` is itself the
 * output of a reconcile (an antichain in `stampKey` order), so its versions need not be compared
 * again, and `held` itself is returned when nothing in `incoming` changes it. Nothing held and at
 * most one incoming version returns `incoming` itself.
 */
export function reconcileOnto(
  held: readonly Version[],
  incoming: readonly Version[],
  heldReconciled: boolean,
): readonly Version[] {
  if (held.length === 0) return reconcile(incoming);
  const trusted = heldReconciled || held.length <= 1;
  if (incoming.length === 0 && trusted) return held;
  const kept = trusted ? held.slice() : reconcileFrom([], held);
  let changed = false;
  for (const version of incoming) if (addVersion(kept, version)) changed = true;
  if (trusted && !changed) return held;
  return sortByStampKey(kept);
}

/** The context a get returns with its siblings: the merge of all their clocks (§4.4, §5). */
export function mergeContext(versions: readonly Version[]): VectorClock {
  let context = emptyClock;
  for (const version of versions) context = merge(context, version.clock);
  return context;
}

/** Every version of `a` is one of `b` (by object), and the other way round. */
export function sameObjects(a: readonly Version[], b: readonly Version[]): boolean {
  for (const y of b) if (!a.includes(y)) return false;
  for (const x of a) if (!b.includes(x)) return false;
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
  return identitiesCovered(b, a) && identitiesCovered(a, b);
}

/**
 * True when `replica` lacks something `latest` has: some version of `latest` is not in the
 * history of any version of `replica` (`versionDescends`). Read repair (§5) sends `latest` to such a replica.
 */
export function isStaleRelativeTo(
  replica: readonly Version[],
  latest: readonly Version[],
): boolean {
  return latest.some((wanted) => !anyDescends(replica, wanted));
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

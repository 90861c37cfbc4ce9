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

/**
 * The later of two writes by (writtenAtMs, writer id, clockKey, dotKey, valueKey, clock timestamps),
 * largest wins: a total, deterministic order, used by last-writer-wins and to pick one of two
 * versions with equal clocks.
 */
export function laterWrite(a: Version, b: Version): Version {
  if (a.writtenAtMs !== b.writtenAtMs) return a.writtenAtMs > b.writtenAtMs ? a : b;
  if (a.writer !== b.writer) return a.writer > b.writer ? a : b;
  const clockA = clockKey(a.clock);
  const clockB = clockKey(b.clock);
  if (clockA !== clockB) return clockA > clockB ? a : b;
  const dotA = dotKey(a);
  const dotB = dotKey(b);
  if (dotA !== dotB) return dotA > dotB ? a : b;
  const valueA = valueKey(a.value);
  const valueB = valueKey(b.value);
  if (valueA !== valueB) return valueA > valueB ? a : b;
  return stampedClockKey(a.clock) >= stampedClockKey(b.clock) ? a : b;
}

/**
 * The maximal versions (an antichain): every version another one `obsoletes` is dropped, and of
 * versions with equal histories one is kept (the `laterWrite`, so the choice is
 * order-independent). Sorted by `stampKey`. With truncated clocks this inherits the truncation
 * errors described in vector-clock.ts.
 */
export function reconcile(versions: readonly Version[]): readonly Version[] {
  if (versions.length <= 1) return versions;
  // Invariant: `kept` is an antichain, so a newcomer cannot be both above one and below another.
  const kept: Version[] = [];
  for (const version of versions) {
    let dominated = false;
    let removed = 0;
    for (let i = 0; i < kept.length; i++) {
      const other = kept[i]!;
      const order = compareVersions(version, other);
      if (order === 'before') {
        dominated = true;
        break;
      }
      if (order === 'equal') {
        kept[i] = laterWrite(other, version);
        dominated = true;
        break;
      }
      if (order === 'after') removed++;
      else if (removed > 0) kept[i - removed] = other;
    }
    if (dominated) continue;
    kept.length -= removed;
    kept.push(version);
  }
  if (kept.length === 1) return kept;
  const keyed = kept.map((version) => ({ key: stampKey(version), version }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.version);
}

/** The context a get returns with its siblings: the merge of all their clocks (§4.4, §5). */
export function mergeContext(versions: readonly Version[]): VectorClock {
  let context = emptyClock;
  for (const version of versions) context = merge(context, version.clock);
  return context;
}

function identities(versions: readonly Version[]): string[] {
  const keys = new Set<string>();
  for (const version of versions) keys.add(`${stampKey(version)}=${valueKey(version.value)}`);
  return [...keys].sort();
}

/**
 * The same set of versions, where a version is its clock, dot and value (who wrote it and when
 * is metadata). Order and duplicates do not matter.
 */
export function versionsEqual(a: readonly Version[], b: readonly Version[]): boolean {
  if (a === b) return true;
  const keysA = identities(a);
  const keysB = identities(b);
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i]);
}

/**
 * True when `replica` lacks something `latest` has: some version of `latest` is not in the
 * history of any version of `replica` (`versionDescends`). Read repair (§5) sends `latest` to such a replica.
 */
export function isStaleRelativeTo(
  replica: readonly Version[],
  latest: readonly Version[],
): boolean {
  return latest.some((wanted) => !replica.some((held) => versionDescends(held, wanted)));
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

/**
 * Syntactic reconciliation of an object's versions: keep only the causally unrelated ones, the
 * siblings a get returns with one merged context (Dynamo §4.4).
 *
 * A version set is handled as a set: the output of `reconcile` is sorted by `clockKey`, so the
 * same versions in any order, from any replica, reconcile to the same array.
 */
import type { Value, VectorClock, Version } from './types.ts';
import { clockKey, compare, descends, emptyClock, merge } from './vector-clock.ts';

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
 * The later of two writes by (writtenAtMs, writer id, clockKey, valueKey, clock timestamps),
 * largest wins: a total, deterministic order, used by last-writer-wins and to pick one of two
 * versions with equal clocks.
 */
export function laterWrite(a: Version, b: Version): Version {
  if (a.writtenAtMs !== b.writtenAtMs) return a.writtenAtMs > b.writtenAtMs ? a : b;
  if (a.writer !== b.writer) return a.writer > b.writer ? a : b;
  const clockA = clockKey(a.clock);
  const clockB = clockKey(b.clock);
  if (clockA !== clockB) return clockA > clockB ? a : b;
  const valueA = valueKey(a.value);
  const valueB = valueKey(b.value);
  if (valueA !== valueB) return valueA > valueB ? a : b;
  return stampedClockKey(a.clock) >= stampedClockKey(b.clock) ? a : b;
}

/**
 * The maximal versions (an antichain): every version strictly before another is dropped, and of
 * versions with equal clocks one is kept (the `laterWrite`, so the choice is order-independent).
 * Sorted by `clockKey`. With truncated clocks this inherits the truncation errors described in
 * vector-clock.ts.
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
      const order = compare(version.clock, other.clock);
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
  const keyed = kept.map((version) => ({ key: clockKey(version.clock), version }));
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
  for (const version of versions) keys.add(`${clockKey(version.clock)}=${valueKey(version.value)}`);
  return [...keys].sort();
}

/**
 * The same set of versions, where a version is its clock and its value (who wrote it and when is
 * metadata). Order and duplicates do not matter.
 */
export function versionsEqual(a: readonly Version[], b: readonly Version[]): boolean {
  if (a === b) return true;
  const keysA = identities(a);
  const keysB = identities(b);
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i]);
}

/**
 * True when `replica` lacks something `latest` has: some version of `latest` is not descended by
 * any version of `replica`. Read repair (§5) sends `latest` to such a replica.
 */
export function isStaleRelativeTo(
  replica: readonly Version[],
  latest: readonly Version[],
): boolean {
  return latest.some((wanted) => !replica.some((held) => descends(held.clock, wanted.clock)));
}

/** The clock has seen every version: a put with this context supersedes all of them (§4.4). */
export function dominatesAll(clock: VectorClock, versions: readonly Version[]): boolean {
  for (const version of versions) if (!descends(clock, version.clock)) return false;
  return true;
}

/**
 * The string-keyed comparisons versions.ts used before it compared clocks structurally: the
 * reference the faster ones are checked against (same answers, same objects chosen).
 */
import type { VectorClock, Version } from '../../src/core/types.ts';
import { clockKey, compare, type ClockOrder } from '../../src/core/vector-clock.ts';
import { compareVersions, dotKey, stampKey, valueKey, versionDescends } from '../../src/core/versions.ts';

function stampedClockKey(clock: VectorClock): string {
  let key = '';
  for (const entry of clock)
    key += `${JSON.stringify(entry.node)}:${entry.counter}@${entry.timestampMs},`;
  return key;
}

export function laterWriteByKeys(a: Version, b: Version): Version {
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

export function reconcileByKeys(versions: readonly Version[]): readonly Version[] {
  if (versions.length <= 1) return versions;
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
        kept[i] = laterWriteByKeys(other, version);
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

function identities(versions: readonly Version[]): string[] {
  const keys = new Set<string>();
  for (const version of versions) keys.add(`${stampKey(version)}=${valueKey(version.value)}`);
  return [...keys].sort();
}

export function versionsEqualByKeys(a: readonly Version[], b: readonly Version[]): boolean {
  if (a === b) return true;
  const keysA = identities(a);
  const keysB = identities(b);
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i]);
}

export function isStaleByDescends(replica: readonly Version[], latest: readonly Version[]): boolean {
  return latest.some((wanted) => !replica.some((held) => versionDescends(held, wanted)));
}

/** compareVersions as two `versionDescends` calls, before they were fused into one walk. */
export function compareByDescends(a: Version, b: Version): ClockOrder {
  const gapped = (v: Version): boolean => v.dot !== undefined && v.dot.counter > v.dot.base + 1;
  if (!gapped(a) && !gapped(b)) return compare(a.clock, b.clock);
  const aSeesB = versionDescends(a, b);
  const bSeesA = versionDescends(b, a);
  if (aSeesB) return bSeesA ? 'equal' : 'after';
  return bSeesA ? 'before' : 'concurrent';
}

/**
 * Semantic reconciliation of siblings: the shopping cart's union merge and timestamp-based
 * last-writer-wins (Dynamo §4.4, §6.1 "business logic specific" vs "timestamp based").
 */
import type { ConflictResolution, Value, Version } from './types.ts';
import { laterWrite } from './versions.ts';

/**
 * The single version last-writer-wins keeps: the largest `writtenAtMs`, ties broken by the larger
 * writer id, then clockKey, then dot, then value, so every node picks the same winner from the same
 * set in any order. It ignores causality; callers reconcile syntactically first (see
 * LocalStore.apply, which drops every version another one's history holds, versions.ts), so a
 * version that causally descends another always beats it.
 */
export function lastWriterWins(versions: readonly Version[]): Version {
  let winner = versions[0];
  if (winner === undefined) throw new RangeError('versions must hold at least one version');
  for (let i = 1; i < versions.length; i++) winner = laterWrite(winner, versions[i]!);
  return winner;
}

/**
 * The shopping cart merge (§4.4): the sorted union of the siblings' items. A string value is one
 * item, `null` (a delete) contributes nothing. "An add to cart operation is never lost. However,
 * deleted items can resurface": an item removed on one branch survives if another branch has it.
 */
export function cartUnion(values: readonly Value[]): readonly string[] {
  const items = new Set<string>();
  for (const value of values) {
    if (value === null) continue;
    if (typeof value === 'string') items.add(value);
    else for (const item of value) items.add(item);
  }
  return [...items].sort();
}

/** What a get hands the client: every sibling, or only the last writer's version. */
export function resolveForClient(
  versions: readonly Version[],
  resolution: ConflictResolution,
): readonly Version[] {
  if (resolution === 'siblings') return versions;
  if (resolution === 'lww') return versions.length <= 1 ? versions : [lastWriterWins(versions)];
  throw new RangeError(`resolution must be 'siblings' or 'lww', got ${JSON.stringify(resolution)}`);
}

/**
 * Hinted handoff (Dynamo §4.6): when a home replica is unreachable, a stand-in keeps the replica
 * "in a separate local database" with a hint naming the intended owner, scans it periodically,
 * and delivers each hint once the owner is reachable again. A hint is deleted only after the
 * owner acknowledged it, so handoff never lowers the number of copies of a write. A hint never
 * counts as the stand-in's own replica: it lives apart from the node's store.
 */
import type { Hint } from './effects.ts';
import type { Key, NodeId, Version } from './types.ts';
import { reconcile } from './versions.ts';

export class HintStore {
  private readonly hints = new Map<string, Hint>();
  /** Hints already sent and awaiting the owner's ack: hintId → time sent. */
  private readonly inFlight = new Map<string, number>();
  /** Key → ids of its hints, so a read finds a key's hinted versions without a scan. */
  private readonly byKey = new Map<Key, Set<string>>();
  /** Revisions are unique in the store, so an old ack never matches a newer hint of the same id. */
  private nextRevision = 1;

  constructor(initial: Iterable<Hint> = []) {
    for (const h of initial) {
      this.put(h);
      this.nextRevision = Math.max(this.nextRevision, (h.revision ?? 0) + 1);
    }
  }

  private put(hint: Hint): void {
    this.hints.set(hint.hintId, hint);
    let ids = this.byKey.get(hint.key);
    if (!ids) this.byKey.set(hint.key, (ids = new Set()));
    ids.add(hint.hintId);
  }

  /**
   * Stores a hinted replica; hints for the same key and owner are merged into one so the store
   * stays as small as the set of (key, owner) pairs. Returns the hint to persist.
   */
  add(key: Key, intendedFor: NodeId, versions: readonly Version[], nowMs: number): Hint {
    const hintId = `${intendedFor}/${key}`;
    const before = this.hints.get(hintId);
    const merged = before ? reconcile([...before.versions, ...versions]) : reconcile(versions);
    const hint: Hint = { hintId, key, versions: merged, intendedFor, storedAtMs: nowMs, revision: this.nextRevision++ };
    this.put(hint);
    this.inFlight.delete(hintId);
    return hint;
  }

  /**
   * The owner confirmed it stored revision `revision` of a hint; returns the removed hint, if any.
   * An ack for an older revision removes nothing: the newer versions still have to be delivered.
   */
  acknowledge(hintId: string, revision: number): Hint | undefined {
    const hint = this.hints.get(hintId);
    if (hint === undefined || (hint.revision ?? 0) !== revision) return undefined;
    this.hints.delete(hintId);
    this.inFlight.delete(hintId);
    if (hint) {
      const ids = this.byKey.get(hint.key);
      ids?.delete(hintId);
      if (ids?.size === 0) this.byKey.delete(hint.key);
    }
    return hint;
  }

  /**
   * The periodic scan: hints whose owner is reachable and that are not already on their way
   * (or whose last delivery went unanswered for `retryAfterMs`), in a stable order.
   */
  deliverable(isReachable: (node: NodeId) => boolean, nowMs: number, retryAfterMs: number, limit: number): Hint[] {
    const out: Hint[] = [];
    for (const id of [...this.hints.keys()].sort()) {
      const hint = this.hints.get(id);
      if (!hint || !isReachable(hint.intendedFor)) continue;
      const sentAt = this.inFlight.get(id);
      if (sentAt !== undefined && nowMs - sentAt < retryAfterMs) continue;
      this.inFlight.set(id, nowMs);
      out.push(hint);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Owners that left a delivery unanswered for `afterMs`: probably down again, so the node stops
   * sending them hints and leaves it to the failure detector to notice their return (§4.8.3).
   * Their deliveries count as unanswered: they go again once the owner is reachable.
   */
  takeSilentOwners(nowMs: number, afterMs: number): NodeId[] {
    const owners = new Set<NodeId>();
    for (const [id, sentAt] of [...this.inFlight]) {
      const owner = this.hints.get(id)?.intendedFor;
      if (owner === undefined || nowMs - sentAt < afterMs) continue;
      owners.add(owner);
      this.inFlight.delete(id);
    }
    return [...owners].sort();
  }

  /** Hinted versions this node holds for a key (a stand-in answers reads with them, §4.6). */
  versionsFor(key: Key): Version[] {
    const out: Version[] = [];
    for (const id of this.byKey.get(key) ?? []) out.push(...(this.hints.get(id)?.versions ?? []));
    return out;
  }

  all(): Hint[] {
    return [...this.hints.values()].sort((a, b) => (a.hintId < b.hintId ? -1 : a.hintId > b.hintId ? 1 : 0));
  }

  get size(): number {
    return this.hints.size;
  }
}

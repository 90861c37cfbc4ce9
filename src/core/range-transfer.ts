/**
 * Key transfer on join and leave (Dynamo §4.9): when membership changes, a node that no longer
 * is a home replica of some keys offers them to their new home replicas; after a replica accepts,
 * the keys are sent, and the node drops its copy only once every new home replica has confirmed.
 * The offer/accept round makes sure no range is transferred to the same node twice.
 *
 * A node confirms only the keys it is a home replica of in its own view of the ring; the others
 * it stores but declines. Views disagree while a change spreads by gossip: a node that left, or
 * one that has not heard of the change, may be sent keys it believes belong to the sender. Were
 * such a copy counted, the two nodes could hand a key to each other and each drop it on the
 * other's confirmation, and the key would be lost. Declined keys stay where they are and are
 * offered again until the two views agree.
 */
import type { KeyVersions } from './messages.ts';
import type { NodeEnv } from './node-env.ts';
import type { Key, NodeId, Version } from './types.ts';
import { anyDescends } from './versions.ts';

interface Outgoing {
  target: NodeId;
  keys: Key[];
  sentAtMs: number;
  /** What each key held when its data was sent (onAccept); the target confirms exactly this. */
  sent?: Map<Key, readonly Version[]>;
}

/** Offers unanswered for this long are offered again (the target may have been down). */
const RETRY_AFTER_MS = 5000;
/** Keys per transfer message, so one transfer does not become one giant message. */
const BATCH = 256;

export class RangeTransfer {
  private next = 1;
  private readonly outgoing = new Map<string, Outgoing>();
  /** Key → its current home replicas; the node may drop it once all of them confirmed. */
  private readonly homes = new Map<Key, readonly NodeId[]>();
  /** Key → home replicas that have confirmed they hold it, with the versions each was sent. */
  private readonly confirmed = new Map<Key, Map<NodeId, readonly Version[]>>();
  /** Keys a target declined (not a home in its view yet): offered again at each gossip round. */
  private readonly declined = new Set<Key>();
  keysHandedOff = 0;

  constructor(
    private readonly env: NodeEnv,
    private readonly store: {
      read(key: Key): readonly Version[];
      write(key: Key, versions: readonly Version[]): void;
      remove(key: Key): void;
    },
  ) {}

  /**
   * Offers every key this node holds but is no longer a home replica of. `homeOf` gives the
   * key's current home replicas; `stillMine` is checked again before a key is dropped.
   */
  rebalance(misplaced: ReadonlyMap<Key, readonly NodeId[]>): void {
    const now = this.env.nowMs();
    for (const [id, out] of this.outgoing) {
      if (now - out.sentAtMs >= RETRY_AFTER_MS) this.outgoing.delete(id);
    }
    const pendingFor = new Set<string>();
    for (const out of this.outgoing.values()) for (const k of out.keys) pendingFor.add(`${out.target}|${k}`);
    const byTarget = new Map<NodeId, Key[]>();
    for (const [key, homes] of misplaced) {
      this.homes.set(key, homes);
      let confirmed = this.confirmed.get(key);
      // Every home confirmed a copy, some under an older ring, yet the key is still here: no
      // confirmation is on its way to drop it, so it is offered to all of them afresh.
      if (confirmed && homes.every((h) => confirmed?.has(h))) {
        this.confirmed.delete(key);
        confirmed = undefined;
      }
      for (const target of homes) {
        if (confirmed?.has(target) || pendingFor.has(`${target}|${key}`)) continue;
        let list = byTarget.get(target);
        if (!list) byTarget.set(target, (list = []));
        list.push(key);
      }
    }
    for (const [target, keys] of [...byTarget].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (let i = 0; i < keys.length; i += BATCH) {
        const batch = keys.slice(i, i + BATCH);
        const transferId = `${this.env.self}>${target}#${this.next++}`;
        this.outgoing.set(transferId, { target, keys: batch, sentAtMs: now });
        this.env.send(target, { kind: 'transfer.offer', transferId, rangeIds: [], keyCount: batch.length });
        this.env.observe({ type: 'transfer', peer: target, keys: batch.length, phase: 'offered' });
      }
    }
  }

  onAccept(transferId: string): void {
    const out = this.outgoing.get(transferId);
    if (!out) return;
    const entries: KeyVersions[] = out.keys.map((k) => [k, this.store.read(k)]);
    out.sent = new Map(entries);
    this.env.send(out.target, { kind: 'transfer.data', transferId, entries });
    this.env.observe({ type: 'transfer', peer: out.target, keys: entries.length, phase: 'sent' });
  }

  /** The receiving side: store what arrived, then confirm it, declining the keys `misplaced` here. */
  onData(from: NodeId, transferId: string, entries: readonly KeyVersions[], misplaced: (key: Key) => boolean): void {
    let declined: Key[] | undefined;
    for (const [k, versions] of entries) {
      if (versions.length > 0) this.store.write(k, versions);
      if (misplaced(k)) (declined ??= []).push(k);
    }
    this.env.send(from, declined ? { kind: 'transfer.done', transferId, declined } : { kind: 'transfer.done', transferId });
  }

  /**
   * The target confirmed: drop keys every new home replica now has, if still not ours. A key that
   * took new versions after a home was sent its copy (a put or hint that still reached this node,
   * an orphaned hint adopted) is kept, and offered again to the homes that lack them: dropping it
   * would lose those versions.
   */
  onDone(transferId: string, stillMisplaced: (key: Key) => boolean, declined: readonly Key[] = []): void {
    const out = this.outgoing.get(transferId);
    if (!out) return;
    this.outgoing.delete(transferId);
    const refused = new Set(declined);
    let dropped = 0;
    for (const key of out.keys) {
      // Not a home in the target's view: its copy is no confirmation; the next rebalance offers again.
      if (refused.has(key)) {
        this.declined.add(key);
        continue;
      }
      let confirmed = this.confirmed.get(key);
      if (!confirmed) this.confirmed.set(key, (confirmed = new Map<NodeId, readonly Version[]>()));
      confirmed.set(out.target, out.sent?.get(key) ?? []);
      const homes = this.homes.get(key) ?? [];
      if (!homes.every((h) => confirmed.has(h))) continue;
      const held = this.store.read(key);
      const behind = homes.filter((h) => !held.every((v) => anyDescends(confirmed.get(h) ?? [], v)));
      if (behind.length > 0) {
        for (const h of behind) confirmed.delete(h);
        continue;
      }
      this.homes.delete(key);
      this.confirmed.delete(key);
      this.declined.delete(key);
      if (!stillMisplaced(key)) continue;
      this.store.remove(key);
      dropped++;
    }
    this.keysHandedOff += dropped;
    this.env.observe({ type: 'transfer', peer: out.target, keys: dropped, phase: 'done' });
  }

  /** Forget keys that became this node's own again (membership changed back). */
  settle(isMisplaced: (key: Key) => boolean): void {
    for (const key of [...this.homes.keys()]) {
      if (isMisplaced(key)) continue;
      this.homes.delete(key);
      this.confirmed.delete(key);
      this.declined.delete(key);
    }
  }

  /** Some keys were declined and are still here: offer them again when views may have moved on. */
  get awaitingViews(): boolean {
    return this.declined.size > 0;
  }

  /** Gives up transfers to nodes that are no longer on the ring: they will never accept (§4.9). */
  dropTargets(gone: (node: NodeId) => boolean): void {
    for (const [id, out] of [...this.outgoing]) if (gone(out.target)) this.outgoing.delete(id);
  }

  get pending(): number {
    return this.outgoing.size;
  }
}

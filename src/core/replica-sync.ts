/**
 * The node's side of Merkle anti-entropy (Dynamo §4.7): now and then a node picks one range it
 * holds and one other home replica of it, and the two walk their trees down from the root,
 * descending only where hashes differ (anti-entropy.ts). The keys under differing leaves travel
 * both ways with their versions and each side reconciles them into its store.
 */
import { answerCompare, startExchange, type CompareRequest } from './anti-entropy.ts';
import type { KeyRanges } from './key-ranges.ts';
import type { KeyVersions } from './messages.ts';
import type { NodeEnv } from './node-env.ts';
import type { Key, NodeId, Version } from './types.ts';
import { versionsEqual } from './versions.ts';

/** An exchange this node started; only the initiator reports it, so each counts once. */
interface Session {
  peer: NodeId;
  rangeId: number;
  keysSent: number;
  startedAtMs: number;
}

export class ReplicaSync {
  private nextSession = 1;
  private cursor = 0;
  private readonly sessions = new Map<string, Session>();
  /** Totals of the exchanges this node started, for the metrics. */
  readonly totals = { exchanges: 0, hashesCompared: 0, keysSent: 0, inSync: 0, abandoned: 0 };

  constructor(
    private readonly env: NodeEnv,
    private readonly ranges: KeyRanges,
    private readonly store: {
      read(key: Key): readonly Version[];
      write(key: Key, versions: readonly Version[]): void;
    },
    private readonly isReachable: (peer: NodeId) => boolean,
    /** An exchange not finished after this long is given up and its peer suspected (§4.8.3), ms. */
    private readonly sessionTimeoutMs: number,
    private readonly suspect: (peer: NodeId) => void,
  ) {}

  /** The periodic tick: start one exchange for the next held range, with a random peer. */
  tick(): void {
    this.abandonStale();
    const held = this.ranges.heldRanges();
    if (held.length === 0) return;
    const rangeId = held[this.cursor++ % held.length] ?? 0;
    const peers = this.ranges.replicasOf(rangeId).filter((n) => n !== this.env.self && this.isReachable(n));
    if (peers.length === 0) return;
    const peer = peers[Math.floor(this.env.prng.next() * peers.length)] ?? peers[0];
    if (peer === undefined) return;
    const session = `${this.env.self}#${this.nextSession++}`;
    const request = startExchange(this.ranges.tree(rangeId), rangeId);
    this.sessions.set(session, { peer, rangeId, keysSent: 0, startedAtMs: this.env.nowMs() });
    this.env.send(peer, { kind: 'ae.compare', session, request, compared: 0 });
  }

  onCompare(from: NodeId, session: string, request: CompareRequest, comparedBefore: number): void {
    const step = answerCompare(this.ranges.tree(request.rangeId), request);
    const compared = comparedBefore + step.hashesCompared;
    if (step.kind === 'in-sync') {
      this.env.send(from, { kind: 'ae.in-sync', session, rangeId: request.rangeId, compared });
      this.finish(session, true, compared, 0);
    } else if (step.kind === 'descend') {
      this.env.send(from, { kind: 'ae.compare', session, request: step.request, compared });
    } else {
      const tree = this.ranges.tree(step.rangeId);
      const keys = step.leaves.flatMap((leaf) => tree.keysInLeaf(leaf));
      const entries: KeyVersions[] = keys.map((k) => [k, this.store.read(k)]);
      const s = this.sessions.get(session);
      if (s) s.keysSent += entries.length;
      this.env.send(from, {
        kind: 'ae.keys',
        session,
        rangeId: step.rangeId,
        leaves: step.leaves,
        entries,
        answer: false,
        compared,
      });
    }
  }

  /**
   * Keys under differing leaves arrived: take what is new, answer with what the peer lacks. The
   * differing leaves come with the keys because the side that found them may hold nothing under
   * one (a replica that missed every write there): its keys alone would name no leaf to answer for.
   */
  onKeys(
    from: NodeId,
    session: string,
    rangeId: number,
    leaves: readonly number[],
    entries: readonly KeyVersions[],
    answer: boolean,
    compared: number,
  ): void {
    const mine: KeyVersions[] = [];
    if (!answer) {
      const tree = this.ranges.tree(rangeId);
      const theirs = new Map(entries);
      const candidates = new Set<Key>(entries.map(([k]) => k));
      for (const leaf of new Set([...leaves, ...entries.map(([k]) => tree.leafOf(k))])) {
        for (const k of tree.keysInLeaf(leaf)) candidates.add(k);
      }
      for (const k of [...candidates].sort()) {
        const local = this.store.read(k);
        if (local.length > 0 && !versionsEqual(local, theirs.get(k) ?? [])) mine.push([k, local]);
      }
    }
    for (const [k, versions] of entries) if (versions.length > 0) this.store.write(k, versions);
    if (!answer) {
      this.env.send(from, { kind: 'ae.keys', session, rangeId, leaves: [], entries: mine, answer: true, compared });
    }
    this.finish(session, false, compared, entries.length + mine.length);
  }

  /** A peer that crashed or was cut off mid-exchange never answers: forget the exchange. */
  private abandonStale(): void {
    const now = this.env.nowMs();
    for (const [id, s] of [...this.sessions]) {
      if (now - s.startedAtMs < this.sessionTimeoutMs) continue;
      this.sessions.delete(id);
      this.totals.abandoned++;
      this.suspect(s.peer);
    }
  }

  /** Exchanges this node started that have not finished yet. */
  get openSessions(): number {
    return this.sessions.size;
  }

  onInSync(session: string, compared: number): void {
    this.finish(session, true, compared, 0);
  }

  private finish(session: string, inSync: boolean, compared: number, keysMoved: number): void {
    const s = this.sessions.get(session);
    if (!s) return;
    this.sessions.delete(session);
    const keysSent = s.keysSent + keysMoved;
    this.totals.exchanges++;
    this.totals.hashesCompared += compared;
    this.totals.keysSent += keysSent;
    if (inSync) this.totals.inSync++;
    this.env.observe({ type: 'anti-entropy', peer: s.peer, rangeId: s.rangeId, hashesCompared: compared, keysSent, inSync });
  }
}

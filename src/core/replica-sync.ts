/**
 * The node's side of Merkle anti-entropy (Dynamo §4.7): now and then a node picks one range it
 * holds and one other home replica of it, and the two walk their trees down from the root,
 * descending only where hashes differ (anti-entropy.ts). Where a differing node holds about one
 * key, the (key, hash) pairs under it are offered, and only the objects of keys that differ travel,
 * each side reconciling what arrives into its store.
 */
import {
  answerCompare,
  answerOffer,
  startExchange,
  supplyWanted,
  type CompareRequest,
  type KeyOffer,
} from './anti-entropy.ts';
import type { KeyRanges } from './key-ranges.ts';
import type { MessageBody } from './messages.ts';
import type { NodeEnv } from './node-env.ts';
import type { Key, NodeId, Version } from './types.ts';

/** An exchange this node started; only the initiator reports it, so each counts once. */
interface Session {
  peer: NodeId;
  rangeId: number;
  /** Objects sent either way so far: every one passes through the initiator's messages. */
  keysSent: number;
  startedAtMs: number;
}

type KeysMessage = Extract<MessageBody, { kind: 'ae.keys' }>;

export class ReplicaSync {
  private nextSession = 1;
  private cursor = 0;
  /** Per range, how many exchanges this node started: the next peer is the next in turn. */
  private readonly turns = new Map<number, number>();
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

  /**
   * The periodic tick: start one exchange for the next held range, with its peers in turn. A random
   * pick each time could miss one replica for long: one that lost its disk holds no key of the
   * range, never starts an exchange for it, and waits for a peer to pick it.
   */
  tick(): void {
    this.abandonStale();
    const held = this.ranges.heldRanges();
    if (held.length === 0) return;
    const rangeId = held[this.cursor++ % held.length] ?? 0;
    const peers = this.ranges.replicasOf(rangeId).filter((n) => n !== this.env.self && this.isReachable(n));
    if (peers.length === 0) return;
    // A range's first exchange goes to a random peer and the next ones to the others in turn. The
    // draw is made every tick, as when every exchange drew its peer, so the node's other random
    // choices (gossip peers, probes) stay what they were for a given seed.
    const first = Math.floor(this.env.prng.next() * peers.length);
    const turn = this.turns.get(rangeId) ?? first;
    this.turns.set(rangeId, turn + 1);
    const peer = peers[turn % peers.length];
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
      this.finish(session, true, compared);
    } else if (step.kind === 'descend') {
      this.env.send(from, { kind: 'ae.compare', session, request: step.request, compared });
    } else {
      this.env.send(from, { kind: 'ae.offer', session, offer: step.offer, compared });
    }
  }

  /** The peer's keys under the nodes it found differing: answer with what differs here. */
  onOffer(from: NodeId, session: string, offer: KeyOffer, comparedBefore: number): void {
    const tree = this.ranges.tree(offer.rangeId);
    const answer = answerOffer(tree, (k) => this.store.read(k), offer);
    this.countKeys(session, answer.entries.length);
    this.env.send(from, {
      kind: 'ae.keys',
      session,
      rangeId: offer.rangeId,
      stage: 'answer',
      entries: answer.entries,
      wants: answer.wants,
      compared: comparedBefore + answer.hashesCompared,
    });
  }

  /** Objects of differing keys arrived: take them; on an answer, send the keys it wants. */
  onKeys(from: NodeId, m: KeysMessage): void {
    const { session, rangeId, entries, compared } = m;
    this.countKeys(session, entries.length);
    for (const [k, versions] of entries) if (versions.length > 0) this.store.write(k, versions);
    if (m.stage === 'answer') {
      const supply = supplyWanted((k) => this.store.read(k), entries, m.wants);
      // The initiator must hear the end of its exchange, so a responder sends even an empty supply.
      if (supply.length > 0 || !this.started(session)) {
        this.countKeys(session, supply.length);
        this.env.send(from, { kind: 'ae.keys', session, rangeId, stage: 'supply', entries: supply, wants: [], compared });
      }
    }
    this.finish(session, false, compared);
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
    this.finish(session, true, compared);
  }

  /** Whether this node started the exchange: session ids are `<initiator>#<n>`. */
  private started(session: string): boolean {
    return session.slice(0, session.lastIndexOf('#')) === this.env.self;
  }

  private countKeys(session: string, objects: number): void {
    const s = this.sessions.get(session);
    if (s) s.keysSent += objects;
  }

  private finish(session: string, inSync: boolean, compared: number): void {
    const s = this.sessions.get(session);
    if (!s) return;
    this.sessions.delete(session);
    this.totals.exchanges++;
    this.totals.hashesCompared += compared;
    this.totals.keysSent += s.keysSent;
    if (inSync) this.totals.inSync++;
    this.env.observe({ type: 'anti-entropy', peer: s.peer, rangeId: s.rangeId, hashesCompared: compared, keysSent: s.keysSent, inSync });
  }
}

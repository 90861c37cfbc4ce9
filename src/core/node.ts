/**
 * A Dynamo storage node (Dynamo §4, §5): driven only by `deliver` (a message arrived), `fire`
 * (a timer fell due) and `admin` (an administrator's membership change), it answers each input
 * with effects (sends, timers, disk writes, observations). Same inputs in the same order give the
 * same effects. A crash is the host discarding the node; recovery is a new node built from the
 * disk image the host kept from the node's `disk` effects.
 */
import { Coordinator, type CoordinatorEnv } from './coordinator.ts';
import type { DiskImage, Effect, Hint, TimerTag } from './effects.ts';
import { FailureDetector } from './failure-detector.ts';
import { Gossip } from './gossip.ts';
import { HintStore } from './hinted-handoff.ts';
import { KeyRanges, rangeOfKey } from './key-ranges.ts';
import { applyRingChange, mergeViews, ringOfView, viewDigest, type MembershipView } from './membership.ts';
import type { Message } from './messages.ts';
import type { NodeConfig } from './node-config.ts';
import { NodeEnv } from './node-env.ts';
import { PutForwarding, type ForwardedPut } from './put-forwarding.ts';
import type { RingState } from './partitioning.ts';
import { homeReplicas } from './preference-list.ts';
import { RangeTransfer } from './range-transfer.ts';
import { ReplicaSync } from './replica-sync.ts';
import { LocalStore, MemoryEngine } from './storage.ts';
import type { Key, NodeId, Prng, Value, VectorClock, Version } from './types.ts';
import { reconcile } from './versions.ts';

export interface NodeInit {
  id: NodeId;
  config: NodeConfig;
  /** What the node starts from: empty for a new node, the kept image after a crash. */
  disk: DiskImage;
  /** The membership view to start with when the disk holds none. */
  membership: MembershipView;
  /** The node's own random stream (`node:<id>`), derived from the run's seed. */
  prng: Prng;
}

/**
 * An administrator's action (§4.8.1): the new ring after an explicit join or leave. `view` is the
 * administrator's membership history with its entry versions; a node merges it, so versions stay
 * those the administrator issued even when the node had not yet heard of earlier changes (applying
 * the bare ring to a view that is behind would reuse a version for different tokens).
 */
export type AdminCommand = { kind: 'set-ring'; ring: RingState; view?: MembershipView };

/** How many hints one scan hands back at most; the rest wait for the next scan. */
const HINTS_PER_SCAN = 64;
/**
 * An anti-entropy exchange takes a few round trips; one still open after this many failure
 * timeouts lost its peer mid-way.
 */
const AE_SESSION_TIMEOUTS = 10;

export class DynamoNode {
  readonly id: NodeId;
  readonly config: NodeConfig;
  private readonly env: NodeEnv;
  private readonly store: LocalStore;
  private readonly hints: HintStore;
  private readonly detector = new FailureDetector();
  private readonly coordinator: Coordinator;
  private readonly ranges: KeyRanges;
  private readonly sync: ReplicaSync;
  private readonly gossip: Gossip;
  private readonly transfer: RangeTransfer;
  private readonly forwarding: PutForwarding;
  private view: MembershipView;
  private hintScanTimer: number | undefined;
  private handedOff = false;
  private probeTimer: number | undefined;

  constructor(init: NodeInit) {
    this.id = init.id;
    this.config = init.config;
    this.env = new NodeEnv(init.id, init.prng);
    this.view = init.disk.membership ?? init.membership;
    const options = { writeMode: init.config.writeMode, bufferCapacity: init.config.bufferCapacity, resolution: init.config.resolution };
    this.store = new LocalStore(new MemoryEngine(init.disk.data), options, (w) =>
      this.env.persist({ store: 'data', key: w.key, versions: w.versions }),
    );
    this.hints = new HintStore(init.disk.hints.values());
    this.ranges = new KeyRanges(
      this.ring(),
      this.id,
      init.config.N,
      { depth: init.config.merkleDepth, fanout: init.config.merkleFanout },
      (k) => this.store.get(k),
    );
    this.ranges.indexAll(this.store.keys());
    const replica = { read: (k: Key) => this.store.get(k), write: (k: Key, v: readonly Version[]) => this.write(k, v) };
    this.coordinator = new Coordinator(
      this.coordinatorEnv({
        read: (k) => this.readWithHints(k),
        write: (k, v, hintFor) => this.storeReplica(k, v, hintFor),
      }),
    );
    this.coordinator.noteCounter(Math.max(this.ownCounterOnDisk(), init.disk.counterCeiling));
    this.coordinator.noteReleased(init.disk.releasedCounters);
    this.forwarding = new PutForwarding(
      this.env,
      init.config.failureTimeoutMs,
      (n) => this.detector.isReachable(n),
      (n) => this.suspect(n),
      (p) => this.coordinator.put(p.opId, p.client, p.key, p.context, p.value),
    );
    this.sync = new ReplicaSync(
      this.env,
      this.ranges,
      replica,
      (n) => this.detector.isReachable(n),
      init.config.failureTimeoutMs * AE_SESSION_TIMEOUTS,
      (n) => this.suspect(n),
    );
    this.gossip = new Gossip(this.env, init.config.seeds, () => this.view, (v) => this.adopt(v));
    this.transfer = new RangeTransfer(this.env, { ...replica, remove: (k) => this.removeKey(k) });
  }

  private coordinatorEnv(local: CoordinatorEnv['local']): CoordinatorEnv {
    const env = this.env;
    return {
      self: this.id,
      config: this.config,
      nowMs: () => env.nowMs(),
      send: (to, body) => env.send(to, body),
      setTimer: (ms, tag) => env.setTimer(ms, tag),
      clearTimer: (id) => env.clearTimer(id),
      observe: (o) => env.observe(o),
      ring: () => this.ring(),
      isReachable: (n) => this.detector.isReachable(n),
      allReachable: () => !this.detector.hasSuspects(),
      markUnreachable: (n) => this.suspect(n),
      local,
      answer: (_opId, client, body) => env.send(client, body),
      reserveCounters: (ceiling) => env.persist({ store: 'counter', above: ceiling }),
      releaseCounter: (key, counter) => env.persist({ store: 'released', key, counter }),
    };
  }

  ring(): RingState {
    return ringOfView(this.view);
  }

  membership(): MembershipView {
    return this.view;
  }

  /** Starts the node's periodic work: gossip, anti-entropy, the writer, the hint scan. */
  start(nowMs: number): Effect[] {
    this.env.begin(nowMs);
    const jitter = (periodMs: number): number => Math.floor(this.env.prng.next() * periodMs) + 1;
    if (this.config.gossip) this.env.setTimer(jitter(this.config.gossipIntervalMs), { kind: 'gossip' });
    this.env.setTimer(jitter(this.config.antiEntropyIntervalMs), { kind: 'anti-entropy' });
    if (this.config.writeMode === 'buffered') this.env.setTimer(this.config.flushIntervalMs, { kind: 'buffer-flush' });
    if (this.hints.size > 0) this.scheduleHintScan();
    return this.env.drain();
  }

  deliver(message: Message, nowMs: number): Effect[] {
    this.env.begin(nowMs);
    if (this.detector.heardFrom(message.from)) {
      this.env.observe({ type: 'reachability', peer: message.from, reachable: true });
    }
    this.handle(message);
    return this.env.drain();
  }

  fire(timerId: number, nowMs: number): Effect[] {
    this.env.begin(nowMs);
    const tag = this.env.takeTimer(timerId);
    if (tag) this.onTimer(tag);
    return this.env.drain();
  }

  admin(command: AdminCommand, nowMs: number): Effect[] {
    this.env.begin(nowMs);
    if (command.view === undefined) this.adopt(applyRingChange(this.view, command.ring));
    else {
      const { view, changed } = mergeViews(this.view, command.view);
      if (changed) this.adopt(view);
    }
    return this.env.drain();
  }

  private handle(m: Message): void {
    switch (m.kind) {
      case 'client.put':
        return this.onClientPut(m.from, m.opId, m.key, m.context, m.value);
      case 'put.forward':
        this.env.send(m.from, { kind: 'put.forward-ack', forwardId: m.forwardId });
        return this.coordinator.put(m.opId, m.client, m.key, m.context, m.value);
      case 'put.forward-ack':
        return this.forwarding.onAck(m.forwardId);
      case 'client.get':
        return this.coordinator.get(m.opId, m.from, m.key);
      case 'put.replica':
        return this.onReplicaPut(m.from, m.reqId, m.key, m.versions, m.hintFor);
      case 'put.replica-ack':
        return this.coordinator.onPutAck(m.from, m.reqId);
      case 'get.replica':
        return this.env.send(m.from, { kind: 'get.replica-reply', reqId: m.reqId, key: m.key, versions: this.readWithHints(m.key) });
      case 'get.replica-reply':
        return this.coordinator.onGetReply(m.from, m.reqId, m.versions);
      case 'read-repair':
        return this.storeReplica(m.key, m.versions, m.hintFor);
      case 'hint.deliver':
        this.write(m.key, m.versions);
        return this.env.send(m.from, { kind: 'hint.ack', hintId: m.hintId, revision: m.revision });
      case 'hint.ack':
        return this.onHintAck(m.hintId, m.revision);
      case 'ae.compare':
        return this.sync.onCompare(m.from, m.session, m.request, m.compared);
      case 'ae.offer':
        return this.sync.onOffer(m.from, m.session, m.offer, m.compared);
      case 'ae.keys':
        return this.sync.onKeys(m.from, m);
      case 'ae.in-sync':
        return this.sync.onInSync(m.session, m.compared);
      case 'gossip.push':
        return this.gossip.onPush(m.from, m.view);
      case 'gossip.reply':
        return this.gossip.onReply(m.view);
      case 'fd.ping':
        return this.env.send(m.from, { kind: 'fd.pong' });
      case 'fd.pong':
        return;
      case 'transfer.offer':
        return this.env.send(m.from, { kind: 'transfer.accept', transferId: m.transferId });
      case 'transfer.accept':
        return this.transfer.onAccept(m.transferId);
      case 'transfer.data':
        return this.transfer.onData(m.from, m.transferId, m.entries, (k) => this.isMisplaced(k));
      case 'transfer.done':
        this.transfer.onDone(m.transferId, (k) => this.isMisplaced(k), m.declined ?? []);
        return this.checkHandedOff();
      case 'client.put-reply':
      case 'client.get-reply':
        return;
    }
  }

  /**
   * §4.5: a put is coordinated by one of the key's top N nodes; a node outside them forwards it
   * to the first one that confirms, or, when none does, coordinates it itself (sloppy quorum).
   */
  private onClientPut(client: NodeId, opId: number, key: Key, context: VectorClock, value: Value): void {
    const homes = homeReplicas(this.ring(), key, this.config.N);
    if (homes.includes(this.id)) return this.coordinator.put(opId, client, key, context, value);
    const put: ForwardedPut = { opId, client, key, context, value };
    this.forwarding.forward(put, homes);
  }

  /** A replica write (§4.5). */
  private onReplicaPut(from: NodeId, reqId: number, key: Key, versions: readonly Version[], hintFor: NodeId | undefined): void {
    this.storeReplica(key, versions, hintFor);
    this.env.send(from, { kind: 'put.replica-ack', reqId, key });
  }

  /** A replica kept for another node goes to the separate hint store, never the node's own (§4.6). */
  private storeReplica(key: Key, versions: readonly Version[], hintFor: NodeId | undefined): void {
    if (hintFor === undefined || hintFor === this.id) return this.write(key, versions);
    const hint = this.hints.add(key, hintFor, versions, this.env.nowMs());
    this.env.persist({ store: 'hints', hintId: hint.hintId, hint });
    this.env.observe({ type: 'hint.stored', hintId: hint.hintId, key, intendedFor: hintFor });
    this.scheduleHintScan();
  }

  /** The largest counter of this node's own clock entries in what it kept (store and hints). */
  private ownCounterOnDisk(): number {
    let max = 0;
    const scan = (versions: readonly Version[]): void => {
      for (const v of versions) for (const e of v.clock) if (e.node === this.id && e.counter > max) max = e.counter;
    };
    for (const key of this.store.keys()) scan(this.store.get(key));
    for (const hint of this.hints.all()) scan(hint.versions);
    return max;
  }

  private readWithHints(key: Key): readonly Version[] {
    const own = this.store.get(key);
    if (this.hints.size === 0) return own;
    const hinted = this.hints.versionsFor(key);
    return hinted.length === 0 ? own : reconcile([...own, ...hinted]);
  }

  /** Every local write goes through here so the key's Merkle tree stays current. */
  private write(key: Key, versions: readonly Version[]): void {
    const result = this.store.apply(key, versions);
    if (!result.changed) return;
    this.ranges.changed(key, result.versions);
    this.env.observe({ type: 'stored', key, versions: result.versions.length });
  }

  private removeKey(key: Key): void {
    this.coordinator.forget(key, this.store.get(key));
    this.store.remove(key);
    this.ranges.changed(key, []);
  }

  private onTimer(tag: TimerTag): void {
    switch (tag.kind) {
      case 'request-timeout':
      case 'read-repair-window':
        return this.coordinator.onTimer(tag);
      case 'forward-timeout':
        return this.forwarding.onTimeout(tag.forwardId);
      case 'gossip':
        this.gossip.tick();
        // Keys a new home declined, not knowing the change yet, go again as the news spreads (§4.9).
        if (this.transfer.awaitingViews) {
          this.rebalance();
          this.checkHandedOff();
        }
        this.env.setTimer(this.config.gossipIntervalMs, { kind: 'gossip' });
        return;
      case 'anti-entropy':
        if (this.config.antiEntropy) this.sync.tick();
        this.rebalance();
        this.checkHandedOff();
        this.env.setTimer(this.config.antiEntropyIntervalMs, { kind: 'anti-entropy' });
        return;
      case 'buffer-flush': {
        const objects = this.store.flush();
        if (objects > 0) this.env.observe({ type: 'buffer-flush', objects });
        this.env.setTimer(this.config.flushIntervalMs, { kind: 'buffer-flush' });
        return;
      }
      case 'hint-scan':
        this.hintScanTimer = undefined;
        return this.scanHints();
      case 'fd-probe':
        this.probeTimer = undefined;
        for (const peer of this.detector.suspects()) this.env.send(peer, { kind: 'fd.ping' });
        if (this.detector.hasSuspects()) this.scheduleProbe();
        return;
    }
  }

  /**
   * §4.6: hand hinted replicas back to owners that are reachable. An owner that left a delivery
   * unanswered is suspected, so the node probes it instead of resending every scan (§4.8.3).
   */
  private scanHints(): void {
    this.adoptOrphanedHints();
    const { hintScanIntervalMs, failureTimeoutMs } = this.config;
    const now = this.env.nowMs();
    for (const owner of this.hints.takeSilentOwners(now, failureTimeoutMs)) this.suspect(owner);
    const due = this.hints.deliverable((n) => this.detector.isReachable(n) && n !== this.id, now, hintScanIntervalMs * 2, HINTS_PER_SCAN);
    for (const hint of due) {
      this.env.send(hint.intendedFor, { kind: 'hint.deliver', hintId: hint.hintId, revision: hint.revision ?? 0, key: hint.key, versions: hint.versions });
    }
    if (this.hints.size > 0) this.scheduleHintScan();
  }

  private onHintAck(hintId: string, revision: number): void {
    const hint = this.hints.acknowledge(hintId, revision);
    if (!hint) return;
    this.coordinator.forget(hint.key, hint.versions);
    this.env.persist({ store: 'hints', hintId, hint: null });
    this.env.observe({ type: 'hint.delivered', hintId, key: hint.key, intendedFor: hint.intendedFor });
    this.checkHandedOff();
  }

  /**
   * A hint whose owner has left the ring can never be handed back: its versions join this node's
   * own store, and range transfer takes them to the key's current home replicas (§4.9).
   */
  private adoptOrphanedHints(): void {
    for (const hint of this.hints.all()) {
      if (this.view.members[hint.intendedFor]?.status !== 'left') continue;
      this.write(hint.key, hint.versions);
      this.hints.acknowledge(hint.hintId, hint.revision ?? 0);
      this.env.persist({ store: 'hints', hintId: hint.hintId, hint: null });
      this.env.observe({ type: 'hint.delivered', hintId: hint.hintId, key: hint.key, intendedFor: hint.intendedFor });
    }
  }

  /** §4.9: a node that left keeps running only until every key and hint it held is elsewhere. */
  private checkHandedOff(): void {
    if (this.handedOff || this.view.members[this.id]?.status !== 'left') return;
    if (this.store.size() > 0 || this.hints.size > 0 || this.transfer.pending > 0) return;
    this.handedOff = true;
    this.env.observe({ type: 'handed-off' });
  }

  private scheduleHintScan(): void {
    if (this.hintScanTimer === undefined) {
      this.hintScanTimer = this.env.setTimer(this.config.hintScanIntervalMs, { kind: 'hint-scan' });
    }
  }

  private scheduleProbe(): void {
    if (this.probeTimer === undefined) {
      this.probeTimer = this.env.setTimer(this.config.probeIntervalMs, { kind: 'fd-probe' });
    }
  }

  /** §4.8.3: a peer that did not answer in time is routed around and retried periodically. */
  private suspect(peer: NodeId): void {
    if (!this.detector.markUnreachable(peer, this.env.nowMs())) return;
    this.env.observe({ type: 'reachability', peer, reachable: false });
    this.scheduleProbe();
  }

  /** A new membership view (gossip or an administrator): persist it and move data as needed. */
  private adopt(view: MembershipView): void {
    this.view = view;
    this.env.persist({ store: 'membership', view });
    this.env.observe({ type: 'membership', version: viewDigest(view), members: this.ring().nodes.length });
    this.ranges.setRing(this.ring(), this.store.keys());
    this.transfer.settle((k) => this.isMisplaced(k));
    this.transfer.dropTargets((n) => view.members[n]?.status !== 'up');
    this.rebalance();
  }

  private isMisplaced(key: Key): boolean {
    return !homeReplicas(this.ring(), key, this.config.N).includes(this.id);
  }

  /** §4.9: offer keys this node is no longer a home replica of to their home replicas. */
  private rebalance(): void {
    const ring = this.ring();
    if (ring.nodes.length < this.config.N) return;
    const misplaced = new Map<Key, readonly NodeId[]>();
    this.ranges.forEachKey((key) => {
      const homes = homeReplicas(ring, key, this.config.N);
      if (!homes.includes(this.id)) misplaced.set(key, homes);
    });
    if (misplaced.size > 0) this.transfer.rebalance(misplaced);
  }

  // ── Inspection (for the views, checkers and tests; changes nothing) ─────────────────────────

  read(key: Key): readonly Version[] {
    return this.store.get(key);
  }

  keys(): Key[] {
    return this.store.keys();
  }

  hintList(): Hint[] {
    return this.hints.all();
  }

  inspect(): NodeSnapshot {
    return {
      id: this.id,
      keys: this.store.size(),
      buffered: this.store.bufferedCount(),
      hints: this.hints.size,
      unreachable: this.detector.suspects(),
      unreachableSinceMs: this.detector.suspectedSince(),
      membershipDigest: viewDigest(this.view),
      members: this.ring().nodes.map((n) => n.id),
      requests: this.coordinator.describe(),
      antiEntropy: { ...this.sync.totals },
      antiEntropySessions: this.sync.openSessions,
      gossipRounds: this.gossip.rounds,
      transfersPending: this.transfer.pending,
      keysHandedOff: this.transfer.keysHandedOff,
      merkleTreesRebuilt: this.ranges.treesRebuilt,
    };
  }

  /** A key's versions, hints and Merkle range on this node, for the key inspector. */
  inspectKey(key: Key): KeySnapshot {
    const rangeId = rangeOfKey(this.ring(), key);
    const held = this.ranges.holds(rangeId);
    return {
      versions: this.store.get(key),
      hints: this.hints.all().filter((h) => h.key === key),
      rangeId,
      merkleRoot: held ? this.ranges.tree(rangeId).root() : undefined,
    };
  }
}

export interface NodeSnapshot {
  id: NodeId;
  keys: number;
  buffered: number;
  hints: number;
  unreachable: NodeId[];
  /** The same peers with the virtual time this node found each unresponsive (§4.8.3). */
  unreachableSinceMs: Record<NodeId, number>;
  membershipDigest: string;
  members: NodeId[];
  requests: ReturnType<Coordinator['describe']>;
  antiEntropy: ReplicaSync['totals'];
  /** Exchanges this node started that are still open. */
  antiEntropySessions: number;
  gossipRounds: number;
  transfersPending: number;
  keysHandedOff: number;
  merkleTreesRebuilt: number;
}

export interface KeySnapshot {
  versions: readonly Version[];
  hints: Hint[];
  /** The key range (partition or token range) the key falls in, and this node's tree root for it. */
  rangeId: number;
  merkleRoot: string | undefined;
}

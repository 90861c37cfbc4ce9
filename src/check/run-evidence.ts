/**
 * What the checkers know about a run beyond its final state (Dynamo §4.5–§4.7, §6.1): a NodeHost
 * wrapper that watches every input and effect — replica acks and replies reaching coordinators,
 * the request machines' observations, the replies clients got, every version and who ever held
 * it, when a node let a key go, crashes and lost disks. It changes nothing: the world runs exactly as without it, so the
 * trace hash is the same.
 */
import type { DiskImage, Effect, Observation } from '../core/effects.ts';
import type { MessageBody } from '../core/messages.ts';
import type { KeySnapshot, NodeSnapshot } from '../core/node.ts';
import type { Key, NodeId, Version } from '../core/types.ts';
import { stampKey, valueKey, type CausalStamp } from '../core/versions.ts';
import type { HostCheckpoint, MaybePromise, NodeHost, NodeInput, NodeSpec } from '../sim/node-host.ts';
import type { InProcessHost } from '../runtime/in-process-host.ts';

/** A request machine's first answering observation (§4.5): what it had when it answered. */
export interface AnsweredRequest {
  node: NodeId;
  incarnation: number;
  atMs: number;
  observation: Extract<Observation, { type: 'request' }>;
  /** Nodes whose ack (put) or reply (get) for this request had reached the coordinator by then. */
  evidence: readonly NodeId[];
}

/** A reply a coordinator sent a client, ok or not. */
export interface ClientReply {
  node: NodeId;
  incarnation: number;
  op: 'get' | 'put';
  opId: number;
  ok: boolean;
  atMs: number;
}

/** A time some node held some versions of a key: in its store, its disk, a hint, or its buffer. */
export interface HeldEvent {
  node: NodeId;
  atMs: number;
  /** The held versions' clocks and dots (what orders them, versions.ts). */
  stamps: readonly CausalStamp[];
  /** On disk (store or hint store): survives a crash that keeps the disk. */
  durable: boolean;
  /** Where the node keeps it: 'data' (its own store, also copies not yet on disk) or a hint's id. */
  store: string;
  /** Position among every recorded event, to order events within one virtual millisecond. */
  seq: number;
}

/** A node letting a key go (§4.6 a delivered hint, §4.9 a key handed off): it holds nothing there any more. */
export interface ReleaseEvent {
  node: NodeId;
  atMs: number;
  /** 'data' (its own store) or the id of the hint it deleted. */
  store: string;
  seq: number;
  /**
   * When the confirmation it acted on was sent (the owner's hint ack, the new home's transfer done),
   * else its own `seq`: what the node let go was held elsewhere then, whatever befell it since.
   */
  basisSeq: number;
}

/** A version the run created, the first time it was seen anywhere. */
export interface SeenVersion {
  version: Version;
  firstAtMs: number;
}

export interface LifeEvent {
  node: NodeId;
  atMs: number;
  kind: 'crash' | 'disk-loss' | 'start';
  seq: number;
}

export class RunEvidence implements NodeHost {
  readonly kind: NodeHost['kind'];
  readonly answered: AnsweredRequest[] = [];
  readonly replies: ClientReply[] = [];
  readonly life: LifeEvent[] = [];
  /** Key → every version seen, by identity (clock, value, time, writer). */
  readonly versions = new Map<Key, Map<string, SeenVersion>>();
  /** Key → when which node held which versions (by clock and dot). */
  readonly held = new Map<Key, HeldEvent[]>();
  /** Key → when which node dropped it from its store or deleted its hint for it. */
  readonly released = new Map<Key, ReleaseEvent[]>();
  /** Node → the keys its store holds by this record (held in 'data' and not released since). */
  private readonly dataKeys = new Map<NodeId, Set<Key>>();
  /** Anti-entropy keys moved and store changes since `markWindow`, for "further rounds transfer nothing". */
  window = { sinceMs: 0, antiEntropyKeys: 0, stores: 0, hintDeliveries: 0 };
  private readonly incarnations = new Map<NodeId, number>();
  /** `${node}#${incarnation}:${reqId}` → nodes whose answer arrived. */
  private readonly arrived = new Map<string, Set<NodeId>>();
  private readonly answeredIds = new Set<string>();
  /** A confirmation on its way (`confirmationKey`) → the seq when its sender sent it. */
  private readonly confirmations = new Map<string, number>();
  /** While an input that delivers a confirmation is recorded: when it was sent. */
  private basisSeq: number | undefined;
  private nowMs: () => number = () => 0;
  private seq = 0;

  /**
   * The nodes run in this process: after each input the recorder reads what the node's store now
   * holds for a key it stored (a buffered write shows no disk effect, and a coordinator that is its
   * key's only target sends no copy either).
   */
  constructor(private readonly inner: InProcessHost) {
    this.kind = inner.kind;
  }

  /** Where the recorder reads virtual time; the world's clock once the world exists. */
  useClock(nowMs: () => number): void {
    this.nowMs = nowMs;
  }

  markWindow(): void {
    this.window = { sinceMs: this.nowMs(), antiEntropyKeys: 0, stores: 0, hintDeliveries: 0 };
  }

  incarnationOf(node: NodeId): number {
    return this.incarnations.get(node) ?? 0;
  }

  // ── NodeHost, passed through ─────────────────────────────────────────────────────────────────

  create(spec: NodeSpec): MaybePromise<void> {
    return this.inner.create(spec);
  }

  dispatch(inputs: readonly NodeInput[]): Effect[][] {
    // One input at a time, as the host runs them anyway, so each store read follows its own input.
    return inputs.map((input) => {
      const effects = this.inner.dispatch([input])[0] ?? [];
      this.record(input, effects);
      return effects;
    });
  }

  crash(node: NodeId, options: { loseDisk: boolean }): MaybePromise<void> {
    const atMs = this.nowMs();
    this.life.push({ node, atMs, kind: 'crash', seq: this.seq++ });
    if (options.loseDisk) this.life.push({ node, atMs, kind: 'disk-loss', seq: this.seq++ });
    return this.inner.crash(node, options);
  }

  inspect(node: NodeId): MaybePromise<NodeSnapshot> {
    return this.inner.inspect(node);
  }
  inspectKey(node: NodeId, key: Key): MaybePromise<KeySnapshot> {
    return this.inner.inspectKey(node, key);
  }
  disk(node: NodeId): DiskImage | undefined {
    return this.inner.disk(node);
  }
  keys(node: NodeId): MaybePromise<Key[]> {
    return this.inner.keys(node);
  }
  read(node: NodeId, key: Key): MaybePromise<readonly Version[]> {
    return this.inner.read(node, key);
  }
  checkpoint(): MaybePromise<HostCheckpoint> {
    return this.inner.checkpoint();
  }
  /** The evidence is a record of one straight run: it cannot be wound back with the nodes. */
  restore(): never {
    throw new Error('RunEvidence: a recorded run cannot go back to a checkpoint; replay it from its seed');
  }
  dispose(): MaybePromise<void> {
    return this.inner.dispose();
  }

  // ── Recording ────────────────────────────────────────────────────────────────────────────────

  private record(input: NodeInput, effects: readonly Effect[]): void {
    const atMs = input.atMs;
    if (input.kind === 'start') {
      const prior = this.incarnations.get(input.node);
      this.incarnations.set(input.node, prior === undefined ? 0 : prior + 1);
      this.life.push({ node: input.node, atMs, kind: 'start', seq: this.seq++ });
    } else if (input.kind === 'deliver') {
      this.onDeliver(input.node, input.message, atMs);
      const key = confirmationKey(input.node, input.message);
      if (key !== undefined) this.basisSeq = this.confirmations.get(key);
    }
    for (const e of effects) this.onEffect(input.node, e, atMs);
    this.basisSeq = undefined;
  }

  private requestId(node: NodeId, reqId: number): string {
    return `${node}#${this.incarnationOf(node)}:${reqId}`;
  }

  private onDeliver(
    node: NodeId,
    m: Extract<NodeInput, { kind: 'deliver' }>['message'],
    atMs: number,
  ): void {
    switch (m.kind) {
      case 'put.replica-ack':
      case 'get.replica-reply': {
        const id = this.requestId(node, m.reqId);
        let set = this.arrived.get(id);
        if (!set) this.arrived.set(id, (set = new Set()));
        set.add(m.from);
        return;
      }
      case 'put.replica':
      case 'read-repair':
        this.see(m.key, m.versions, atMs);
        // A hinted copy goes to the hint store, which is persisted at once (a disk effect).
        if (m.hintFor === undefined || m.hintFor === node)
          this.hold(node, m.key, m.versions, atMs, false, 'data');
        return;
      case 'hint.deliver':
        this.see(m.key, m.versions, atMs);
        this.hold(node, m.key, m.versions, atMs, false, 'data');
        return;
      case 'transfer.data':
      case 'ae.keys':
        for (const [key, versions] of m.entries) {
          this.see(key, versions, atMs);
          this.hold(node, key, versions, atMs, false, 'data');
        }
        return;
      default:
        return;
    }
  }

  private onEffect(node: NodeId, e: Effect, atMs: number): void {
    if (e.kind === 'disk') {
      const op = e.op;
      if (op.store === 'data') {
        this.see(op.key, op.versions, atMs);
        if (op.versions.length === 0) this.release(node, op.key, atMs, 'data');
        else this.hold(node, op.key, op.versions, atMs, true, 'data');
      } else if (op.store === 'hints' && op.hint) {
        this.see(op.hint.key, op.hint.versions, atMs);
        this.hold(node, op.hint.key, op.hint.versions, atMs, true, op.hintId);
      } else if (op.store === 'hints') {
        this.release(node, hintKey(op.hintId), atMs, op.hintId);
      }
      return;
    }
    if (e.kind === 'send') {
      const body = e.body;
      const confirmation = confirmationKey(e.to, body);
      if (confirmation !== undefined) this.confirmations.set(confirmation, this.seq++);
      if (body.kind === 'put.replica') {
        // A fallback coordinating for down homes sends copies it does not hold itself.
        this.see(body.key, body.versions, atMs);
      } else if (body.kind === 'client.put-reply' || body.kind === 'client.get-reply') {
        this.replies.push({
          node,
          incarnation: this.incarnationOf(node),
          op: body.kind === 'client.put-reply' ? 'put' : 'get',
          opId: body.opId,
          ok: body.ok,
          atMs,
        });
      }
      return;
    }
    if (e.kind === 'observe') {
      const o = e.observation;
      if (o.type === 'transfer' && o.phase === 'done' && o.keys > 0) this.noteDropped(node, atMs);
      if (o.type === 'stored') {
        // What the store holds for the key now: a coordinator's own write, a local read repair or a
        // buffered write is in the node's store before (or without) any disk effect or send.
        const versions = this.inner.read(node, o.key);
        this.see(o.key, versions, atMs);
        this.hold(node, o.key, versions, atMs, false, 'data');
      }
      this.onObservation(node, o, atMs);
    }
  }

  private onObservation(node: NodeId, o: Observation, atMs: number): void {
    if (o.type === 'anti-entropy') this.window.antiEntropyKeys += o.keysSent;
    else if (o.type === 'stored') this.window.stores++;
    else if (o.type === 'hint.delivered') this.window.hintDeliveries++;
    else if (
      o.type === 'request' &&
      (o.state === 'succeeded' || o.state === 'read-repairing' || o.state === 'done')
    ) {
      const id = this.requestId(node, o.reqId);
      if (this.answeredIds.has(id)) return;
      this.answeredIds.add(id);
      this.answered.push({
        node,
        incarnation: this.incarnationOf(node),
        atMs,
        observation: o,
        evidence: [...(this.arrived.get(id) ?? [])],
      });
    }
  }

  private see(key: Key, versions: readonly Version[], atMs: number): void {
    let seen = this.versions.get(key);
    if (!seen) this.versions.set(key, (seen = new Map<string, SeenVersion>()));
    for (const v of versions) {
      const id = versionIdentity(v);
      if (!seen.has(id)) seen.set(id, { version: v, firstAtMs: atMs });
    }
  }

  private hold(
    node: NodeId,
    key: Key,
    versions: readonly Version[],
    atMs: number,
    durable: boolean,
    store: HeldEvent['store'],
  ): void {
    if (versions.length === 0) return;
    let list = this.held.get(key);
    if (!list) this.held.set(key, (list = []));
    if (store === 'data') {
      let keys = this.dataKeys.get(node);
      if (!keys) this.dataKeys.set(node, (keys = new Set()));
      keys.add(key);
    }
    const stamps = versions.map(({ clock, dot }) => ({ clock, dot }));
    list.push({ node, atMs, stamps, durable, store, seq: this.seq++ });
  }

  /**
   * A confirmed transfer let the node drop keys (§4.9). A key held on disk leaves a disk effect;
   * one held only in the write buffer (§6.1) leaves none, so the recorder reads the store for
   * every key the node holds by its record and releases those now gone.
   */
  private noteDropped(node: NodeId, atMs: number): void {
    for (const key of this.dataKeys.get(node) ?? []) {
      if (this.inner.read(node, key).length === 0) this.release(node, key, atMs, 'data');
    }
  }

  private release(node: NodeId, key: Key, atMs: number, store: ReleaseEvent['store']): void {
    if (store === 'data') this.dataKeys.get(node)?.delete(key);
    let list = this.released.get(key);
    if (!list) this.released.set(key, (list = []));
    const seq = this.seq++;
    list.push({ node, atMs, store, seq, basisSeq: this.basisSeq ?? seq });
  }
}

/**
 * Names a message that confirms the receiver may let something go — an owner's hint ack (§4.6), a
 * new home's transfer done (§4.9) — by receiver and content; undefined for any other message.
 */
function confirmationKey(to: NodeId, body: MessageBody): string | undefined {
  if (body.kind === 'hint.ack') return `${to}|hint.ack|${body.hintId}|${body.revision}`;
  if (body.kind === 'transfer.done') return `${to}|transfer.done|${body.transferId}`;
  return undefined;
}

/** The key a hint is for: hint ids are `<owner>/<key>` (hinted-handoff.ts). */
function hintKey(hintId: string): Key {
  return hintId.slice(hintId.indexOf('/') + 1);
}

/** A version's identity: two writes never share one unless a coordinator reissued a clock. */
export function versionIdentity(v: Version): string {
  return `${stampKey(v)}=${valueKey(v.value)}@${v.writtenAtMs}/${v.writer}`;
}

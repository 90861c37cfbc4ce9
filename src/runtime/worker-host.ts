/**
 * Nodes in workers, one each (design.md "Hosts"), over any platform's workers: a batch sends every
 * node its inputs as one plain message and awaits all replies, so nodes run in parallel while the
 * scheduler alone decides order. The host keeps each disk image from the `disk` effects, so a crash
 * (terminating the worker) loses memory and write buffer for real, and recovery starts a fresh
 * worker from the kept image. A worker that throws or dies faults only its own node.
 */
import type { Remote } from 'comlink';
import { emptyDiskImage, type DiskImage, type Effect } from '../core/effects.ts';
import type { Key, NodeId, Version } from '../core/types.ts';
import type { HostCheckpoint, NodeHost, NodeInput, NodeSpec } from '../sim/node-host.ts';
import { internedFor, keepInterned, type MemoryImage } from '../core/memory-image.ts';
import { copyDisks, keepDisk, putBackDisks } from './in-process-host.ts';
import { keptViews, ViewCarrier, type CarriedViews } from './view-carrier.ts';
import type { MembershipView } from '../core/membership.ts';
import {
  describeError,
  NodeFaultedError,
  NodeStoppedError,
  type BatchReply,
  type InjectedFault,
  type NodeWorkerControl,
  type RunBatch,
} from './node-worker-protocol.ts';

/** The event half of a node worker's channel, reduced to what the host needs. */
export interface EventPort {
  post(batch: RunBatch): void;
  listen(listener: (reply: BatchReply) => void): void;
  close(): void;
}

/** One node worker as a platform adapter spawns it. */
export interface NodeWorkerEndpoint {
  readonly control: Remote<NodeWorkerControl>;
  readonly events: EventPort;
  /** The platform's id for the worker (Node's threadId; a counter in the browser). */
  readonly workerId: number;
  /** Hands the worker its event port; rejects or never settles if the worker failed to load. */
  connect(): Promise<void>;
  /** The one listener for the worker dying on its own: an uncaught error, a load failure, an exit. */
  onFault(listener: (detail: string) => void): void;
  /** Stops the worker for real; resolves once it is gone. */
  terminate(): Promise<void>;
}

export type SpawnNodeWorker = (node: NodeId, options: { faultInjection: boolean }) => NodeWorkerEndpoint;

export interface WorkerHostOptions {
  /** Lets tests break a node worker through `injectFault`; off by default. */
  faultInjection?: boolean;
}

interface Waiting {
  resolve: (effects: Effect[][]) => void;
  reject: (error: Error) => void;
}

/** One live (or faulted) node worker and the calls waiting on it. */
class NodeWorkerSlot {
  readonly node: NodeId;
  readonly endpoint: NodeWorkerEndpoint;
  fault: NodeFaultedError | undefined;
  /** Rejects when the worker faults or is stopped: every call races it, so none can hang. */
  readonly gone: Promise<never>;
  private endGone!: (error: Error) => void;
  private stopped = false;
  private nextSeq = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** Membership views crossing this worker's event port. */
  private readonly views: ViewCarrier;
  /** The host dropped the views it kept: the next batch tells the worker to carry them again. */
  forgetViews = false;
  private readonly reportFault: (error: NodeFaultedError) => void;

  constructor(
    node: NodeId,
    endpoint: NodeWorkerEndpoint,
    views: Map<string, MembershipView>,
    reportFault: (error: NodeFaultedError) => void,
  ) {
    this.node = node;
    this.views = new ViewCarrier(views);
    this.endpoint = endpoint;
    this.reportFault = reportFault;
    this.gone = new Promise<never>((_, reject) => (this.endGone = reject));
    this.gone.catch(() => undefined);
    endpoint.onFault((detail) => this.fail(detail));
    endpoint.events.listen((reply) => this.receive(reply));
  }

  waitingForReplies(): boolean {
    return this.waiting.size > 0;
  }

  call<T>(pending: Promise<T>): Promise<T> {
    return Promise.race([pending, this.gone]);
  }

  run(inputs: NodeInput[]): Promise<Effect[][]> {
    if (this.fault) return Promise.reject(this.fault);
    if (this.stopped) return Promise.reject(new NodeStoppedError(this.node));
    const seq = this.nextSeq++;
    const done = new Promise<Effect[][]>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    const carried: CarriedViews = [];
    const batch: RunBatch = { type: 'run', seq, inputs: this.views.encodeInputs(inputs, carried) };
    if (carried.length > 0) batch.views = carried;
    if (this.forgetViews) batch.forgetViews = true;
    this.forgetViews = false;
    this.endpoint.events.post(batch);
    return done;
  }

  private receive(reply: BatchReply): void {
    if (reply.type === 'failed') return this.fail(reply.error);
    const waiting = this.waiting.get(reply.seq);
    this.waiting.delete(reply.seq);
    if (reply.forgetViews) this.views.forgetHeld();
    this.views.receive(reply.views);
    let effects: Effect[][];
    try {
      effects = this.views.decodeEffects(reply.effects);
    } catch (error) {
      return this.fail(describeError(error));
    }
    waiting?.resolve(effects);
  }

  /** The node's worker broke: its node's memory may be half-updated, so the worker is ended too. */
  fail(detail: string): void {
    if (this.fault || this.stopped) return;
    this.fault = new NodeFaultedError(this.node, detail);
    this.end(this.fault);
    this.reportFault(this.fault);
    void this.endpoint.terminate().catch(() => undefined);
  }

  stop(): Promise<void> {
    if (!this.stopped && !this.fault) this.end(new NodeStoppedError(this.node));
    this.stopped = true;
    return this.endpoint.terminate();
  }

  private end(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
    this.endGone(error);
    this.endpoint.events.close();
  }
}

export class WorkerHost implements NodeHost {
  readonly kind = 'worker' as const;
  private readonly spawn: SpawnNodeWorker;
  private readonly faultInjection: boolean;
  private readonly slots = new Map<NodeId, NodeWorkerSlot>();
  private readonly disks = new Map<NodeId, DiskImage>();
  private readonly specs = new Map<NodeId, NodeSpec>();
  /** Interned values (views) the workers' images carried; a worker carries each key once. */
  private readonly interned = new Map<string, unknown>();
  private readonly faultListeners = new Set<(error: NodeFaultedError) => void>();
  /** Membership views that crossed any worker's event port, by key (view-carrier.ts). */
  private readonly views = new Map<string, MembershipView>();

  constructor(spawn: SpawnNodeWorker, options: WorkerHostOptions = {}) {
    this.spawn = spawn;
    this.faultInjection = options.faultInjection ?? false;
  }

  /** Hears every node fault (also those between batches); returns the way to stop listening. */
  onFault(listener: (error: NodeFaultedError) => void): () => void {
    this.faultListeners.add(listener);
    return () => this.faultListeners.delete(listener);
  }

  /** Starts a fresh worker for the node, replacing any old one, from the disk image kept here. */
  async create(spec: NodeSpec): Promise<void> {
    let disk = this.disks.get(spec.id);
    if (!disk) this.disks.set(spec.id, (disk = emptyDiskImage()));
    const slot = await this.freshSlot(spec);
    // Posting the image structured-clones it: the new worker cannot alias the disk kept here.
    await slot.call(slot.endpoint.control.create(spec, disk));
  }

  /** Starts a worker for the node, replacing any old one; the caller gives it a node. */
  private async freshSlot(spec: NodeSpec): Promise<NodeWorkerSlot> {
    this.specs.set(spec.id, spec);
    const old = this.slots.get(spec.id);
    if (old) {
      this.slots.delete(spec.id);
      await old.stop();
    }
    const endpoint = this.spawn(spec.id, { faultInjection: this.faultInjection });
    const slot = new NodeWorkerSlot(spec.id, endpoint, this.views, (error) => this.reportFault(error));
    this.slots.set(spec.id, slot);
    await slot.call(endpoint.connect());
    return slot;
  }

  /** Each live node's worker images its node; the disks kept here are copied. */
  async checkpoint(): Promise<HostCheckpoint> {
    const live = [...this.slots].filter(([, slot]) => !slot.fault);
    const carried = await Promise.all(live.map(([id]) => this.ask(id, (control) => control.image())));
    const images = carried.map((image) => keepInterned(this.interned, image));
    return {
      disks: copyDisks(this.disks),
      nodes: live.map(([id], i) => ({ spec: this.specOf(id), image: images[i] as MemoryImage })),
      interned: new Map(this.interned),
    };
  }

  /**
   * Back to a checkpoint: a node's running worker takes its node back from the image; a node
   * without a healthy worker gets a new one; a worker whose node was not live then is ended.
   */
  async restore(checkpoint: HostCheckpoint): Promise<void> {
    const wanted = new Set(checkpoint.nodes.map((n) => n.spec.id));
    const gone = [...this.slots].filter(([id]) => !wanted.has(id));
    for (const [id] of gone) this.slots.delete(id);
    await Promise.allSettled(gone.map(([, slot]) => slot.stop()));
    putBackDisks(this.disks, checkpoint.disks);
    for (const [key, value] of checkpoint.interned) this.interned.set(key, value);
    await Promise.all(
      checkpoint.nodes.map(async ({ spec, image }) => {
        const current = this.slots.get(spec.id);
        const slot = current && !current.fault ? current : await this.freshSlot(spec);
        this.specs.set(spec.id, spec);
        await slot.call(slot.endpoint.control.restore(spec, image, internedFor(this.interned, image)));
      }),
    );
  }

  private specOf(id: NodeId): NodeSpec {
    const spec = this.specs.get(id);
    if (!spec) throw new Error(`node ${id} has no spec`);
    return spec;
  }

  /**
   * Sends each node its inputs in one message, awaits every reply and returns the effects in input
   * order. A node whose worker faults mid-batch contributes no effects — it died handling the input —
   * and its fault goes to the `onFault` listeners; the other nodes' work is kept, so the World can
   * go on once the node is marked faulted.
   */
  async dispatch(inputs: readonly NodeInput[]): Promise<Effect[][]> {
    const byNode = new Map<NodeId, number[]>();
    inputs.forEach((input, i) => {
      const list = byNode.get(input.node);
      if (list) list.push(i);
      else byNode.set(input.node, [i]);
    });
    const groups = [...byNode].map(([node, indices]) => {
      const slot = this.slots.get(node);
      if (!slot) throw new Error(`node ${node} is not running`);
      return { slot, indices };
    });
    // A slot that faulted between batches rejects at once and is contained like a mid-batch fault.
    const settled = await Promise.allSettled(groups.map(({ slot, indices }) => slot.run(indices.map((i) => inputs[i] as NodeInput))));
    const out: Effect[][] = inputs.map(() => []);
    groups.forEach(({ indices }, g) => {
      const result = settled[g];
      if (result?.status === 'fulfilled') indices.forEach((i, k) => (out[i] = result.value[k] ?? []));
      else if (!(result?.reason instanceof NodeFaultedError)) throw result?.reason;
    });
    inputs.forEach((input, i) => {
      const disk = this.disks.get(input.node);
      if (disk) keepDisk(disk, out[i] ?? []);
    });
    // Only with no reply on its way, since a reply may name any view kept here.
    if (this.views.size > keptViews && [...this.slots.values()].every((slot) => !slot.waitingForReplies())) {
      this.views.clear();
      for (const slot of this.slots.values()) slot.forgetViews = true;
    }
    return out;
  }

  /** Terminates the node's worker: memory and write buffer are gone, the kept disk stays. */
  async crash(node: NodeId, options: { loseDisk: boolean }): Promise<void> {
    const slot = this.slots.get(node);
    this.slots.delete(node);
    if (options.loseDisk) this.disks.set(node, emptyDiskImage());
    if (slot) await slot.stop();
  }

  inspect(node: NodeId): Promise<ReturnType<NodeWorkerControl['inspect']>> {
    return this.ask(node, (control) => control.inspect());
  }

  inspectKey(node: NodeId, key: Key): Promise<ReturnType<NodeWorkerControl['inspectKey']>> {
    return this.ask(node, (control) => control.inspectKey(key));
  }

  disk(node: NodeId): DiskImage | undefined {
    return this.disks.get(node);
  }

  keys(node: NodeId): Promise<Key[]> {
    return this.ask(node, (control) => control.keys());
  }

  read(node: NodeId, key: Key): Promise<readonly Version[]> {
    return this.ask(node, (control) => control.read(key));
  }

  /** Test-only: breaks a node's worker (the host must have been made with `faultInjection`). */
  injectFault(node: NodeId, fault: InjectedFault): Promise<void> {
    if (!this.faultInjection) return Promise.reject(new Error('injectFault: this host was made without faultInjection'));
    return this.ask(node, (control) => control.injectFault(fault));
  }

  /** The platform id of the node's current worker, or undefined when it has none (crashed). */
  workerId(node: NodeId): number | undefined {
    return this.slots.get(node)?.endpoint.workerId;
  }

  /** The fault that stopped the node's worker, if it is faulted. */
  faultOf(node: NodeId): NodeFaultedError | undefined {
    return this.slots.get(node)?.fault;
  }

  async dispose(): Promise<void> {
    const slots = [...this.slots.values()];
    this.slots.clear();
    await Promise.allSettled(slots.map((s) => s.stop()));
  }

  /** A control call to a node's worker that rejects, never hangs, if the worker is gone. */
  private async ask<T>(node: NodeId, call: (control: Remote<NodeWorkerControl>) => Promise<T>): Promise<T> {
    const slot = this.slots.get(node);
    if (!slot) throw new Error(`node ${node} is not running`);
    if (slot.fault) throw slot.fault;
    return slot.call(call(slot.endpoint.control));
  }

  private reportFault(error: NodeFaultedError): void {
    for (const listener of this.faultListeners) listener(error);
  }
}

/**
 * What a host and a node worker say to each other (design.md "Hosts"): event traffic as batches of
 * plain structured-clone messages on a dedicated MessageChannel port, and control calls (create,
 * inspect, fault injection) over Comlink on the worker itself, because Comlink per event is too slow.
 */
import type { DiskImage, Effect } from '../core/effects.ts';
import type { MemoryImage } from '../core/memory-image.ts';
import type { KeySnapshot, NodeSnapshot } from '../core/node.ts';
import type { Key, NodeId, Version } from '../core/types.ts';
import type { NodeInput, NodeSpec } from '../sim/node-host.ts';
import type { CarriedViews } from './view-carrier.ts';

/**
 * Host → node worker on the event port: this node's inputs of one scheduler batch, in order, with
 * membership views by key (view-carrier.ts): `views` carries those the worker lacks, and
 * `forgetViews` says the host dropped the views it kept, so the worker must carry them again.
 */
export interface RunBatch {
  type: 'run';
  seq: number;
  inputs: NodeInput[];
  views?: CarriedViews;
  forgetViews?: true;
}

/** Node worker → host on the event port: each input's effects (views as in `RunBatch`), or why the node gave up. */
export type BatchReply =
  | { type: 'ran'; seq: number; effects: Effect[][]; views?: CarriedViews; forgetViews?: true }
  | { type: 'failed'; seq: number; error: string };

/**
 * Test-only ways to break a node worker, honoured only when the host enabled fault injection:
 * `throw-in-next-input` makes the next input throw inside the node; `exit-in-next-input` ends the
 * thread while it handles the next input, so the host's call is left waiting (Node only);
 * `uncaught-error` throws outside any handler (the worker's `error` event) just after the next input
 * batch is answered.
 */
export type InjectedFault = 'throw-in-next-input' | 'exit-in-next-input' | 'uncaught-error';

/** The control API a node worker exposes with Comlink. `connect` hands it the event port. */
export interface NodeWorkerControl {
  create(spec: NodeSpec, disk: DiskImage): void;
  /** The node's whole memory, for a checkpoint. */
  image(): MemoryImage;
  /** Replaces the node with the one `image` holds (a checkpoint being restored), with the interned values it names. */
  restore(spec: NodeSpec, image: MemoryImage, interned: ReadonlyMap<string, unknown>): void;
  inspect(): NodeSnapshot;
  inspectKey(key: Key): KeySnapshot;
  keys(): Key[];
  read(key: Key): readonly Version[];
  injectFault(fault: InjectedFault): void;
}

/** What the host tells a node worker when it hands over the event port. */
export interface ConnectOptions {
  faultInjection: boolean;
}

/** A node worker as its platform entry exposes it: the control API plus taking the event port. */
export interface ConnectableNodeWorker<Port> extends NodeWorkerControl {
  connect(events: Port, options: ConnectOptions): void;
}

/** A node's worker threw, failed to load or died: its node is faulted until it is restarted. */
export class NodeFaultedError extends Error {
  override readonly name = 'NodeFaultedError';
  readonly node: NodeId;
  readonly detail: string;

  constructor(node: NodeId, detail: string) {
    super(`node ${node} faulted: ${detail}`);
    this.node = node;
    this.detail = detail;
  }
}

/** The node was crashed on purpose while a call to it was waiting. */
export class NodeStoppedError extends Error {
  override readonly name = 'NodeStoppedError';
  readonly node: NodeId;

  constructor(node: NodeId) {
    super(`node ${node} was stopped`);
    this.node = node;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The one interface the simulation drives (design.md "Hosts"): where nodes live — in this process
 * or one Web Worker each — behind the same calls. The scheduler decides the order of inputs;
 * a host runs each batch (possibly in parallel) and returns every input's effects, in input order.
 * The host keeps each node's disk image outside the node, from its `disk` effects, so a crash
 * loses exactly what was not on disk.
 */
import type { DiskImage, Effect } from '../core/effects.ts';
import type { MembershipView } from '../core/membership.ts';
import type { Message } from '../core/messages.ts';
import type { AdminCommand, KeySnapshot, NodeSnapshot } from '../core/node.ts';
import type { NodeConfig } from '../core/node-config.ts';
import type { MemoryImage } from '../core/memory-image.ts';
import type { Key, NodeId, Version } from '../core/types.ts';

/** Everything needed to (re)start a node; plain data so it can cross into a worker. */
export interface NodeSpec {
  id: NodeId;
  config: NodeConfig;
  /** Used when the node's disk holds no membership view yet (a new node). */
  membership: MembershipView;
  /** The run's root seed; the node's stream is `node:<id>#<incarnation>`. */
  seed: number;
  /** 0 for the first start, +1 for each recovery, so a recovered node draws a fresh stream. */
  incarnation: number;
}

export type NodeInput =
  | { kind: 'start'; node: NodeId; atMs: number }
  | { kind: 'deliver'; node: NodeId; atMs: number; message: Message }
  | { kind: 'fire'; node: NodeId; atMs: number; timerId: number }
  | { kind: 'admin'; node: NodeId; atMs: number; command: AdminCommand };

export type MaybePromise<T> = T | Promise<T>;

/** What a host holds at one moment, for a checkpoint: every kept disk and each live node's memory. */
export interface HostCheckpoint {
  readonly disks: readonly (readonly [NodeId, DiskImage])[];
  readonly nodes: readonly { readonly spec: NodeSpec; readonly image: MemoryImage }[];
  /** Values the images share (membership views), by key; see `Interning` in core/memory-image.ts. */
  readonly interned: ReadonlyMap<string, unknown>;
}

export interface NodeHost {
  readonly kind: 'inprocess' | 'worker';
  /** Starts a node from its kept disk image (empty for a node never seen). */
  create(spec: NodeSpec): MaybePromise<void>;
  /** Runs the inputs (a node's several in their order) and returns each one's effects, in input order. */
  dispatch(inputs: readonly NodeInput[]): MaybePromise<Effect[][]>;
  /** Stops the node for real; with `loseDisk` its disk image is wiped too. */
  crash(node: NodeId, options: { loseDisk: boolean }): MaybePromise<void>;
  inspect(node: NodeId): MaybePromise<NodeSnapshot>;
  inspectKey(node: NodeId, key: Key): MaybePromise<KeySnapshot>;
  /** The node's disk as the host keeps it (also readable while the node is down). */
  disk(node: NodeId): DiskImage | undefined;
  /** Every key a live node holds (store and buffer), for the checkers. */
  keys(node: NodeId): MaybePromise<Key[]>;
  read(node: NodeId, key: Key): MaybePromise<readonly Version[]>;
  /** Images every live node's memory and copies the kept disks (time travel). */
  checkpoint(): MaybePromise<HostCheckpoint>;
  /** Back to a checkpoint: the nodes live then run again with that memory, any other stops. */
  restore(checkpoint: HostCheckpoint): MaybePromise<void>;
  dispose(): MaybePromise<void>;
}

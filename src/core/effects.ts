/**
 * What a node may do to the world: its effects, as data (design.md "The node"). A node is driven
 * by deliver / fire / crash / recover and answers with these; the host carries them out.
 */
import type { MessageBody } from './messages.ts';
import type { MembershipView } from './membership.ts';
import type { Key, NodeId, EndpointId, Version, VectorClock } from './types.ts';

/** A hinted replica (§4.6): kept by a stand-in for the home replica it names, in a separate store. */
export interface Hint {
  readonly hintId: string;
  readonly key: Key;
  readonly versions: readonly Version[];
  readonly intendedFor: NodeId;
  readonly storedAtMs: number;
  /**
   * Bumped each time more versions are merged into the hint; a delivery's ack names the revision
   * it stored, so a hint that grew meanwhile is not deleted with versions the owner never got.
   * Absent means 0.
   */
  readonly revision?: number;
}

/** Why a node set a timer; timers are data so a node can be inspected and restored. */
export type TimerTag =
  | { kind: 'request-timeout'; reqId: number }
  | { kind: 'read-repair-window'; reqId: number }
  | { kind: 'forward-timeout'; forwardId: number }
  | { kind: 'buffer-flush' }
  | { kind: 'hint-scan' }
  | { kind: 'anti-entropy' }
  | { kind: 'gossip' }
  | { kind: 'fd-probe' };

/** A change to the node's disk, which the host keeps outside the node so a crash is honest. */
export type DiskWriteOp =
  | { store: 'data'; key: Key; versions: readonly Version[] }
  | { store: 'hints'; hintId: string; hint: Hint | null }
  | { store: 'membership'; view: MembershipView }
  /** No clock counter of this node's above `above` has been issued (§4.4): a restart starts above it. */
  | { store: 'counter'; above: number }
  /**
   * This node issued counters up to `counter` for `key` and keeps no copy of them (§4.4): it was
   * not a target of the put, or it let the key go (§4.6, §4.9). A restart must not reissue them.
   */
  | { store: 'released'; key: Key; counter: number };

/** The node's durable state as the host keeps it: what a recovering node starts from. */
export interface DiskImage {
  readonly data: Map<Key, readonly Version[]>;
  readonly hints: Map<string, Hint>;
  membership: MembershipView | undefined;
  /** The counter ceiling last persisted (`counter` writes); 0 before any. */
  counterCeiling: number;
  /** Per key, the largest counter issued that the node keeps no copy of (`released` writes). */
  readonly releasedCounters: Map<Key, number>;
}

export function emptyDiskImage(): DiskImage {
  return { data: new Map(), hints: new Map(), membership: undefined, counterCeiling: 0, releasedCounters: new Map() };
}

export function applyDiskWrite(image: DiskImage, op: DiskWriteOp): void {
  if (op.store === 'data') {
    if (op.versions.length === 0) image.data.delete(op.key);
    else image.data.set(op.key, op.versions);
  } else if (op.store === 'hints') {
    if (op.hint === null) image.hints.delete(op.hintId);
    else image.hints.set(op.hintId, op.hint);
  } else if (op.store === 'membership') {
    image.membership = op.view;
  } else if (op.store === 'counter') {
    image.counterCeiling = Math.max(image.counterCeiling, op.above);
  } else if (op.counter > (image.releasedCounters.get(op.key) ?? 0)) {
    image.releasedCounters.set(op.key, op.counter);
  }
}

/** The states of a coordinator's request machine that the views show (§4.5, §5). */
export type CoordinatorState =
  | 'sending'
  | 'waiting'
  | 'succeeded'
  | 'failed'
  | 'read-repairing'
  | 'done';

/** Things a node reports for the trace, the metrics and the inspectors; they change nothing. */
export type Observation =
  | {
      type: 'request';
      reqId: number;
      opId: number;
      op: 'get' | 'put';
      key: Key;
      state: CoordinatorState;
      /** Nodes that have answered so far. */
      replied: readonly NodeId[];
      /** Nodes the request was sent to, with the home replica a fallback stands in for. */
      targets: readonly { node: NodeId; hintFor?: NodeId }[];
      needed: number;
    }
  | { type: 'stored'; key: Key; versions: number; hintFor?: NodeId }
  | { type: 'hint.stored'; hintId: string; key: Key; intendedFor: NodeId }
  | { type: 'hint.delivered'; hintId: string; key: Key; intendedFor: NodeId }
  | { type: 'read-repair'; key: Key; targets: readonly NodeId[] }
  | {
      type: 'anti-entropy';
      peer: NodeId;
      rangeId: number;
      hashesCompared: number;
      keysSent: number;
      inSync: boolean;
    }
  | { type: 'membership'; version: string; members: number }
  | { type: 'reachability'; peer: NodeId; reachable: boolean }
  | { type: 'transfer'; peer: NodeId; keys: number; phase: 'offered' | 'sent' | 'done' }
  | { type: 'buffer-flush'; objects: number }
  /** A node that left the ring has handed off every key and hint: the host may stop running it (§4.9). */
  | { type: 'handed-off' };

export type Effect =
  | { kind: 'send'; to: EndpointId; body: MessageBody }
  | { kind: 'set-timer'; timerId: number; dueAtMs: number; tag: TimerTag }
  | { kind: 'clear-timer'; timerId: number }
  | { kind: 'disk'; op: DiskWriteOp }
  | { kind: 'observe'; observation: Observation };

/** The client-visible result of a get: all causally concurrent versions and one merged context (§4.4). */
export interface GetResult {
  readonly versions: readonly Version[];
  readonly context: VectorClock;
}

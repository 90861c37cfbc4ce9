/**
 * Every message a Dynamo node sends or receives (Dynamo §4.5–§4.9), as plain data. The world
 * stamps `id`, `from` and `to`; the node only says what it sends and to whom.
 */
import type { CompareRequest, KeyOffer } from './anti-entropy.ts';
import type { MembershipView } from './membership.ts';
import type { ClientId, Dot, EndpointId, Key, NodeId, Value, VectorClock, Version } from './types.ts';

/** One key's versions as carried between replicas (reads, repair, handoff, anti-entropy, transfer). */
export type KeyVersions = readonly [Key, readonly Version[]];

export type MessageBody =
  // Client requests (§4.1: get(key), put(key, context, object)) and their answers.
  | { kind: 'client.put'; opId: number; key: Key; context: VectorClock; value: Value }
  | { kind: 'client.get'; opId: number; key: Key }
  /** An acked put carries the new version's clock and its dot (what it has seen, versions.ts). */
  | { kind: 'client.put-reply'; opId: number; ok: boolean; clock?: VectorClock; dot?: Dot; coordinator: NodeId; error?: string }
  | {
      kind: 'client.get-reply';
      opId: number;
      ok: boolean;
      versions: readonly Version[];
      context: VectorClock;
      coordinator: NodeId;
      error?: string;
    }
  /** §4.5: a put that reached a node outside the key's top N goes to one that is in it. */
  | { kind: 'put.forward'; forwardId: number; opId: number; client: ClientId; key: Key; context: VectorClock; value: Value }
  /** The home replica took a forwarded put over; without it the forwarder tries the next home. */
  | { kind: 'put.forward-ack'; forwardId: number }
  // Coordinator ↔ replica (§4.5); `hintFor` names the home replica a fallback stands in for (§4.6).
  | { kind: 'put.replica'; reqId: number; key: Key; versions: readonly Version[]; hintFor?: NodeId }
  | { kind: 'put.replica-ack'; reqId: number; key: Key }
  | { kind: 'get.replica'; reqId: number; key: Key }
  | { kind: 'get.replica-reply'; reqId: number; key: Key; versions: readonly Version[] }
  /** §5: after a read the coordinator updates replicas that returned stale versions. */
  | { kind: 'read-repair'; key: Key; versions: readonly Version[]; hintFor?: NodeId }
  // Hinted handoff (§4.6): deliver a hinted replica to its intended owner; delete after the ack.
  | { kind: 'hint.deliver'; hintId: string; revision: number; key: Key; versions: readonly Version[] }
  | { kind: 'hint.ack'; hintId: string; revision: number }
  // Merkle anti-entropy (§4.7), one range at a time (anti-entropy.ts).
  // `session` is `<initiator>#<n>`; `compared` counts hashes compared so far by both sides.
  | { kind: 'ae.compare'; session: string; request: CompareRequest; compared: number }
  | { kind: 'ae.in-sync'; session: string; rangeId: number; compared: number }
  /** At the key level: the comparing side's (key, hash) pairs under the nodes it found differing. */
  | { kind: 'ae.offer'; session: string; offer: KeyOffer; compared: number }
  | {
      kind: 'ae.keys';
      session: string;
      rangeId: number;
      /** `answer` to an offer (objects that differ, and the offered keys wanted), then the offering side's `supply` of those. */
      stage: 'answer' | 'supply';
      entries: readonly KeyVersions[];
      wants: readonly Key[];
      compared: number;
    }
  // Gossip-based membership (§4.8.1) and local failure detection (§4.8.3).
  | { kind: 'gossip.push'; view: MembershipView }
  | { kind: 'gossip.reply'; view: MembershipView }
  | { kind: 'fd.ping' }
  | { kind: 'fd.pong' }
  // Range transfer on join and leave (§4.9): offer, confirm, send, acknowledge.
  | { kind: 'transfer.offer'; transferId: string; rangeIds: readonly number[]; keyCount: number }
  | { kind: 'transfer.accept'; transferId: string }
  | { kind: 'transfer.data'; transferId: string; entries: readonly KeyVersions[] }
  /**
   * The keys arrived and are stored. `declined` names those the receiver is no home replica of in
   * its own view of the ring: it keeps them, but the sender must not count on its copy (§4.9).
   */
  | { kind: 'transfer.done'; transferId: string; declined?: readonly Key[] };

export type MessageKind = MessageBody['kind'];

/** A message in flight: the body plus who sent it to whom. `id` is stamped by the world. */
export type Message = MessageBody & { from: EndpointId; to: EndpointId; id: number };

/** The WARS legs of a quorum operation (write, ack, read, response) and all other traffic. */
export type LatencyLegOf = 'write' | 'ack' | 'read' | 'response' | 'other';

export function latencyLegOf(kind: MessageKind): LatencyLegOf {
  switch (kind) {
    case 'put.replica':
    case 'client.put':
    case 'put.forward':
      return 'write';
    case 'put.replica-ack':
    case 'client.put-reply':
      return 'ack';
    case 'get.replica':
    case 'client.get':
      return 'read';
    case 'get.replica-reply':
    case 'client.get-reply':
      return 'response';
    default:
      return 'other';
  }
}

/** Colour families for the views: the kind of traffic a message belongs to. */
export type TrafficClass =
  | 'client'
  | 'put'
  | 'put-ack'
  | 'get'
  | 'get-reply'
  | 'repair'
  | 'hint'
  | 'anti-entropy'
  | 'gossip'
  | 'handoff';

export function trafficClassOf(kind: MessageKind): TrafficClass {
  if (kind.startsWith('client.') || kind === 'put.forward' || kind === 'put.forward-ack') return 'client';
  if (kind === 'put.replica') return 'put';
  if (kind === 'put.replica-ack') return 'put-ack';
  if (kind === 'get.replica') return 'get';
  if (kind === 'get.replica-reply') return 'get-reply';
  if (kind === 'read-repair') return 'repair';
  if (kind.startsWith('hint.')) return 'hint';
  if (kind.startsWith('ae.')) return 'anti-entropy';
  if (kind.startsWith('transfer.')) return 'handoff';
  return 'gossip';
}

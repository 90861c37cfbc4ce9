/**
 * The domain vocabulary of the Dynamo paper (DeCandia et al., SOSP 2007, §4), shared by every
 * layer. Plain, serialisable data only: these values cross worker boundaries, land in traces and
 * in shared URLs.
 */

/** A physical storage node, e.g. `n1` or `A`. */
export type NodeId = string;
/** A client endpoint in the simulated world, e.g. `c1`. */
export type ClientId = string;
/** Anything that can send or receive a message: a node (NodeId) or a client (ClientId). */
export type EndpointId = string;
/** An application key (§4.1: "the key is treated as an opaque array of bytes"). */
export type Key = string;
/** A data-center label (§4.6: preference lists may span data centers). */
export type DataCenterId = string;

/**
 * A position on the 128-bit consistent-hashing ring (§4.2): exactly 32 lower-case hex digits.
 * Fixed width makes string order equal numeric order, so positions compare exactly with `<`.
 */
export type RingPosition = string;

/** One virtual node: a token a physical node holds on the ring (§4.2). */
export interface Token {
  readonly node: NodeId;
  readonly position: RingPosition;
}

/** The paper's three partitioning strategies (§6.2). */
export type StrategyId = 1 | 2 | 3;

/** Whether a preference-list entry is one of the key's N home replicas or a stand-in beyond them (§4.6). */
export type ReplicaRole = 'primary' | 'fallback';

export interface PreferenceEntry {
  readonly node: NodeId;
  readonly role: ReplicaRole;
}

/** A key's preference list (§4.3): distinct physical nodes, the first N are primary. */
export type PreferenceList = readonly PreferenceEntry[];

/** One (node, counter) pair of a vector clock, with the time it was last updated (§4.4 truncation). */
export interface ClockEntry {
  readonly node: NodeId;
  readonly counter: number;
  readonly timestampMs: number;
}

/** A vector clock (§4.4): entries sorted by node id, no duplicate nodes, counters ≥ 1. */
export type VectorClock = readonly ClockEntry[];

/**
 * An object's value. The shopping cart of §4.4 is a list of item names; other scenarios store a
 * single string. `null` marks a delete (a tombstone version, §4.4 "delete … is a put").
 */
export type Value = string | readonly string[] | null;

/**
 * The event that created a version, as in Riak's dotted version vectors (paper notes §6.3):
 * `node` coordinated it as its `counter`-th event for the key, and the writer's context held
 * `base` of `node`'s events (so `counter > base`). A dot with `counter > base + 1` leaves a gap:
 * the version has not seen `node`'s events base+1 … counter−1, which may be concurrent siblings.
 */
export interface Dot {
  readonly node: NodeId;
  readonly counter: number;
  readonly base: number;
}

/** One version of an object: the value and the clock that orders it (§4.4). */
export interface Version {
  readonly value: Value;
  /** Context ∪ dot: what displays and merged read contexts use. */
  readonly clock: VectorClock;
  /**
   * The write's own event. Absent means a plain clock without a gap (data written before dots,
   * versions built by hand): its history is every counter up to the clock's.
   */
  readonly dot?: Dot;
  /** Virtual time at the coordinator when it wrote this version; last-writer-wins orders by it. */
  readonly writtenAtMs: number;
  /** Coordinator that wrote it; breaks last-writer-wins ties deterministically. */
  readonly writer: NodeId;
}

/** How a node resolves concurrent versions (§4.4, §6.1 "business logic specific" vs "timestamp based"). */
export type ConflictResolution = 'siblings' | 'lww';

/** §6.1: buffered writes (object buffer flushed by a writer thread) vs durable writes. */
export type WriteMode = 'durable' | 'buffered';

/** Sloppy quorum (§4.6) walks past unhealthy nodes; strict only ever counts the N home replicas. */
export type QuorumMode = 'sloppy' | 'strict';

/** §6.4: a coordinator node (server-driven) or the client itself (client-driven). */
export type CoordinationMode = 'server' | 'client';

/**
 * A seeded random stream, derived from the run's seed by name (`node:n3`, `network`, …).
 * The engine never reads an unseeded global random source; everything random takes one of these.
 */
export interface Prng {
  /** Uniform in [0, 1), 53 bits. */
  next(): number;
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
}

/**
 * Local failure detection (Dynamo §4.8.3): a node's own, purely local view of which peers answer.
 * A peer that did not answer a request in time is treated as unreachable and routed around; the
 * node retries it periodically and takes it back as soon as it answers anything. It never changes
 * membership: a transient outage triggers no rebalancing (§4.8.1).
 */
import type { NodeId } from './types.ts';

export class FailureDetector {
  /** Peer → virtual time at which it was last found unresponsive. */
  private readonly unreachable = new Map<NodeId, number>();

  isReachable(peer: NodeId): boolean {
    return !this.unreachable.has(peer);
  }

  /** Returns true when this changes the view (the peer was reachable until now). */
  markUnreachable(peer: NodeId, nowMs: number): boolean {
    if (this.unreachable.has(peer)) return false;
    this.unreachable.set(peer, nowMs);
    return true;
  }

  /** Any message from a peer proves it is alive. Returns true when this changes the view. */
  heardFrom(peer: NodeId): boolean {
    return this.unreachable.size !== 0 && this.unreachable.delete(peer);
  }

  /** Peers to retry, in a stable order. */
  suspects(): NodeId[] {
    return [...this.unreachable.keys()].sort();
  }

  /** Each suspected peer with the virtual time it was found unresponsive, in a stable order. */
  suspectedSince(): Record<NodeId, number> {
    const out: Record<NodeId, number> = {};
    for (const peer of this.suspects()) out[peer] = this.unreachable.get(peer) as number;
    return out;
  }

  hasSuspects(): boolean {
    return this.unreachable.size > 0;
  }

  forget(peer: NodeId): void {
    this.unreachable.delete(peer);
  }
}

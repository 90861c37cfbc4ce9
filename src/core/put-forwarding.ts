/**
 * Forwarding a put to a coordinator in the key's top N (Dynamo §4.5: a node "not in the top N of
 * the requested key's preference list … will forward the request to the first among the top N
 * nodes"). The home replica confirms it took the request over; one that stays silent past the
 * failure timeout is treated as unreachable (§4.8.3) and the next home is tried, and when no home
 * answers the forwarding node coordinates the put itself (sloppy quorum, §4.6), so a write is not
 * lost on the way to a crashed coordinator.
 */
import type { NodeEnv } from './node-env.ts';
import type { ClientId, Key, NodeId, Value, VectorClock } from './types.ts';

export interface ForwardedPut {
  opId: number;
  client: ClientId;
  key: Key;
  context: VectorClock;
  value: Value;
}

interface Forward {
  put: ForwardedPut;
  /** Home replicas in rank order; `next` is the index of the one to try after the current one. */
  homes: readonly NodeId[];
  next: number;
  to: NodeId;
  timerId: number;
}

export class PutForwarding {
  private nextForwardId = 1;
  private readonly pending = new Map<number, Forward>();

  constructor(
    private readonly env: NodeEnv,
    private readonly failureTimeoutMs: number,
    private readonly isReachable: (node: NodeId) => boolean,
    private readonly suspect: (node: NodeId) => void,
    private readonly coordinate: (put: ForwardedPut) => void,
  ) {}

  /** Sends the put to the first reachable home replica, or coordinates it here when none is. */
  forward(put: ForwardedPut, homes: readonly NodeId[]): void {
    this.tryFrom({ put, homes, next: 0, to: '', timerId: 0 }, this.nextForwardId++);
  }

  private tryFrom(f: Forward, forwardId: number): void {
    while (f.next < f.homes.length) {
      const to = f.homes[f.next++];
      if (to === undefined || !this.isReachable(to)) continue;
      f.to = to;
      f.timerId = this.env.setTimer(this.failureTimeoutMs, { kind: 'forward-timeout', forwardId });
      this.pending.set(forwardId, f);
      this.env.send(to, { kind: 'put.forward', forwardId, ...f.put });
      return;
    }
    this.pending.delete(forwardId);
    this.coordinate(f.put);
  }

  /** The home replica took the put over. */
  onAck(forwardId: number): void {
    const f = this.pending.get(forwardId);
    if (!f) return;
    this.pending.delete(forwardId);
    this.env.clearTimer(f.timerId);
  }

  /** No confirmation in time: the home is suspected and the next one tried. */
  onTimeout(forwardId: number): void {
    const f = this.pending.get(forwardId);
    if (!f) return;
    this.suspect(f.to);
    this.tryFrom(f, forwardId);
  }

  get inFlight(): number {
    return this.pending.size;
  }
}

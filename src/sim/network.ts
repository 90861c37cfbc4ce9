/**
 * The simulated network between nodes and clients: samples each message's latency and loss at
 * send time and judges partitions and one-way cuts at arrival (design.md "The world"; the failures
 * of Dynamo §4.6 and the latency tails of §6).
 */
import type { EndpointId } from '../core/types.ts';
import type { Prng } from '../core/types.ts';
import { minOf, sampleDistribution, sharedDistribution, type Distribution } from './distribution.ts';
import { latencyLegs, validateNetworkOptions, type LatencyLeg, type NetworkOptions } from './network-options.ts';

export type { LatencyLeg, NetworkOptions } from './network-options.ts';

/** Why a message never arrived. The network decides the first three; `crashed` is the world's (a dead receiver). */
/** Why a message was not delivered: the network's reasons, then the receiver's state (§4.9 for a node that left). */
export type DropReason = 'partition' | 'cut' | 'loss' | 'crashed' | 'faulted' | 'left';

/** What `send` decided. A lost message still says when it would have arrived, so a view can fade it there. */
export type SendOutcome = { readonly deliverAtMs: number } | { readonly dropped: 'loss'; readonly wouldArriveAtMs: number };

/** Options parsed once per change: the hot path never re-parses a spec or rebuilds a lookup. */
interface Compiled {
  readonly latencyOf: Readonly<Record<LatencyLeg, Distribution>>;
  readonly interDataCenter: Distribution | undefined;
  readonly groupOf: ReadonlyMap<EndpointId, number>;
  readonly partitioned: boolean;
  readonly cutTo: ReadonlyMap<EndpointId, ReadonlySet<EndpointId>>;
  readonly slowFactorOf: ReadonlyMap<EndpointId, number>;
  readonly dataCenterOf: ReadonlyMap<EndpointId, string>;
  readonly minLatencyMs: number;
}

/** Endpoints in no partition group share this implicit group. */
const unlistedGroup = -1;

export class Network {
  private current: NetworkOptions;
  private compiled: Compiled;
  private readonly prng: Prng;

  constructor(options: NetworkOptions, prng: Prng) {
    this.current = validateNetworkOptions(options);
    this.compiled = compile(this.current);
    this.prng = prng;
  }

  /** Replaces the given top-level fields (a `latency` patch replaces the whole latency object). */
  setOptions(patch: Partial<NetworkOptions>): void {
    const next = validateNetworkOptions({ ...this.current, ...patch });
    this.compiled = compile(next);
    this.current = next;
  }

  options(): NetworkOptions {
    return this.current;
  }

  /** The latency distribution a leg uses right now. */
  latencyOf(leg: LatencyLeg): Distribution {
    return this.compiled.latencyOf[leg];
  }

  /**
   * Samples when a message sent now would arrive, and whether it is lost. The draws per message
   * depend only on the latency and data-center configuration — latency is drawn even for a lost
   * message and loss is always drawn — so changing the loss rate never shifts later latencies.
   */
  send(from: EndpointId, to: EndpointId, leg: LatencyLeg, nowMs: number): SendOutcome {
    const arriveAtMs = this.arrival(from, to, leg, nowMs);
    return this.lastLost ? { dropped: 'loss', wouldArriveAtMs: arriveAtMs } : { deliverAtMs: arriveAtMs };
  }

  /** Whether the message of the latest `arrival` is lost. */
  lastLost = false;

  /**
   * `send` without an outcome object, for the world's every message: returns when the message
   * arrives (or would, when lost) and leaves in `lastLost` whether it is lost. The same draws.
   */
  arrival(from: EndpointId, to: EndpointId, leg: LatencyLeg, nowMs: number): number {
    const c = this.compiled;
    const distribution = c.latencyOf[leg];
    if (distribution === undefined) throw new Error(`Network.arrival: unknown leg ${String(leg)} (known: ${latencyLegs.join(', ')})`);
    let latencyMs = sampleDistribution(distribution, this.prng);
    if (c.interDataCenter !== undefined) {
      const fromDataCenter = c.dataCenterOf.get(from);
      const toDataCenter = c.dataCenterOf.get(to);
      if (fromDataCenter !== undefined && toDataCenter !== undefined && fromDataCenter !== toDataCenter) {
        latencyMs += sampleDistribution(c.interDataCenter, this.prng);
      }
    }
    if (c.slowFactorOf.size > 0) {
      latencyMs *= c.slowFactorOf.get(from) ?? 1;
      if (to !== from) latencyMs *= c.slowFactorOf.get(to) ?? 1;
    }
    this.lastLost = this.prng.next() < this.current.lossProbability;
    return nowMs + latencyMs;
  }

  /** Whether a partition or a cut link is in force: some endpoint may not reach another. */
  divided(): boolean {
    return this.compiled.partitioned || this.compiled.cutTo.size > 0;
  }

  /** Judged when a message arrives: can `from` reach `to` under the partitions and cuts in force now? */
  canDeliver(from: EndpointId, to: EndpointId): true | 'partition' | 'cut' {
    if (from === to) return true;
    const c = this.compiled;
    if (c.partitioned && (c.groupOf.get(from) ?? unlistedGroup) !== (c.groupOf.get(to) ?? unlistedGroup)) return 'partition';
    if (c.cutTo.get(from)?.has(to) === true) return 'cut';
    return true;
  }

  /** Lower bound in ms on any message's latency (slow nodes only lengthen, the data-center term only adds): the scheduler's safe window. */
  minLatencyMs(): number {
    return this.compiled.minLatencyMs;
  }
}

function compile(options: NetworkOptions): Compiled {
  const fallback = sharedDistribution(options.latency.default);
  const leg = (spec: string | undefined): Distribution => (spec === undefined ? fallback : sharedDistribution(spec));
  const latencyOf: Record<LatencyLeg, Distribution> = {
    write: leg(options.latency.write),
    ack: leg(options.latency.ack),
    read: leg(options.latency.read),
    response: leg(options.latency.response),
    other: fallback,
  };
  const groupOf = new Map<EndpointId, number>();
  options.partitions.forEach((group, g) => group.forEach((id) => groupOf.set(id, g)));
  const cutTo = new Map<EndpointId, Set<EndpointId>>();
  for (const { from, to } of options.cutLinks) {
    const targets = cutTo.get(from) ?? new Set<EndpointId>();
    targets.add(to);
    cutTo.set(from, targets);
  }
  return {
    latencyOf,
    interDataCenter: options.interDataCenterLatency === undefined ? undefined : sharedDistribution(options.interDataCenterLatency),
    groupOf,
    partitioned: options.partitions.length > 0,
    cutTo,
    slowFactorOf: new Map(Object.entries(options.slowNodes).filter(([, factor]) => factor !== 1)),
    dataCenterOf: new Map(Object.entries(options.dataCenterOf)),
    minLatencyMs: Math.min(...latencyLegs.map((l) => minOf(latencyOf[l]))),
  };
}

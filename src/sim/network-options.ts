/**
 * Every knob of the simulated network in one documented object — latency per WARS leg, loss,
 * partitions, one-way cuts, slow nodes, data centers — as TigerBeetle's VOPR keeps its network
 * fault options (Dynamo §6.1 latencies, §4.6 failures, §4.6/§6.4 data centers).
 */
import type { DataCenterId, EndpointId, NodeId } from '../core/types.ts';
import { sharedDistribution } from './distribution.ts';

/**
 * Which latency model a message uses: the four legs of a quorum operation (write request, write
 * ack, read request, read response — the WARS model of Bailis et al., "Probabilistically Bounded
 * Staleness") and `other` for everything else (gossip, hints, anti-entropy, client hops).
 */
export type LatencyLeg = 'write' | 'ack' | 'read' | 'response' | 'other';

export const latencyLegs: readonly LatencyLeg[] = ['write', 'ack', 'read', 'response', 'other'];

export interface NetworkOptions {
  /**
   * One-way latency in ms per leg, as distribution specs (see distribution.ts), e.g.
   * `exp(0.5) + 1` or `mix(0.99:normal(2,0.5), 0.01:pareto(20,1.5))`. `default` serves `other`
   * and every leg left out.
   */
  readonly latency: {
    readonly default: string;
    readonly write?: string;
    readonly ack?: string;
    readonly read?: string;
    readonly response?: string;
  };
  /**
   * Extra one-way latency in ms (a distribution spec) for a message between two endpoints whose
   * `dataCenterOf` entries differ; drawn on top of the leg's latency. Omitted: no extra term, and
   * endpoints without a data center never pay it.
   */
  readonly interDataCenterLatency?: string;
  /** Probability in [0, 1] that a message is lost, decided for each message independently at send time. */
  readonly lossProbability: number;
  /**
   * Partition groups: two endpoints in different groups cannot talk. Endpoints listed in no group
   * together form one more implicit group, so with `[['n1','n2'], ['n3']]` an unlisted client
   * `c1` still reaches the unlisted `n4` but neither side. No groups means no partition. Checked
   * when a message arrives, so a message in flight when the partition starts is dropped, and one
   * sent just before it heals gets through. An endpoint may appear in at most one group.
   */
  readonly partitions: readonly (readonly EndpointId[])[];
  /** One-way link cuts: messages `from` → `to` are dropped on arrival; `to` → `from` still flows. */
  readonly cutLinks: readonly { readonly from: EndpointId; readonly to: EndpointId }[];
  /**
   * Latency multiplier k ≥ 1 (unitless) per slow node, applied to every message it sends or
   * receives, data-center term included; a link between two slow nodes is slowed by both factors.
   */
  readonly slowNodes: Readonly<Record<NodeId, number>>;
  /** The data center of each endpoint, for `interDataCenterLatency`; unlisted endpoints have none. */
  readonly dataCenterOf: Readonly<Record<EndpointId, DataCenterId>>;
}

/** A LAN: about 3 ms per hop with a 1 ms floor (the scheduler's parallel window) and an exponential tail. */
export const defaultNetworkOptions: NetworkOptions = Object.freeze({
  latency: Object.freeze({ default: 'exp(0.5) + 1' }),
  lossProbability: 0,
  partitions: Object.freeze([]),
  cutLinks: Object.freeze([]),
  slowNodes: Object.freeze({}),
  dataCenterOf: Object.freeze({}),
});

/** A bad network option, with the path of the field, e.g. `partitions[1][0]`. */
export class NetworkOptionsError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`network options: ${path}: ${problem}`);
    this.name = 'NetworkOptionsError';
    this.path = path;
  }
}

const topLevelFields = ['latency', 'interDataCenterLatency', 'lossProbability', 'partitions', 'cutLinks', 'slowNodes', 'dataCenterOf'];
const latencyFields = ['default', 'write', 'ack', 'read', 'response'];

/**
 * Checks untrusted options (a scenario file, a URL) and returns a clean copy. Missing fields take
 * their defaults; unknown fields are refused so a typo is not silently ignored.
 */
export function validateNetworkOptions(o: unknown): NetworkOptions {
  const input = record(o, '(root)');
  refuseUnknown(input, topLevelFields, '');
  const latencyInput = input.latency === undefined ? defaultNetworkOptions.latency : record(input.latency, 'latency');
  refuseUnknown(latencyInput, latencyFields, 'latency.');
  const latency: Record<string, string> = { default: spec(latencyInput.default, 'latency.default') };
  for (const leg of latencyFields.slice(1)) {
    const value = (latencyInput as Record<string, unknown>)[leg];
    if (value !== undefined) latency[leg] = spec(value, `latency.${leg}`);
  }
  const options: { -readonly [K in keyof NetworkOptions]: NetworkOptions[K] } = {
    latency: latency as NetworkOptions['latency'],
    lossProbability: probability(input.lossProbability ?? 0, 'lossProbability'),
    partitions: partitions(input.partitions ?? []),
    cutLinks: list(input.cutLinks ?? [], 'cutLinks').map((link, i) => {
      const fields = record(link, `cutLinks[${i}]`);
      refuseUnknown(fields, ['from', 'to'], `cutLinks[${i}].`);
      return { from: endpoint(fields.from, `cutLinks[${i}].from`), to: endpoint(fields.to, `cutLinks[${i}].to`) };
    }),
    slowNodes: mapValues(input.slowNodes ?? {}, 'slowNodes', (value, path) => {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
        throw new NetworkOptionsError(path, `must be a latency multiplier >= 1, got ${show(value)}`);
      }
      return value;
    }),
    dataCenterOf: mapValues(input.dataCenterOf ?? {}, 'dataCenterOf', (value, path) => endpoint(value, path)),
  };
  if (input.interDataCenterLatency !== undefined) {
    options.interDataCenterLatency = spec(input.interDataCenterLatency, 'interDataCenterLatency');
  }
  return options;
}

function partitions(value: unknown): EndpointId[][] {
  const groupOf = new Map<EndpointId, number>();
  return list(value, 'partitions').map((group, g) =>
    list(group, `partitions[${g}]`).map((member, i) => {
      const id = endpoint(member, `partitions[${g}][${i}]`);
      const earlier = groupOf.get(id);
      if (earlier !== undefined) throw new NetworkOptionsError(`partitions[${g}][${i}]`, `${id} is already in partitions[${earlier}]`);
      groupOf.set(id, g);
      return id;
    }),
  );
}

function spec(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new NetworkOptionsError(path, `must be a distribution spec such as "exp(0.5) + 1", got ${show(value)}`);
  try {
    sharedDistribution(value);
  } catch (error) {
    throw new NetworkOptionsError(path, error instanceof Error ? error.message : String(error));
  }
  return value;
}

function probability(value: unknown, path: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new NetworkOptionsError(path, `must be a probability in [0, 1], got ${show(value)}`);
  return value;
}

function endpoint(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new NetworkOptionsError(path, `must be a non-empty id, got ${show(value)}`);
  return value;
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new NetworkOptionsError(path, `must be an object, got ${show(value)}`);
  return value as Record<string, unknown>;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new NetworkOptionsError(path, `must be an array, got ${show(value)}`);
  return value as unknown[];
}

function mapValues<V>(value: unknown, path: string, check: (value: unknown, path: string) => V): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, entry] of Object.entries(record(value, path))) out[key] = check(entry, `${path}.${key}`);
  return out;
}

function refuseUnknown(fields: object, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(fields)) {
    if (!known.includes(key)) throw new NetworkOptionsError(`${prefix}${key}`, `unknown field (known: ${known.join(', ')})`);
  }
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : (JSON.stringify(value) ?? typeof value);
}

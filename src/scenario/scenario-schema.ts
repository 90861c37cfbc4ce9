/**
 * The scenario format, version 1: a cluster (Dynamo §4.2–§4.8, §6.2 strategies), its network (§6
 * latencies, §4.6 failures), workloads, a fault schedule at virtual times, one seed, and an
 * optional lesson — as zod 4 schemas. Every field but `version` is optional; what is left out takes
 * the defaults of setup.ts and node-config.ts. Unknown fields are refused so a typo is not ignored.
 *
 *   { "version": 1, "seed": 7, "untilMs": 20000,
 *     "cluster": { "nodes": 5, "N": 3, "R": 2, "W": 2 },
 *     "network": { "latency": { "default": "exp(0.5) + 1" } },
 *     "workloads": [{ "id": "shop", "ratePerSec": 100 }],
 *     "schedule": [{ "atMs": 5000, "fault": { "kind": "crash", "node": "n2" } }] }
 */
import { z } from 'zod';
import type { NodeConfig } from '../core/node-config.ts';
import {
  distributionSpec,
  probability,
  interventionSchema,
  scheduledFaultSchema,
  MAX_RUN_MS,
  timeMs,
  workloadSchema,
} from './fault-schema.ts';
import { lessonSchema } from './lesson-schema.ts';

export const currentScenarioVersion = 1;

const id = z.string().min(1);
const positiveMs = z.number().gt(0);

/** Every NodeConfig field, optional; the `satisfies` keeps this list in step with node-config.ts. */
const nodeConfigFields = {
  N: z.int().min(1),
  R: z.int().min(1),
  W: z.int().min(1),
  quorumMode: z.enum(['sloppy', 'strict']),
  resolution: z.enum(['siblings', 'lww']),
  writeMode: z.enum(['durable', 'buffered']),
  bufferCapacity: z.int().min(1),
  flushIntervalMs: positiveMs,
  requestTimeoutMs: positiveMs,
  readRepairWaitMs: timeMs,
  readRepair: z.boolean(),
  clockMaxEntries: z.int().min(1),
  gossipIntervalMs: positiveMs,
  gossip: z.boolean(),
  seeds: z.array(id),
  hintScanIntervalMs: positiveMs,
  antiEntropyIntervalMs: positiveMs,
  antiEntropy: z.boolean(),
  failureTimeoutMs: positiveMs,
  probeIntervalMs: positiveMs,
  spreadDataCenters: z.boolean(),
  merkleDepth: z.int().min(1).max(8),
  merkleFanout: z.int().min(2).max(64),
} satisfies { [K in keyof NodeConfig]-?: z.ZodType };

export const nodeConfigFieldNames = Object.keys(nodeConfigFields) as (keyof NodeConfig)[];

const optionalNodeConfig = Object.fromEntries(
  Object.entries(nodeConfigFields).map(([k, v]) => [k, v.optional()]),
) as {
  [K in keyof typeof nodeConfigFields]: z.ZodOptional<(typeof nodeConfigFields)[K]>;
};

/** A pinned token: 32 lower-case hex digits, or a fraction of the ring in [0, 1). */
const position = z.union([
  z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits or a fraction in [0, 1)'),
  z.number().min(0).lt(1),
]);

const nodeEntry = z.union([id, z.strictObject({ id, dataCenter: id.optional() })]);

export const clusterSchema = z.strictObject({
  /** A count (n1…nK) or a list of ids, each optionally with its data center. Default 5. */
  nodes: z.union([z.int().min(1).max(256), z.array(nodeEntry).min(1).max(256)]).optional(),
  /** The paper's partitioning strategy (§6.2). Default 3. */
  strategy: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** T, random tokens per node (strategies 1 and 2). */
  tokensPerNode: z.int().min(1).max(4096).optional(),
  /** Q, equal partitions (strategies 2 and 3). */
  partitionCount: z
    .int()
    .min(1)
    .max(1 << 20)
    .optional(),
  /** Pinned token positions per node, for teaching rings such as Figure 2. */
  placement: z.record(z.string(), z.array(position).min(1)).optional(),
  ...optionalNodeConfig,
});

export const networkSchema = z.strictObject({
  /** One-way latency per leg as distribution specs; `default` serves every leg left out. */
  latency: z
    .strictObject({
      default: distributionSpec.optional(),
      write: distributionSpec.optional(),
      ack: distributionSpec.optional(),
      read: distributionSpec.optional(),
      response: distributionSpec.optional(),
    })
    .optional(),
  /** Extra one-way latency between data centers, a distribution spec. */
  interDataCenterLatency: distributionSpec.optional(),
  lossProbability: probability.optional(),
  /** Partition groups in force from the start (usually a `partition` fault instead). */
  partitions: z.array(z.array(id)).optional(),
  cutLinks: z.array(z.strictObject({ from: id, to: id })).optional(),
  /** Latency multiplier ≥ 1 per slow node. */
  slowNodes: z.record(z.string(), z.number().min(1)).optional(),
  /** Data centers of endpoints other than nodes (clients); nodes carry theirs in `cluster.nodes`. */
  dataCenterOf: z.record(z.string(), id).optional(),
});

export const scenarioSchema = z.strictObject({
  version: z.literal(currentScenarioVersion),
  name: z.string().optional(),
  description: z.string().optional(),
  /** The one root seed every random stream derives from. Default 1. */
  seed: z.int().min(0).optional(),
  /** Where a headless run stops, ms of virtual time: at most a day. */
  untilMs: timeMs.max(MAX_RUN_MS).optional(),
  /** A client gives up on an operation after this long, ms. Default 2000. */
  clientTimeoutMs: positiveMs.optional(),
  cluster: clusterSchema.optional(),
  network: networkSchema.optional(),
  workloads: z.array(workloadSchema).optional(),
  schedule: z.array(scheduledFaultSchema).optional(),
  /** Faults made by hand in the playground, each pinned to the event count it was made at. */
  interventions: z.array(interventionSchema).optional(),
  /** Where the playground opens the run, ms of virtual time (where it was exported); a headless run goes to `untilMs`. */
  openAtMs: timeMs.max(MAX_RUN_MS).optional(),
  lesson: lessonSchema.optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ClusterSection = z.infer<typeof clusterSchema>;
export type NetworkSection = z.infer<typeof networkSchema>;

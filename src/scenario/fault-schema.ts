/**
 * The schema of a scenario's workloads and fault schedule: every intervention of the simulated
 * world (crash and recovery §4.8, partitions §4.6, membership §4.9, client gets and puts §4.1,
 * loss and latency §6), as zod 4 schemas mirroring `Fault` and `WorkloadSpec` in world-config.ts.
 */
import { z } from 'zod';
import { parseDistribution } from '../sim/distribution.ts';

const id = z.string().min(1);
/** A virtual time, ms from the start of the run. */
export const timeMs = z.number().min(0);
/** The longest run a scenario may ask for: a day of virtual time (hours of real time to simulate). */
export const MAX_RUN_MS = 86_400_000;

/** A latency distribution spec such as `exp(0.5) + 1`; refused with parseDistribution's own words. */
export const distributionSpec = z.string().superRefine((spec, ctx) => {
  try {
    parseDistribution(spec);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: error instanceof Error ? error.message : String(error),
      input: spec,
    });
  }
});

export const probability = z.number().min(0).max(1);

const popularity = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform') }),
  z.strictObject({ kind: z.literal('zipf'), exponent: z.number().min(0) }),
]);

/** A workload: only `id` is required; the rest default to `defaultWorkload` (world-config.ts). */
export const workloadSchema = z.strictObject({
  id,
  clients: z.int().min(1).max(1000).optional(),
  loop: z.enum(['open', 'closed']).optional(),
  ratePerSec: z.number().min(0).max(100_000).optional(),
  thinkMs: timeMs.optional(),
  readFraction: probability.optional(),
  keyCount: z.int().min(1).optional(),
  keyPrefix: z.string().optional(),
  popularity: popularity.optional(),
  valueBytes: z.int().min(1).max(1_000_000).optional(),
  coordination: z.enum(['server', 'client']).optional(),
  coordinatorChoice: z.enum(['random', 'partition-aware']).optional(),
  startMs: timeMs.optional(),
  stopMs: timeMs.optional(),
  maxOps: z.int().min(0).optional(),
});

export type WorkloadEntry = z.infer<typeof workloadSchema>;

const leg = z.enum(['default', 'write', 'ack', 'read', 'response']);
const value = z.union([z.string(), z.array(z.string())]);

export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('crash'), node: id, loseDisk: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('recover'), node: id }),
  z.strictObject({ kind: z.literal('partition'), groups: z.array(z.array(id).min(1)).min(1) }),
  z.strictObject({ kind: z.literal('heal') }),
  z.strictObject({ kind: z.literal('cut'), from: id, to: id }),
  z.strictObject({ kind: z.literal('restore'), from: id, to: id }),
  z.strictObject({ kind: z.literal('loss'), probability }),
  z.strictObject({ kind: z.literal('latency'), leg, spec: distributionSpec }),
  z.strictObject({ kind: z.literal('slow'), node: id, factor: z.number().min(1) }),
  z.strictObject({ kind: z.literal('join'), node: id, dataCenter: id.optional() }),
  z.strictObject({ kind: z.literal('leave'), node: id }),
  z.strictObject({
    kind: z.literal('put'),
    client: id.optional(),
    key: z.string(),
    value,
    coordinator: id.optional(),
    context: z.enum(['session', 'none']).optional(),
  }),
  z.strictObject({
    kind: z.literal('get'),
    client: id.optional(),
    key: z.string(),
    coordinator: id.optional(),
  }),
  z.strictObject({ kind: z.literal('workload-start'), workload: workloadSchema }),
  z.strictObject({ kind: z.literal('workload-stop'), id }),
]);

export type FaultEntry = z.infer<typeof faultSchema>;

export const scheduledFaultSchema = z.strictObject({ atMs: timeMs, fault: faultSchema });

export type ScheduledFaultEntry = z.infer<typeof scheduledFaultSchema>;

/**
 * A fault made by hand while a run played, pinned to its place in that run: it goes in at the end
 * of the batch after which `afterEvents` events had run, stamped `atMs`, as it did then. A time
 * alone could land it before other events of the same millisecond, so a run exported from the
 * playground keeps its interventions this way and replays exactly.
 */
export const interventionSchema = z.strictObject({
  afterEvents: z.int().min(0),
  atMs: timeMs,
  fault: faultSchema,
});

export type InterventionEntry = z.infer<typeof interventionSchema>;

/**
 * Upgrades scenario files written in an older version of the format to the current one, one
 * version at a time, so a shared link or a saved file keeps working after the format grows.
 *
 * Version 0 (the first sketch) was flat:
 *   { "version": 0, "nodes": 5, "N": 3, "R": 2, "W": 2, "seed": 7, "durationMs": 20000,
 *     "faults": [{ "at": 5000, "kind": "crash", "node": "n2" }] }
 * Version 1 nests the cluster, adds the network, workloads and lessons, and names times `atMs`.
 */
import { z } from 'zod';
import { fromZodIssue, scenarioError, show, type ScenarioError } from './scenario-error.ts';
import { currentScenarioVersion } from './scenario-schema.ts';

export type MigrationResult =
  { ok: true; json: Record<string, unknown>; from: number } | { ok: false; error: ScenarioError };

const legacyV0 = z.strictObject({
  version: z.literal(0),
  name: z.string().optional(),
  nodes: z.union([z.int().min(1), z.array(z.string())]).optional(),
  N: z.number().optional(),
  R: z.number().optional(),
  W: z.number().optional(),
  seed: z.number().optional(),
  durationMs: z.number().optional(),
  faults: z.array(z.looseObject({ at: z.number().min(0), kind: z.string() })).optional(),
});

type Step = (
  json: Record<string, unknown>,
) => { ok: true; json: Record<string, unknown> } | { ok: false; error: ScenarioError };

/** migrations[v] turns a version-v document into a version-(v+1) one. */
const migrations: Record<number, Step> = {
  0: (json) => {
    const parsed = legacyV0.safeParse(json, { reportInput: true });
    if (!parsed.success) return { ok: false, error: fromZodIssue(parsed.error.issues[0]!) };
    const v0 = parsed.data;
    const cluster = Object.fromEntries(
      Object.entries({ nodes: v0.nodes, N: v0.N, R: v0.R, W: v0.W }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    return {
      ok: true,
      json: {
        version: 1,
        ...(v0.name === undefined ? {} : { name: v0.name }),
        ...(v0.seed === undefined ? {} : { seed: v0.seed }),
        ...(v0.durationMs === undefined ? {} : { untilMs: v0.durationMs }),
        ...(Object.keys(cluster).length > 0 ? { cluster } : {}),
        ...(v0.faults
          ? { schedule: v0.faults.map(({ at, ...fault }) => ({ atMs: at, fault })) }
          : {}),
      },
    };
  },
};

/** Brings any known version up to the current one; refuses a document that is not a scenario at all. */
export function migrateScenario(json: unknown): MigrationResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      error: scenarioError(
        '',
        `a scenario is a JSON object with a "version" field, got ${Array.isArray(json) ? 'a list' : show(json)}`,
      ),
    };
  }
  let doc = json as Record<string, unknown>;
  const version = doc.version;
  if (version === undefined)
    return {
      ok: false,
      error: scenarioError('version', `missing; this format is version ${currentScenarioVersion}`),
    };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return {
      ok: false,
      error: scenarioError(
        'version',
        `must be a whole number such as ${currentScenarioVersion}, got ${show(version)}`,
      ),
    };
  }
  if (version > currentScenarioVersion) {
    return {
      ok: false,
      error: scenarioError(
        'version',
        `${version} is newer than this playground reads (up to ${currentScenarioVersion})`,
      ),
    };
  }
  for (let v = version; v < currentScenarioVersion; v++) {
    const step = migrations[v];
    if (!step)
      return { ok: false, error: scenarioError('version', `no upgrade from version ${v}`) };
    const next = step(doc);
    if (!next.ok) return next;
    doc = next.json;
  }
  return { ok: true, json: doc, from: version };
}

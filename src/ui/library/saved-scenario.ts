/**
 * A scenario saved in the browser (design.md "Scenarios … saved library"): a versioned record —
 * the scenario, and optionally where the run was and what was done by hand — and the check every
 * record read back must pass. A record that fails it is reported as corrupt with the reason; it is
 * never repaired, dropped or overwritten silently.
 */
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import { faultSchema, timeMs } from '../../scenario/fault-schema.ts';
import { formatScenarioError } from '../../scenario/scenario-error.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import { parseScenario } from '../../scenario/scenario.ts';

export const RECORD_FORMAT = 'dynamo-playground/saved-scenario';
export const RECORD_VERSION = 1;

export interface SavedScenario {
  format: typeof RECORD_FORMAT;
  recordVersion: typeof RECORD_VERSION;
  id: string;
  name: string;
  /** ISO 8601, when it was saved (wall-clock time is fine here: it is not part of any run). */
  savedAt: string;
  scenario: Scenario;
  atMs?: number;
  interventions?: Intervention[];
}

export type RecordCheck = { ok: true; record: SavedScenario } | { ok: false; reason: string };

/** Checks a record read from storage, field by field; the first problem is the reason. */
export function checkRecord(raw: unknown): RecordCheck {
  const fail = (reason: string): RecordCheck => ({ ok: false, reason });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('the record is not an object');
  const r = raw as Record<string, unknown>;
  if (r.format !== RECORD_FORMAT)
    return fail(`format: expected "${RECORD_FORMAT}", found ${JSON.stringify(r.format)}`);
  if (r.recordVersion !== RECORD_VERSION)
    return fail(
      `recordVersion: this playground reads version ${RECORD_VERSION}, the record is version ${JSON.stringify(r.recordVersion)}`,
    );
  if (typeof r.id !== 'string' || r.id === '') return fail('id: missing');
  if (typeof r.name !== 'string') return fail('name: missing');
  if (typeof r.savedAt !== 'string' || Number.isNaN(Date.parse(r.savedAt)))
    return fail('savedAt: not a date');
  const scenario = parseScenario(r.scenario);
  if (!scenario.ok) return fail(`scenario.${formatScenarioError(scenario.error)}`);
  if (r.atMs !== undefined && !timeMs.safeParse(r.atMs).success)
    return fail('atMs: must be a time of at least 0 ms');
  if (r.interventions !== undefined) {
    if (!Array.isArray(r.interventions)) return fail('interventions: must be a list');
    for (const [i, item] of (r.interventions as unknown[]).entries()) {
      const problem = interventionProblem(item);
      if (problem) return fail(`interventions[${i}]: ${problem}`);
    }
  }
  return { ok: true, record: { ...(raw as SavedScenario), scenario: scenario.scenario } };
}

function interventionProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return 'not an object';
  const i = item as Record<string, unknown>;
  if (!Number.isInteger(i.afterEvents) || (i.afterEvents as number) < 0)
    return 'afterEvents must be a whole number ≥ 0';
  if (!timeMs.safeParse(i.atMs).success) return 'atMs must be a time of at least 0 ms';
  const fault = faultSchema.safeParse(i.fault);
  return fault.success ? undefined : `fault: ${fault.error.issues[0]?.message ?? 'invalid'}`;
}

export function makeRecord(input: {
  id: string;
  name: string;
  savedAt: string;
  scenario: Scenario;
  atMs?: number;
  interventions?: readonly Intervention[];
}): SavedScenario {
  return {
    format: RECORD_FORMAT,
    recordVersion: RECORD_VERSION,
    id: input.id,
    name: input.name,
    savedAt: input.savedAt,
    // A deep copy, so the saved record cannot change with the live objects.
    scenario: JSON.parse(JSON.stringify(input.scenario)) as Scenario,
    ...(input.atMs === undefined ? {} : { atMs: input.atMs }),
    ...(input.interventions && input.interventions.length > 0
      ? { interventions: JSON.parse(JSON.stringify(input.interventions)) as Intervention[] }
      : {}),
  };
}

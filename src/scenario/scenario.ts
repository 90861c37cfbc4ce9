/**
 * Reading a scenario: upgrade an older version, check its shape, then check that its fields agree
 * (design.md "Contracts": an invalid file is refused with the path of the first bad field, and
 * nothing in the current session is lost — so this returns a result, it never throws).
 */
import { scenarioError, fromZodIssue, type ScenarioError } from './scenario-error.ts';
import { checkScenario } from './scenario-checks.ts';
import { migrateScenario } from './scenario-migration.ts';
import { currentScenarioVersion, scenarioSchema, type Scenario } from './scenario-schema.ts';

export type ScenarioResult =
  { ok: true; scenario: Scenario; migratedFrom?: number } | { ok: false; error: ScenarioError };

export function parseScenario(json: unknown): ScenarioResult {
  const migrated = migrateScenario(json);
  if (!migrated.ok) return migrated;
  const upgraded =
    migrated.from === currentScenarioVersion
      ? ''
      : ` (in the file upgraded from version ${migrated.from})`;
  const parsed = scenarioSchema.safeParse(migrated.json, { reportInput: true });
  if (!parsed.success) {
    const first = fromZodIssue(parsed.error.issues[0]!);
    return { ok: false, error: { ...first, message: first.message + upgraded } };
  }
  const problem = checkScenario(parsed.data);
  if (problem) return { ok: false, error: { ...problem, message: problem.message + upgraded } };
  return { ok: true, scenario: parsed.data, ...(upgraded ? { migratedFrom: migrated.from } : {}) };
}

/** Parses JSON text first, so a syntax error is reported the same way as a bad field. */
export function parseScenarioText(text: string): ScenarioResult {
  let json: unknown;
  try {
    // A byte-order mark, as some editors on Windows write one, is not part of the JSON.
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return {
      ok: false,
      error: scenarioError(
        '',
        `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      ),
    };
  }
  return parseScenario(json);
}

export { formatScenarioError, InvalidScenarioError, type ScenarioError } from './scenario-error.ts';
export { currentScenarioVersion, type Scenario } from './scenario-schema.ts';
export { migrateScenario } from './scenario-migration.ts';
export { scenarioToSetup, setupToScenario, scenarioUntilMs } from './scenario-setup.ts';

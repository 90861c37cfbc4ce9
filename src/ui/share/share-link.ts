/**
 * A whole live run in one link: the scenario, where the sender was in virtual time and what they
 * did by hand, so the receiver replays exactly the same run from the seed (design.md "share by
 * URL"). The format is scenario-url.ts's `s1.` payload — which the CLI and tests can read — plus
 * `batches`: the event count each hand-made intervention was pinned to, because replaying a fault
 * at a time alone could land it before other events of that same millisecond.
 *
 *   ?s=s1.<base64url(deflate({ scenario, atMs, interventions: [{atMs, fault}], batches: [afterEvents] }))>
 */
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import {
  decodeScenarioFromUrl,
  encodeUrlPayload,
  fitsInUrl,
  maxUrlParamLength,
  urlPayloadText,
} from '../../scenario/scenario-url.ts';
import { formatScenarioError } from '../../scenario/scenario-error.ts';
import type { ScheduledFault } from '../../sim/world-config.ts';

export { fitsInUrl, maxUrlParamLength };

export interface SharedRun {
  scenario: Scenario;
  /** Where the run was, ms of virtual time; absent: the start. */
  atMs?: number;
  /** Hand-made interventions pinned to their batch, replayed by the simulation's `load`. */
  interventions: Intervention[];
  /** Interventions that came without a batch (a link made elsewhere): replayed as scheduled faults. */
  scheduled: ScheduledFault[];
}

export type SharedRunResult = { ok: true; run: SharedRun } | { ok: false; message: string };

export function encodeShareParam(run: {
  scenario: Scenario;
  atMs?: number;
  interventions: readonly Intervention[];
}): string {
  const payload = {
    scenario: run.scenario,
    ...(run.atMs === undefined ? {} : { atMs: run.atMs }),
    ...(run.interventions.length > 0
      ? {
          interventions: run.interventions.map((i) => ({ atMs: i.atMs, fault: i.fault })),
          batches: run.interventions.map((i) => i.afterEvents),
        }
      : {}),
  };
  return encodeUrlPayload(payload);
}

/** Never throws: a damaged link gets one sentence saying what is wrong with it. */
export function decodeShareParam(param: string): SharedRunResult {
  const decoded = decodeScenarioFromUrl(param);
  if (!decoded.ok)
    return {
      ok: false,
      message: `This link could not be opened: ${formatScenarioError(decoded.error)}`,
    };
  const batches = readBatches(param, decoded.interventions.length);
  if (batches === undefined)
    return {
      ok: true,
      run: {
        scenario: decoded.scenario,
        ...atOf(decoded.atMs),
        interventions: [],
        scheduled: decoded.interventions,
      },
    };
  return {
    ok: true,
    run: {
      scenario: decoded.scenario,
      ...atOf(decoded.atMs),
      interventions: decoded.interventions.map((s, i) => ({
        afterEvents: batches[i] ?? 0,
        atMs: s.atMs,
        fault: s.fault,
      })),
      scheduled: [],
    },
  };
}

function atOf(atMs: number | undefined): { atMs?: number } {
  return atMs === undefined ? {} : { atMs };
}

/** The batch of each intervention, when the link has them and they make sense; else undefined. */
function readBatches(param: string, count: number): number[] | undefined {
  try {
    const payload = JSON.parse(urlPayloadText(param)) as { batches?: unknown };
    const batches = payload.batches;
    if (!Array.isArray(batches) || batches.length !== count) return undefined;
    if (
      !batches.every(
        (b, i) =>
          Number.isInteger(b) &&
          (b as number) >= 0 &&
          (i === 0 || (b as number) >= (batches[i - 1] as number)),
      )
    )
      return undefined;
    return batches as number[];
  } catch {
    return undefined;
  }
}

/** The page address that reopens `param`, on the given view. */
export function shareUrl(base: string, param: string, view?: string): string {
  const url = new URL(base);
  url.search = '';
  url.hash = '';
  url.searchParams.set('s', param);
  if (view !== undefined) url.searchParams.set('v', view);
  return url.toString();
}

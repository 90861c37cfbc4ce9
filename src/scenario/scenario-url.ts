/**
 * A scenario in a shareable link: the JSON, deflated with fflate and written in base64url, with
 * where the sender was in the run and what they did by hand, so the receiver replays exactly the
 * same run from the seed (design.md "Scenarios and lessons; share by URL").
 *
 *   s1.<base64url(deflate(JSON.stringify({ scenario, atMs?, interventions? })))>
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { ScheduledFault } from '../sim/world-config.ts';
import { scenarioError, formatPath, fromZodIssue, type ScenarioError } from './scenario-error.ts';
import { clientIds, faultProblem } from './scenario-checks.ts';
import { scheduledFaultSchema, timeMs } from './fault-schema.ts';
import type { Scenario } from './scenario-schema.ts';
import { parseScenario } from './scenario.ts';
import { clusterNodes, scheduledFaults } from './scenario-setup.ts';

/** Browsers and servers handle links up to this many characters without trouble. */
export const maxUrlParamLength = 8000;

const prefix = 's1.';

export interface UrlExtras {
  /** Where in the run the sender was, ms of virtual time. */
  atMs?: number;
  /** Faults made by hand while the run played, replayed on top of the schedule. */
  interventions?: readonly ScheduledFault[];
}

export type DecodedScenario =
  | { ok: true; scenario: Scenario; atMs?: number; interventions: ScheduledFault[] }
  | { ok: false; error: ScenarioError };

export function encodeScenarioForUrl(scenario: Scenario, extra: UrlExtras = {}): string {
  const payload = {
    scenario,
    ...(extra.atMs === undefined ? {} : { atMs: extra.atMs }),
    ...(extra.interventions && extra.interventions.length > 0
      ? { interventions: extra.interventions }
      : {}),
  };
  return encodeUrlPayload(payload);
}

/** Any payload written in the `s1.` format, so share-link.ts can add its fields to the same link. */
export function encodeUrlPayload(payload: object): string {
  return prefix + toBase64Url(deflateSync(strToU8(JSON.stringify(payload)), { level: 9 }));
}

/** The JSON text inside an `s1.` link, prefix not checked; throws when it does not decompress. */
export function urlPayloadText(param: string): string {
  return strFromU8(inflateSync(fromBase64Url(param.slice(prefix.length))));
}

export function fitsInUrl(param: string): boolean {
  return param.length <= maxUrlParamLength;
}

/** Never throws: a link cut short or edited by hand gets an error saying what is wrong with it. */
export function decodeScenarioFromUrl(param: string): DecodedScenario {
  const fail = (message: string, path = ''): DecodedScenario => ({
    ok: false,
    error: scenarioError(path, message),
  });
  if (!param.startsWith(prefix)) {
    const version = /^s(\d+)\./.exec(param)?.[1];
    return fail(
      version !== undefined && Number(version) > 1
        ? `it was made by a newer version of the playground (link format s${version}; this one reads s1)`
        : `it does not hold a scenario (it should start with "${prefix}")`,
    );
  }
  let text: string;
  try {
    text = urlPayloadText(param);
  } catch {
    return fail('it is damaged: its scenario does not decompress (was it cut short or changed?)');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return fail('it is damaged: its scenario is not valid JSON');
  }
  if (typeof payload !== 'object' || payload === null || !('scenario' in payload))
    return fail('it holds no scenario');
  const {
    scenario: raw,
    atMs,
    interventions,
  } = payload as { scenario: unknown; atMs?: unknown; interventions?: unknown };
  const parsed = parseScenario(raw);
  if (!parsed.ok)
    return {
      ok: false,
      error: {
        ...parsed.error,
        path: parsed.error.path === '' ? 'scenario' : `scenario.${parsed.error.path}`,
      },
    };
  if (atMs !== undefined && !timeMs.safeParse(atMs).success)
    return fail('must be a time of at least 0 ms', 'atMs');
  const checked = checkInterventions(parsed.scenario, interventions ?? []);
  if (!checked.ok) return checked;
  return {
    ok: true,
    scenario: parsed.scenario,
    ...(atMs === undefined ? {} : { atMs: atMs as number }),
    interventions: checked.interventions,
  };
}

function checkInterventions(
  scenario: Scenario,
  raw: unknown,
): { ok: true; interventions: ScheduledFault[] } | { ok: false; error: ScenarioError } {
  if (!Array.isArray(raw))
    return { ok: false, error: scenarioError('interventions', 'must be a list') };
  const entries = [];
  const nodes = new Set(clusterNodes(scenario.cluster).map((n) => n.id));
  for (const { fault } of scenario.schedule ?? []) if (fault.kind === 'join') nodes.add(fault.node);
  for (const item of raw) if (isJoin(item)) nodes.add(item.fault.node);
  const known = {
    nodes,
    endpoints: new Set([...nodes, ...clientIds(scenario), 'c1']),
    workloadIds: new Set([
      ...(scenario.workloads ?? []).map((w) => w.id),
      ...(scenario.schedule ?? []).flatMap((f) =>
        f.fault.kind === 'workload-start' ? [f.fault.workload.id] : [],
      ),
    ]),
  };
  for (const [i, item] of raw.entries()) {
    const parsed = scheduledFaultSchema.safeParse(item, { reportInput: true });
    if (!parsed.success) {
      const e = fromZodIssue(parsed.error.issues[0]!);
      return {
        ok: false,
        error: {
          ...e,
          path: formatPath(['interventions', i]) + (e.path === '' ? '' : `.${e.path}`),
        },
      };
    }
    if (parsed.data.fault.kind === 'workload-start')
      known.workloadIds.add(parsed.data.fault.workload.id);
    const problem = faultProblem(parsed.data.fault, ['interventions', i, 'fault'], known);
    if (problem) return { ok: false, error: problem };
    entries.push(parsed.data);
  }
  return { ok: true, interventions: scheduledFaults(entries) };
}

function isJoin(item: unknown): item is { fault: { kind: 'join'; node: string } } {
  const fault = (item as { fault?: { kind?: unknown; node?: unknown } } | null)?.fault;
  return fault?.kind === 'join' && typeof fault.node === 'string';
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Which background traffic runs, and how the Workload panel names it: by what the person chose
 * (rate, read share, key popularity), not by the internal id its clients are named after. Traffic
 * comes from the scenario (its `workloads`, and `workload-start` in its schedule) or from the panel
 * (a recorded intervention); either stops with a `workload-stop` naming its id.
 */
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import { workloadSpec } from '../../scenario/scenario-setup.ts';
import type { WorkloadSpec } from '../../sim/world-config.ts';

export interface RunningTraffic {
  workload: WorkloadSpec;
  /** Written into the scenario, or started by hand from the panel. */
  source: 'scenario' | 'hand';
}

interface TrafficChange {
  atMs: number;
  start?: RunningTraffic;
  stopId?: string;
}

/** The scenario's traffic changes: its workloads from their start (to their stop), and its schedule's. */
function scenarioChanges(scenario: Scenario | null): TrafficChange[] {
  if (scenario === null) return [];
  const changes: TrafficChange[] = [];
  for (const entry of scenario.workloads ?? []) {
    const workload = workloadSpec(entry);
    changes.push({ atMs: workload.startMs, start: { workload, source: 'scenario' } });
    if (workload.stopMs !== undefined) changes.push({ atMs: workload.stopMs, stopId: workload.id });
  }
  for (const { atMs, fault } of scenario.schedule ?? []) {
    if (fault.kind === 'workload-start') changes.push({ atMs, start: { workload: workloadSpec(fault.workload), source: 'scenario' } });
    else if (fault.kind === 'workload-stop') changes.push({ atMs, stopId: fault.id });
  }
  return changes;
}

/**
 * The traffic running at `nowMs`: the scenario's and the recorded interventions', started and not
 * stopped by then, oldest first. Read from the scenario and the interventions, so it stays right
 * across seeks.
 */
export function runningWorkloads(scenario: Scenario | null, interventions: readonly Intervention[], nowMs: number): RunningTraffic[] {
  const changes = scenarioChanges(scenario);
  for (const { atMs, fault } of interventions) {
    if (fault.kind === 'workload-start') changes.push({ atMs, start: { workload: fault.workload, source: 'hand' } });
    else if (fault.kind === 'workload-stop') changes.push({ atMs, stopId: fault.id });
  }
  // A stable sort: at one time, the scenario's changes come before a person's.
  changes.sort((a, b) => a.atMs - b.atMs);
  const running = new Map<string, RunningTraffic>();
  for (const change of changes) {
    if (change.atMs > nowMs) break;
    if (change.start) running.set(change.start.workload.id, change.start);
    if (change.stopId !== undefined) running.delete(change.stopId);
  }
  return [...running.values()];
}

/** The workload started last and not stopped since, if any (the recorded interventions alone). */
export function runningWorkload(interventions: readonly Intervention[]): WorkloadSpec | null {
  return runningWorkloads(null, interventions, Infinity).at(-1)?.workload ?? null;
}

const count = (n: number) => n.toLocaleString('en-US');

/** "1,320 requests/s, 70 % reads, 20,000 keys (uniform)". */
function workloadNumbers(workload: WorkloadSpec): string {
  const reads = Number((workload.readFraction * 100).toFixed(1));
  const popularity = workload.popularity.kind === 'zipf' ? 'Zipf' : 'uniform';
  const pace =
    workload.loop === 'open'
      ? `${count(workload.ratePerSec)} requests/s`
      : `${count(workload.clients)} clients, ${count(workload.thinkMs)} ms between requests`;
  return `${pace}, ${reads} % reads, ${count(workload.keyCount)} keys (${popularity})`;
}

/**
 * "traffic running: 50 requests/s, 50 % reads, 100 keys (Zipf)", "traffic running (from the
 * scenario): 1,320 requests/s, …", or that there is none.
 */
export function describeWorkload(workload: WorkloadSpec | RunningTraffic | null): string {
  if (workload === null) return 'no background traffic';
  const traffic: RunningTraffic = 'source' in workload ? workload : { workload, source: 'hand' };
  const from = traffic.source === 'scenario' ? ' (from the scenario)' : '';
  return `traffic running${from}: ${workloadNumbers(traffic.workload)}`;
}

/** Every running workload in words, "; " between them. */
export function describeWorkloads(running: readonly RunningTraffic[]): string {
  return running.length === 0 ? 'no background traffic' : running.map(describeWorkload).join('; ');
}

/** Where the internal id still shows: the names of the workload's clients (space-time view, metrics). */
export function workloadClientsNote(workload: WorkloadSpec): string {
  const last = workload.clients > 1 ? ` … ${workload.id}-c${workload.clients}` : '';
  return `Its clients are named ${workload.id}-c1${last}`;
}

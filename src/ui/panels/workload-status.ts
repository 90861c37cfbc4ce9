/**
 * Which background traffic runs, and how the Workload panel names it: by what the person chose
 * (rate, read share, key popularity), not by the internal id its clients are named after.
 */
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { WorkloadSpec } from '../../sim/world-config.ts';

/** The workload started last and not stopped since, if any; read from the recorded interventions, so it stays right across seeks. */
export function runningWorkload(interventions: readonly Intervention[]): WorkloadSpec | null {
  let running: WorkloadSpec | null = null;
  for (const { fault } of interventions) {
    if (fault.kind === 'workload-start') running = fault.workload;
    else if (fault.kind === 'workload-stop' && fault.id === running?.id) running = null;
  }
  return running;
}

/** "traffic running: 50 requests/s, 50 % reads, 100 keys (Zipf)", or that there is none. */
export function describeWorkload(workload: WorkloadSpec | null): string {
  if (workload === null) return 'no background traffic';
  const reads = Number((workload.readFraction * 100).toFixed(1));
  const popularity = workload.popularity.kind === 'zipf' ? 'Zipf' : 'uniform';
  return `traffic running: ${workload.ratePerSec} requests/s, ${reads} % reads, ${workload.keyCount} keys (${popularity})`;
}

/** Where the internal id still shows: the names of the workload's clients (space-time view, metrics). */
export function workloadClientsNote(workload: WorkloadSpec): string {
  const last = workload.clients > 1 ? ` … ${workload.id}-c${workload.clients}` : '';
  return `Its clients are named ${workload.id}-c1${last}`;
}

import { describe, expect, it } from 'vitest';
import type { Intervention } from '../../../src/runtime/browser/simulation-api.ts';
import { workloadSpec } from '../../../src/ui/live/run-setup.ts';
import bigClusterJson from '../../../public/scenarios/big-cluster.json';
import type { Scenario } from '../../../src/scenario/scenario-schema.ts';
import { describeWorkload, describeWorkloads, runningWorkload, runningWorkloads, workloadClientsNote } from '../../../src/ui/panels/workload-status.ts';

const zipf = workloadSpec('bg1', { ratePerSec: 50, readFraction: 0.5, popularity: 'zipf', keyCount: 100 });
const uniform = workloadSpec('bg2', { ratePerSec: 200, readFraction: 0.95, popularity: 'uniform', keyCount: 100 });
const at = (atMs: number, fault: Intervention['fault']): Intervention => ({ afterEvents: atMs, atMs, fault });

describe('the workload status', () => {
  it('names running traffic by what the person chose, not by its internal id', () => {
    expect(describeWorkload(zipf)).toBe('traffic running: 50 requests/s, 50 % reads, 100 keys (Zipf)');
    expect(describeWorkload(uniform)).toBe('traffic running: 200 requests/s, 95 % reads, 100 keys (uniform)');
    expect(describeWorkload(zipf)).not.toContain('bg1');
    expect(describeWorkload(null)).toBe('no background traffic');
  });

  it('keeps the id for where it still shows: the names of its clients', () => {
    expect(workloadClientsNote(zipf)).toBe('Its clients are named bg1-c1 … bg1-c4');
  });

  it('reads the running workload from the recorded interventions', () => {
    const started = [at(0, { kind: 'workload-start', workload: zipf })];
    expect(runningWorkload(started)).toBe(zipf);
    expect(runningWorkload([...started, at(10, { kind: 'workload-stop', id: 'bg1' })])).toBeNull();
    expect(runningWorkload([...started, at(10, { kind: 'workload-stop', id: 'other' })])).toBe(zipf);
  });

  it('shows the traffic a scenario runs, its numbers, and says it comes from the scenario', () => {
    const bigCluster = bigClusterJson as Scenario;
    const running = runningWorkloads(bigCluster, [], 1000);
    expect(running.map((r) => [r.workload.id, r.source])).toEqual([['shoppers', 'scenario']]);
    expect(describeWorkloads(running)).toBe('traffic running (from the scenario): 1,320 requests/s, 70 % reads, 20,000 keys (uniform)');
    // Stop sends a workload-stop naming it, as for traffic started by hand.
    expect(runningWorkloads(bigCluster, [at(2000, { kind: 'workload-stop', id: 'shoppers' })], 1000)).toHaveLength(1);
    expect(runningWorkloads(bigCluster, [at(2000, { kind: 'workload-stop', id: 'shoppers' })], 2500)).toEqual([]);
  });

  it('follows a scenario’s workload from its start to its stop, and its scheduled ones', () => {
    const scenario = {
      version: 1,
      workloads: [{ id: 'shop', ratePerSec: 100, startMs: 1000, stopMs: 5000 }],
      schedule: [
        { atMs: 2000, fault: { kind: 'workload-start', workload: { id: 'rush', ratePerSec: 400 } } },
        { atMs: 3000, fault: { kind: 'workload-stop', id: 'rush' } },
      ],
    } as unknown as Scenario;
    const ids = (nowMs: number) => runningWorkloads(scenario, [], nowMs).map((r) => r.workload.id);
    expect(ids(500)).toEqual([]);
    expect(ids(1500)).toEqual(['shop']);
    expect(ids(2500)).toEqual(['shop', 'rush']);
    expect(ids(3500)).toEqual(['shop']);
    expect(ids(6000)).toEqual([]);
  });

  it('names traffic started by hand without "from the scenario", beside the scenario’s', () => {
    const running = runningWorkloads(null, [at(0, { kind: 'workload-start', workload: zipf })], 10);
    expect(describeWorkloads(running)).toBe('traffic running: 50 requests/s, 50 % reads, 100 keys (Zipf)');
    expect(describeWorkloads([])).toBe('no background traffic');
  });
});

import { describe, expect, it } from 'vitest';
import type { Intervention } from '../../../src/runtime/browser/simulation-api.ts';
import { workloadSpec } from '../../../src/ui/live/run-setup.ts';
import { describeWorkload, runningWorkload, workloadClientsNote } from '../../../src/ui/panels/workload-status.ts';

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
});

/**
 * The run the worker checks compare across hosts and platforms: five nodes under a mixed workload
 * with a crash/recover and a partition/heal, small enough for a browser test.
 */
import { makeSetup } from '../../sim/setup.ts';
import { defaultWorkload, type WorldSetup } from '../../sim/world-config.ts';

export const workerCheckUntilMs = 1500;

export function workerCheckSetup(seed: number): WorldSetup {
  return makeSetup({
    seed,
    workloads: [{ ...defaultWorkload, ratePerSec: 100 }],
    schedule: [
      { atMs: 250, fault: { kind: 'crash', node: 'n2' } },
      { atMs: 600, fault: { kind: 'recover', node: 'n2' } },
      { atMs: 800, fault: { kind: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] } },
      { atMs: 1100, fault: { kind: 'heal' } },
    ],
  });
}

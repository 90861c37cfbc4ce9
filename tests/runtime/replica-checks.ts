/** Checks over a whole test cluster against ground truth (Dynamo §4.6, §4.7, §4.9), shared by the scenario tests. */
import { descends } from '../../src/core/vector-clock.ts';
import type { Cluster } from '../../src/runtime/cluster.ts';

/** Acknowledged writes (ground truth) that a home replica holds neither as is nor superseded. */
export function missingOnHomes(c: Cluster): string[] {
  const missing: string[] = [];
  for (const key of c.world.truth.keys()) {
    for (const home of c.homeReplicas(key)) {
      const held = c.versionsOn(home, key);
      for (const w of c.world.truth.latest(key)) {
        if (!held.some((v) => descends(v.clock, w.clock))) missing.push(`${key}@${home} (op ${w.opId})`);
      }
    }
  }
  return missing;
}

/** Hints left on live nodes. */
export function hintsLeft(c: Cluster): number {
  return c.world.liveNodes().reduce((n, id) => n + c.hintsOn(id).length, 0);
}

/** Messages of one kind sent so far, from the trace window. */
export function sentCount(c: Cluster, kind: string): number {
  return c.world.trace.window().filter((r) => r.kind === 'send' && r.msg === kind).length;
}

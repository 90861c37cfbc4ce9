/**
 * Random failures for the divergence and availability experiments, drawn from the run's seed:
 * node crashes with recovery after a downtime (Dynamo §4.6, §4.8.3) and network partitions that
 * heal after a while (§4.6, §6.3), as a schedule of the world's own faults.
 */
import type { NodeId } from '../core/types.ts';
import type { SeededPrng } from '../sim/prng.ts';
import type { ScheduledFault } from '../sim/world-config.ts';
import { ExperimentOptionsError } from './experiment-control.ts';

export interface FailureRates {
  /** Crashes per minute over the whole cluster (a Poisson process); a node already down is spared. */
  crashesPerMinute: number;
  /** How long a crashed node stays down, ms. */
  downtimeMs: number;
  /** Partitions per minute (Poisson); one at a time, splitting the nodes into two random groups. */
  partitionsPerMinute: number;
  /** How long a partition lasts before it heals, ms. */
  partitionMs: number;
}

export function validateFailureRates(rates: FailureRates): void {
  const nonNegative = (parameter: string, value: number): void => {
    if (!(Number.isFinite(value) && value >= 0)) throw new ExperimentOptionsError(parameter, `must be a number of at least 0 (got ${value})`);
  };
  nonNegative('crashes-per-minute', rates.crashesPerMinute);
  nonNegative('downtime-ms', rates.downtimeMs);
  nonNegative('partitions-per-minute', rates.partitionsPerMinute);
  nonNegative('partition-ms', rates.partitionMs);
}

export function failureSchedule(nodes: readonly NodeId[], durationMs: number, rates: FailureRates, prng: SeededPrng): ScheduledFault[] {
  const schedule: ScheduledFault[] = [];
  const nextGapMs = (perMinute: number): number => (perMinute > 0 ? -Math.log(1 - prng.next()) * (60_000 / perMinute) : Infinity);
  const upAgainAtMs = new Map<NodeId, number>();
  for (let t = nextGapMs(rates.crashesPerMinute); t < durationMs; t += nextGapMs(rates.crashesPerMinute)) {
    const node = prng.pick(nodes);
    if ((upAgainAtMs.get(node) ?? 0) > t) continue;
    upAgainAtMs.set(node, t + rates.downtimeMs);
    schedule.push({ atMs: t, fault: { kind: 'crash', node } }, { atMs: t + rates.downtimeMs, fault: { kind: 'recover', node } });
  }
  let healedAtMs = 0;
  for (let t = nextGapMs(rates.partitionsPerMinute); t < durationMs; t += nextGapMs(rates.partitionsPerMinute)) {
    const shuffled = prng.shuffle([...nodes]);
    const cut = 1 + prng.int(Math.max(1, nodes.length - 1));
    if (t < healedAtMs || nodes.length < 2) continue;
    healedAtMs = t + rates.partitionMs;
    schedule.push({ atMs: t, fault: { kind: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] } }, { atMs: healedAtMs, fault: { kind: 'heal' } });
  }
  return schedule.sort((a, b) => a.atMs - b.atMs);
}

/**
 * The live run's description from the playground's settings (Dynamo §4.2 ring, §4.5 N/R/W, §4.6
 * quorum mode, §4.4 conflict resolution): the same settings and seed always give the same run, the
 * ring the Ring view draws included (both draw it from the seed's `ring` stream).
 */
import { makeSetup } from '../../sim/setup.ts';
import type { WorkloadSpec, WorldSetup } from '../../sim/world-config.ts';
import { defaultWorkload } from '../../sim/world-config.ts';
import { ringParams } from '../model/cluster-ring.ts';
import type { ClusterSettings } from '../store/settings-validation.ts';

/** Trace records the simulation keeps for the views: as many as the run slice's log holds. */
export const LIVE_TRACE_WINDOW = 20_000;

/**
 * What of the settings the live run is built from, as text: two settings with the same key give
 * the same run. T under strategy 3 (and Q under strategy 1) shapes only the strategy lab's rings,
 * so changing it leaves the live run where it is.
 */
export function liveRunKey(settings: ClusterSettings): string {
  const { tokensPerNode: _t, partitionCount: _q, ...rest } = settings;
  return JSON.stringify({ ...rest, ring: ringParams(settings) });
}

export function runSetup(settings: ClusterSettings): WorldSetup {
  return makeSetup({
    seed: settings.seed,
    nodes: settings.nodes,
    ring: ringParams(settings),
    node: {
      N: settings.N,
      R: settings.R,
      W: settings.W,
      quorumMode: settings.quorumMode,
      resolution: settings.conflictResolution,
    },
    traceWindow: LIVE_TRACE_WINDOW,
  });
}

export interface WorkloadChoice {
  /** Requests per second of virtual time. */
  ratePerSec: number;
  /** Fraction of gets, 0..1. */
  readFraction: number;
  popularity: 'uniform' | 'zipf';
  keyCount: number;
}

/** Background traffic the workload panel starts (a `workload-start` intervention). */
export function workloadSpec(id: string, choice: WorkloadChoice): WorkloadSpec {
  return {
    ...defaultWorkload,
    id,
    ratePerSec: choice.ratePerSec,
    readFraction: choice.readFraction,
    keyCount: choice.keyCount,
    popularity: choice.popularity === 'zipf' ? { kind: 'zipf', exponent: 1 } : { kind: 'uniform' },
    // The intervention's own time is when it starts.
    startMs: 0,
  };
}

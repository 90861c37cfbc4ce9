/**
 * The vocabulary every invariant checker shares (Dynamo §7 of the notes: the properties list):
 * a violation is a bug, an anomaly is something Dynamo does on purpose and is only counted, and
 * every lost write carries its cause (DeCandia et al. §4.4, §4.6, §6.1).
 */
import type { Key, NodeId } from '../core/types.ts';

/** The checkers, by the name a failing seed reports. */
export type CheckerName =
  | 'lost-write'
  | 'ack-honesty'
  | 'placement'
  | 'convergence'
  | 'hint-drain'
  | 'gossip-agreement'
  | 'strict-quorum'
  | 'determinism'
  | 'crash';

export interface Violation {
  checker: CheckerName;
  /** One sentence naming the key, node or request at fault. */
  message: string;
  /** Virtual time of the evidence, ms, when known: where the playground should open. */
  atMs?: number;
  key?: Key;
  node?: NodeId;
}

/**
 * Why an acknowledged write is gone, when Dynamo meant it to be possible (§4.4 last-writer-wins,
 * §4.6/#22 durability bound, §6.1 buffered writes, §4.4 clocks reissued after a disk is lost).
 */
export type LossCause =
  | 'last-writer-wins'
  | 'every-holder-destroyed'
  | 'buffered-write-lost-in-crash'
  | 'clock-reused-after-disk-loss';

/** Why a read missed an acknowledged write, when Dynamo allows it (§4.5, §4.6). */
export type StaleCause =
  | 'weak-quorum'
  | 'sloppy-quorum'
  | 'last-writer-wins'
  | 'membership-change'
  | 'data-loss'
  | 'buffered-writes';

/** Counts of Dynamo's intended anomalies, shown rather than failed. */
export interface AnomalyCounts {
  staleReads: Record<StaleCause, number>;
  /** Successful gets that returned more than one version (§4.4 siblings). */
  siblingReads: number;
  /** Items a shopping-cart union of a read's siblings brings back that its newest sibling dropped (§4.4). */
  cartResurrections: number;
  lostWrites: Record<LossCause, number>;
  /** Puts the client gave up on or that failed: they may or may not have happened (§4.5). */
  indeterminateWrites: number;
  failedReads: number;
}

export function emptyAnomalies(): AnomalyCounts {
  return {
    staleReads: {
      'weak-quorum': 0,
      'sloppy-quorum': 0,
      'last-writer-wins': 0,
      'membership-change': 0,
      'data-loss': 0,
      'buffered-writes': 0,
    },
    siblingReads: 0,
    cartResurrections: 0,
    lostWrites: {
      'last-writer-wins': 0,
      'every-holder-destroyed': 0,
      'buffered-write-lost-in-crash': 0,
      'clock-reused-after-disk-loss': 0,
    },
    indeterminateWrites: 0,
    failedReads: 0,
  };
}

/** Adds `b` into `a`, field by field. */
export function addAnomalies(a: AnomalyCounts, b: AnomalyCounts): AnomalyCounts {
  const out = emptyAnomalies();
  for (const k of Object.keys(out.staleReads) as StaleCause[])
    out.staleReads[k] = a.staleReads[k] + b.staleReads[k];
  for (const k of Object.keys(out.lostWrites) as LossCause[])
    out.lostWrites[k] = a.lostWrites[k] + b.lostWrites[k];
  out.siblingReads = a.siblingReads + b.siblingReads;
  out.cartResurrections = a.cartResurrections + b.cartResurrections;
  out.indeterminateWrites = a.indeterminateWrites + b.indeterminateWrites;
  out.failedReads = a.failedReads + b.failedReads;
  return out;
}

/** What one checker found. */
export interface CheckResult {
  violations: Violation[];
}

/**
 * The fuzzer's regression file (issue 11, item 4): seeds that once failed and were fixed, which
 * must keep passing, and seeds that fail today because of a known engine bug, which the suite
 * expects to fail — so it says so loudly the day one of them starts passing. Every failing seed
 * replays with `npm run cli -- fuzz --seeds 1 --from <seed> --json`.
 */
import type { CheckerName } from '../../src/check/check-types.ts';

/** Seeds that failed once and were fixed. Keep them passing. */
export const fixedSeeds: readonly number[] = [];

/** The known engine bugs, as diagnosed (see the fuzzer's report in the commit that added them). */
export const knownBugs = {
  'coordinator-counter-regression':
    'coordinator.ts derives a new clock counter from the versions it holds locally for the key; a coordinator that does not hold them (not a home replica, a departed node, a key handed off, or a version dropped by last-writer-wins) reissues a clock it already used, and replicas silently drop the new write',
  'client-clock-reuse':
    'client-driven coordination (§6.4) increments the client’s own clock entry from its session context, which a timed-out put does not update, so the next put reuses the same clock for another value',
  'leave-lost-in-gossip':
    'membership entry versions are bumped by whoever applies a ring change, so a leave can carry the same version as a token change made by a concurrent join; the tie-break prefers status "up" over "left", the leave is lost, and the departed node keeps keys its successors never get',
  'anti-entropy-endless-metadata':
    'two replicas hold versions equal by clock and value but with other metadata (write time or writer, e.g. one put coordinated twice); the store calls the incoming copy unchanged while the Merkle hash covers the metadata, so anti-entropy sends the same keys every round forever',
} as const;

export interface KnownFailingSeed {
  seed: number;
  /** The checkers that fail on it today. */
  checkers: readonly CheckerName[];
  bug: keyof typeof knownBugs;
}

/** Seeds that fail today: all of 1–300, and examples of rarer bugs from longer runs. */
export const knownFailingSeeds: readonly KnownFailingSeed[] = [
  { seed: 5, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 26, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  {
    seed: 32,
    checkers: ['convergence', 'gossip-agreement', 'lost-write', 'placement'],
    bug: 'leave-lost-in-gossip',
  },
  { seed: 33, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 42, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 43, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 51, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 53, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 56, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 61, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 75, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 77, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 85, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 87, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 96, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 104, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 108, checkers: ['lost-write'], bug: 'client-clock-reuse' },
  { seed: 160, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 161, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 166, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 169, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 185, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 188, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 193, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 212, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 216, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 231, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 246, checkers: ['lost-write'], bug: 'client-clock-reuse' },
  { seed: 247, checkers: ['lost-write'], bug: 'client-clock-reuse' },
  { seed: 252, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 289, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 293, checkers: ['lost-write'], bug: 'coordinator-counter-regression' },
  { seed: 371, checkers: ['convergence'], bug: 'anti-entropy-endless-metadata' },
  { seed: 710, checkers: ['convergence'], bug: 'anti-entropy-endless-metadata' },
];

/**
 * Flags that bound each other in the experiment commands (N ≤ --nodes, --R/--W ≤ N, Q ≥ S for
 * strategy 3): when a pair is out of order, the message names the flag the person gave — the one
 * that made the pair impossible — and the other flag with its value, saying whether that is its
 * default. `--nodes 2` alone says "--nodes: must be at least the default of --N (3): …".
 */
import { CliUsageError } from './args.ts';

export interface FlagBound {
  /** Must not exceed `large`. */
  small: string;
  large: string;
  why: string;
}

export const replicaBound: FlagBound = {
  small: 'N',
  large: 'nodes',
  why: 'each of a key’s N replicas is on a node of its own',
};
export const quorumBounds: readonly FlagBound[] = [
  { small: 'R', large: 'N', why: 'a read waits for replies from at most the N replicas' },
  { small: 'W', large: 'N', why: 'a write waits for acks from at most the N replicas' },
];
export const partitionsBound: FlagBound = {
  small: 'nodes',
  large: 'partitions',
  why: 'strategy 3 gives every node at least one of the Q partitions',
};

/**
 * Throws a `CliUsageError` naming the given flag of the first pair out of order. `given` holds the
 * flags as parsed (a flag left out is undefined); `defaults` the experiment's options, whose value
 * a flag left out takes (a flag with no number either way is skipped: the experiment's own checks
 * speak for it).
 */
export function checkFlagBounds(
  bounds: readonly FlagBound[],
  flags: object,
  defaults: object,
): void {
  // The bounded options are named alike as flags and as options (nodes, N, R, W, partitions).
  const numberIn = (o: object, flag: string): number | undefined => {
    const v: unknown = Object.entries(o).find(([k]) => k === flag)?.[1];
    return typeof v === 'number' ? v : undefined;
  };
  const given = (flag: string): boolean => numberIn(flags, flag) !== undefined;
  const valueOf = (flag: string): number | undefined => numberIn(flags, flag) ?? numberIn(defaults, flag);
  const described = (flag: string): string =>
    given(flag) ? `--${flag} (${valueOf(flag)})` : `the default of --${flag} (${valueOf(flag)})`;
  for (const { small, large, why } of bounds) {
    const s = valueOf(small);
    const l = valueOf(large);
    if (s === undefined || l === undefined || !Number.isSafeInteger(s) || !Number.isSafeInteger(l) || s <= l) continue;
    // The person's flag is at fault: the large one when only it was given, else the small one.
    if (given(large) && !given(small))
      throw new CliUsageError(`--${large}: must be at least ${described(small)}: ${why}; give a larger --${large} or a smaller --${small} (got ${l})`, large);
    throw new CliUsageError(`--${small}: must be at most ${described(large)}: ${why}; give a smaller --${small} or a larger --${large} (got ${s})`, small);
  }
}

/**
 * Figure 5 of the bench (Dynamo §4.7): building Merkle trees over many keys against just hashing
 * those keys, and one anti-entropy exchange between two trees that differ in 100 keys: hashes
 * compared and keys sent.
 */
import { diffTrees } from '../src/core/anti-entropy.ts';
import { MerkleTree } from '../src/core/merkle-tree.ts';
import { Hash64, hashVersionsInto } from '../src/core/object-hash.ts';
import type { Key, Version } from '../src/core/types.ts';
import { median, progress, round, timeMs } from './bench-stats.ts';

export interface MerkleFigures {
  keys: number;
  depth: number;
  fanout: number;
  buildMs: number;
  hashOnlyMs: number;
  ratio: number;
  differingKeys: number;
  hashesCompared: number;
  /** The bound: about 100 × depth. */
  hashesBound: number;
  /** (key, hash) pairs both sides offered for the differing leaves. */
  keyHashesOffered: number;
  /** Keys found to differ, the only ones whose objects then travel. */
  keysSent: number;
}

function version(i: number, generation: number): Version {
  return {
    value: `v${i}.${generation}`,
    clock: [{ node: `n${(i % 64) + 1}`, counter: generation, timestampMs: i }],
    writtenAtMs: i,
    writer: `n${(i % 64) + 1}`,
  };
}

export function measureMerkle(
  keyCount: number,
  repetitions: number,
  options = { depth: 4, fanout: 16 },
): MerkleFigures {
  const keys: Key[] = Array.from({ length: keyCount }, (_, i) => `key-${i}`);
  const versions: (readonly Version[])[] = keys.map((_, i) => [version(i, 1)]);
  const state = new Hash64();
  let sink = 0;
  const hashOnly = (): void => {
    for (let i = 0; i < keyCount; i++)
      sink ^= hashVersionsInto(state, keys[i] as Key, versions[i] as readonly Version[]).lo;
  };
  let tree = new MerkleTree(options);
  const build = (): void => {
    tree = new MerkleTree(options);
    for (let i = 0; i < keyCount; i++)
      tree.update(keys[i] as Key, versions[i] as readonly Version[]);
    tree.root();
  };
  hashOnly();
  build();
  const hashTimes: number[] = [];
  const buildTimes: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    hashTimes.push(timeMs(hashOnly));
    buildTimes.push(timeMs(build));
    ratios.push((buildTimes[r] as number) / (hashTimes[r] as number));
    progress(
      `merkle: ${keyCount} keys: hash ${Math.round(hashTimes[r] as number)} ms, build ${Math.round(buildTimes[r] as number)} ms`,
    );
  }
  if (sink === 0.5) progress('unreachable');

  // A replica that missed 100 writes: the same keys, 100 of them one generation behind.
  const other = new MerkleTree(options);
  const stride = Math.floor(keyCount / 100);
  for (let i = 0; i < keyCount; i++)
    other.update(
      keys[i] as Key,
      i % stride === 0 && i / stride < 100 ? [version(i, 0)] : (versions[i] as readonly Version[]),
    );
  const diff = diffTrees(tree, other);
  const buildMs = median(buildTimes);
  const hashOnlyMs = median(hashTimes);
  return {
    keys: keyCount,
    depth: options.depth,
    fanout: options.fanout,
    buildMs: round(buildMs),
    hashOnlyMs: round(hashOnlyMs),
    ratio: round(median(ratios)),
    differingKeys: diff.differingKeys.length,
    hashesCompared: diff.stats.hashesCompared,
    hashesBound: 100 * options.depth,
    keyHashesOffered: diff.stats.keysSent,
    keysSent: diff.stats.differingKeys,
  };
}

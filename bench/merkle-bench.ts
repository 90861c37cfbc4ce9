/**
 * Figure 5 of the bench (Dynamo §4.7): building Merkle trees over many keys against just hashing
 * those keys, and one anti-entropy exchange between two replicas that differ in 100 keys, run
 * through the same steps the nodes take on messages (`runExchange`): hashes compared, key hashes
 * offered, objects sent.
 */
import { runExchange, type ExchangeReplica } from '../src/core/anti-entropy.ts';
import { MerkleTree } from '../src/core/merkle-tree.ts';
import { Hash64, hashVersionsInto } from '../src/core/object-hash.ts';
import type { Key, Version } from '../src/core/types.ts';
import { reconcile } from '../src/core/versions.ts';
import { median, progress, round, timeMs } from './bench-stats.ts';

export interface MerkleFigures {
  keys: number;
  depth: number;
  fanout: number;
  buildMs: number;
  hashOnlyMs: number;
  ratio: number;
  differingKeys: number;
  /** Tree-node and key hashes compared by both sides. */
  hashesCompared: number;
  /** Binary levels the exchange walked (ceil(log2 keys)), where a node holds about one key. */
  levelsDescended: number;
  /** The target: about differing keys × the depth walked. */
  hashesBound: number;
  /** (key, hash) pairs offered at the key level. */
  keyHashesOffered: number;
  /** Distinct keys whose objects travelled: the differing ones, if only those are sent. */
  keysSent: number;
  /** Objects sent, both directions (a key both sides hold otherwise may travel both ways). */
  objectsSent: number;
  messages: number;
  /** The two roots agree after the exchange. */
  converged: boolean;
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
  const stride = Math.floor(keyCount / 100);
  const behind = (i: number): readonly Version[] =>
    i % stride === 0 && i / stride < 100 ? [version(i, 0)] : (versions[i] as readonly Version[]);
  const current = replica(tree, (i) => versions[i] as readonly Version[], keys);
  const stale = replica(new MerkleTree(options), behind, keys);
  const { stats } = runExchange(current, stale);
  const buildMs = median(buildTimes);
  const hashOnlyMs = median(hashTimes);
  return {
    keys: keyCount,
    depth: options.depth,
    fanout: options.fanout,
    buildMs: round(buildMs),
    hashOnlyMs: round(hashOnlyMs),
    ratio: round(median(ratios)),
    differingKeys: stats.differingKeys,
    hashesCompared: stats.hashesCompared,
    levelsDescended: stats.levelsDescended,
    hashesBound: stats.differingKeys * stats.levelsDescended,
    keyHashesOffered: stats.keyHashesOffered,
    keysSent: stats.keysSent,
    objectsSent: stats.objectsSent,
    messages: stats.messages,
    converged: current.tree.root() === stale.tree.root(),
  };
}

/** A replica of `keys` holding `versionsOf(i)` for key i, its writes reconciled as a node's store does. */
function replica(
  tree: MerkleTree,
  versionsOf: (i: number) => readonly Version[],
  keys: readonly Key[],
): ExchangeReplica {
  const store = new Map<Key, readonly Version[]>();
  keys.forEach((key, i) => {
    store.set(key, versionsOf(i));
    tree.update(key, versionsOf(i));
  });
  return {
    tree,
    read: (key) => store.get(key) ?? [],
    write: (key, incoming) => {
      const merged = reconcile([...(store.get(key) ?? []), ...incoming]);
      store.set(key, merged);
      tree.update(key, merged);
    },
  };
}

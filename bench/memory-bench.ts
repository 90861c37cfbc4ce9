/**
 * Figure 6 of the bench: heap bytes per stored version at many keys across 64 nodes — the value,
 * its vector clock, the storage map's entry and the key's share of its range's Merkle tree (Dynamo
 * §4.4, §4.7, §5). Each replica holds its own copies, as separate machines (or workers) would.
 *
 * Placement is a simple model (a key's range by its hash, a range's N nodes in a row): where a key
 * lands does not change what it costs to keep.
 */
import { MerkleTree } from '../src/core/merkle-tree.ts';
import { keyHash32 } from '../src/core/object-hash.ts';
import { LocalStore, MemoryEngine } from '../src/core/storage.ts';
import type { Version } from '../src/core/types.ts';
import { defaultNodeConfig } from '../src/core/node-config.ts';
import { collectGarbage, progress, round } from './bench-stats.ts';

export interface MemoryFigures {
  keys: number;
  nodes: number;
  versions: number;
  bytesPerVersion: number;
}

interface NodeState {
  store: LocalStore;
  trees: Map<number, MerkleTree>;
}

function heapBytes(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

export function measureMemory(
  keyCount: number,
  nodeCount = 64,
  N = 3,
  ranges = 256,
): MemoryFigures {
  const merkle = { depth: defaultNodeConfig.merkleDepth, fanout: defaultNodeConfig.merkleFanout };
  const storeOptions = {
    writeMode: 'durable' as const,
    bufferCapacity: 0,
    resolution: 'siblings' as const,
  };
  const before = heapBytes();
  const nodes: NodeState[] = Array.from({ length: nodeCount }, () => ({
    store: new LocalStore(new MemoryEngine(), storeOptions, () => undefined),
    trees: new Map<number, MerkleTree>(),
  }));
  for (let i = 0; i < keyCount; i++) {
    const key = `key-${i}`;
    const range = keyHash32(key) % ranges;
    const coordinator = `n${(range % nodeCount) + 1}`;
    for (let r = 0; r < N; r++) {
      const node = nodes[(range + r) % nodeCount] as NodeState;
      // A fresh object per replica: what each node would hold after reading the message.
      const version: Version = {
        value: `v-${i % 100_000}`.padEnd(8, '.'),
        clock: [{ node: coordinator, counter: 1 + (i % 7), timestampMs: i }],
        writtenAtMs: i,
        writer: coordinator,
      };
      const { versions } = node.store.apply(key, [version]);
      let tree = node.trees.get(range);
      if (!tree) node.trees.set(range, (tree = new MerkleTree(merkle)));
      tree.update(key, versions);
    }
    if (i > 0 && i % 250_000 === 0) progress(`memory: ${i} keys stored`);
  }
  for (const n of nodes) for (const t of n.trees.values()) t.root();
  const after = heapBytes();
  const versions = keyCount * N;
  // Keep the nodes alive until measured.
  if (nodes.length === 0) progress('no nodes');
  return {
    keys: keyCount,
    nodes: nodeCount,
    versions,
    bytesPerVersion: round((after - before) / versions),
  };
}

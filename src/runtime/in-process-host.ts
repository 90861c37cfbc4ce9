/**
 * Nodes in this process (tests, the CLI, batch experiments): each input is a direct call. The
 * disk images live here, outside the nodes, built from their `disk` effects; a crash drops the
 * node object (memory and write buffer gone) and recovery builds a new one from its disk.
 */
import { applyDiskWrite, emptyDiskImage, type DiskImage, type Effect } from '../core/effects.ts';
import { DynamoNode } from '../core/node.ts';
import type { Key, NodeId, Version } from '../core/types.ts';
import type { HostCheckpoint, NodeHost, NodeInput, NodeSpec } from '../sim/node-host.ts';
import { createPrng } from '../sim/prng.ts';
import { keepInterned } from '../core/memory-image.ts';
import { restoreNode, takeNodeImage } from './node-image.ts';

export function createNode(spec: NodeSpec, disk: DiskImage): DynamoNode {
  return new DynamoNode({
    id: spec.id,
    config: spec.config,
    disk,
    membership: spec.membership,
    prng: createPrng(spec.seed, `node:${spec.id}#${spec.incarnation}`),
  });
}

/** Runs one input on a node; shared by the in-process host and the node worker. */
export function runInput(node: DynamoNode, input: NodeInput): Effect[] {
  switch (input.kind) {
    case 'start':
      return node.start(input.atMs);
    case 'deliver':
      return node.deliver(input.message, input.atMs);
    case 'fire':
      return node.fire(input.timerId, input.atMs);
    case 'admin':
      return node.admin(input.command, input.atMs);
  }
}

/** Applies a node's disk effects to the image the host keeps for it. */
export function keepDisk(image: DiskImage, effects: readonly Effect[]): void {
  for (const e of effects) if (e.kind === 'disk') applyDiskWrite(image, e.op);
}

export class InProcessHost implements NodeHost {
  readonly kind = 'inprocess' as const;
  private readonly nodes = new Map<NodeId, DynamoNode>();
  private readonly disks = new Map<NodeId, DiskImage>();
  private readonly specs = new Map<NodeId, NodeSpec>();
  /** Interned values node images carried (views), and the keys already carried. */
  private readonly interned = new Map<string, unknown>();
  private readonly sentInterned = new Set<string>();

  create(spec: NodeSpec): void {
    this.specs.set(spec.id, spec);
    let disk = this.disks.get(spec.id);
    if (!disk) this.disks.set(spec.id, (disk = emptyDiskImage()));
    // The node gets a copy: its memory must not alias the disk the host keeps.
    this.nodes.set(spec.id, createNode(spec, cloneDisk(disk)));
  }

  dispatch(inputs: readonly NodeInput[]): Effect[][] {
    const out: Effect[][] = [];
    for (const input of inputs) {
      const node = this.nodes.get(input.node);
      if (!node) throw new Error(`node ${input.node} is not running`);
      const effects = runInput(node, input);
      const disk = this.disks.get(input.node);
      if (disk) keepDisk(disk, effects);
      out.push(effects);
    }
    return out;
  }

  crash(node: NodeId, options: { loseDisk: boolean }): void {
    this.nodes.delete(node);
    if (options.loseDisk) this.disks.set(node, emptyDiskImage());
  }

  node(id: NodeId): DynamoNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`node ${id} is not running`);
    return node;
  }

  inspect(node: NodeId): ReturnType<DynamoNode['inspect']> {
    return this.node(node).inspect();
  }

  inspectKey(node: NodeId, key: Key): ReturnType<DynamoNode['inspectKey']> {
    return this.node(node).inspectKey(key);
  }

  disk(node: NodeId): DiskImage | undefined {
    return this.disks.get(node);
  }

  keys(node: NodeId): Key[] {
    return this.node(node).keys();
  }

  read(node: NodeId, key: Key): readonly Version[] {
    return this.node(node).read(key);
  }

  checkpoint(): HostCheckpoint {
    const nodes = [...this.nodes].map(([id, node]) => {
      const image = keepInterned(this.interned, takeNodeImage(node, this.sentInterned));
      return { spec: this.specOf(id), image };
    });
    return { disks: copyDisks(this.disks), nodes, interned: new Map(this.interned) };
  }

  restore(checkpoint: HostCheckpoint): void {
    this.nodes.clear();
    for (const [key, value] of checkpoint.interned) this.interned.set(key, value);
    putBackDisks(this.disks, checkpoint.disks);
    // Nodes in one process share the restored views (immutable), and so the rings computed from them.
    const views = new Map<string, unknown>();
    for (const { spec, image } of checkpoint.nodes) {
      this.specs.set(spec.id, spec);
      this.nodes.set(spec.id, restoreNode(createNode(spec, emptyDiskImage()), image, this.interned, views));
    }
  }

  private specOf(id: NodeId): NodeSpec {
    const spec = this.specs.get(id);
    if (!spec) throw new Error(`node ${id} has no spec`);
    return spec;
  }

  dispose(): void {
    this.nodes.clear();
  }
}

/** Every kept disk, copied: a checkpoint's disks must not change as the run goes on. */
export function copyDisks(disks: ReadonlyMap<NodeId, DiskImage>): (readonly [NodeId, DiskImage])[] {
  return [...disks].map(([id, disk]) => [id, cloneDisk(disk)] as const);
}

/** Replaces the kept disks with copies of a checkpoint's, which stays untouched for the next restore. */
export function putBackDisks(disks: Map<NodeId, DiskImage>, from: readonly (readonly [NodeId, DiskImage])[]): void {
  disks.clear();
  for (const [id, disk] of from) disks.set(id, cloneDisk(disk));
}

export function cloneDisk(disk: DiskImage): DiskImage {
  return {
    data: new Map(disk.data),
    hints: new Map(disk.hints),
    membership: disk.membership,
    counterCeiling: disk.counterCeiling,
    releasedCounters: new Map(disk.releasedCounters),
  };
}

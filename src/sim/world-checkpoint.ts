/**
 * Checkpoints of a whole run (design.md "Time control"; RaftScope's timeline keeps checkpoints so
 * a user can seek back and fork): the world's memory image — queue, network, clients, trace,
 * metrics, ground truth — beside the host's checkpoint of every node. Restoring builds a fresh
 * world from the same setup and fills it from the images, so the run continues exactly as it did.
 */
import { requestRunCodec } from '../core/coordinator-machine.ts';
import { viewInterning } from '../core/membership.ts';
import { keepInterned, restoreImage, takeImage, type ImageOptions, type MemoryImage } from '../core/memory-image.ts';
import type { HostCheckpoint, MaybePromise, NodeHost } from './node-host.ts';
import { seededStreamCodec } from './prng.ts';
import type { WorldSetup } from './world-config.ts';
import { World } from './world.ts';

export interface WorldCheckpoint {
  /** Events processed when it was taken. */
  readonly events: number;
  readonly nowMs: number;
  readonly world: MemoryImage;
  readonly host: HostCheckpoint;
  /** Rough bytes held: the world's image, the nodes' images, the disk entries. */
  readonly bytes: number;
  /** Membership views the world's image names (gossip bodies in flight carry them), by key. */
  readonly interned: ReadonlyMap<string, unknown>;
}

/**
 * What a run's checkpoints share: the views images already carried, and the store of them. Pass
 * the same one to every checkpoint of a run so a view is kept once, not once per checkpoint.
 */
export interface CheckpointInterning {
  readonly sent: Set<string>;
  readonly store: Map<string, unknown>;
}

export function newCheckpointInterning(): CheckpointInterning {
  return { sent: new Set(), store: new Map() };
}

const codecs = [seededStreamCodec, requestRunCodec];

/** The parts of a world a checkpoint leaves out: its setup, its host, who listens to it. */
function kept(world: World): ImageOptions {
  return { codecs, keep: [world.setup, world.host, world.clients.listenerSet] };
}

/** Takes a checkpoint between batches, once the work of the last batch has settled. */
export function takeCheckpoint(world: World, interning: CheckpointInterning = newCheckpointInterning()): MaybePromise<WorldCheckpoint> {
  if (world.pendingWork.length > 0) throw new Error('takeCheckpoint: the last batch has unsettled work; await world.settle() first');
  const image = keepInterned(interning.store, takeImage(world, { ...kept(world), interning: viewInterning(interning.sent) }));
  const interned = new Map(interning.store);
  const finish = (host: HostCheckpoint): WorldCheckpoint => ({
    events: world.events(),
    nowMs: world.nowMs(),
    world: image,
    host,
    interned,
    bytes: image.bytes + host.nodes.reduce((sum, n) => sum + n.image.bytes, 0) + host.disks.reduce((sum, [, d]) => sum + 16 * (d.data.size + d.hints.size), 0),
  });
  const host = world.host.checkpoint();
  return host instanceof Promise ? host.then(finish) : finish(host);
}

/** A world as it was at `checkpoint`, on `host` (which the checkpoint's nodes are put back on). */
export function restoreCheckpoint(setup: WorldSetup, host: NodeHost, checkpoint: WorldCheckpoint): MaybePromise<World> {
  const finish = (): World => {
    const shell = new World(setup, host);
    return restoreImage(shell, checkpoint.world, { ...kept(shell), interned: checkpoint.interned });
  };
  const restored = host.restore(checkpoint.host);
  return restored instanceof Promise ? restored.then(finish) : finish();
}

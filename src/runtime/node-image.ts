/**
 * A node's whole memory as a portable image, for checkpoints (design.md "Time control"): taken
 * inside whatever runs the node (this process or its worker), carried by structured clone, and
 * restored into a node built from its spec. The classes a node is made of are named here; a class
 * missing from the list makes taking an image throw, naming it.
 */
import { requestRunCodec } from '../core/coordinator-machine.ts';
import { Coordinator } from '../core/coordinator.ts';
import { FailureDetector } from '../core/failure-detector.ts';
import { Gossip } from '../core/gossip.ts';
import { HintStore } from '../core/hinted-handoff.ts';
import { KeyRanges } from '../core/key-ranges.ts';
import { restoreImage, takeImage, type DerivedValue, type ImageClasses, type ImageOptions, type MemoryImage } from '../core/memory-image.ts';
import { ringOfView, viewBehindRing, viewInterning, type MembershipView } from '../core/membership.ts';
import { MerkleTree } from '../core/merkle-tree.ts';
import { DynamoNode } from '../core/node.ts';
import { NodeEnv } from '../core/node-env.ts';
import { Hash64 } from '../core/object-hash.ts';
import { PutForwarding } from '../core/put-forwarding.ts';
import { RangeTransfer } from '../core/range-transfer.ts';
import { ReplicaSync } from '../core/replica-sync.ts';
import { LocalStore, MemoryEngine } from '../core/storage.ts';
import { seededStreamCodec } from '../sim/prng.ts';

const nodeClasses: ImageClasses = {
  Coordinator,
  DynamoNode,
  FailureDetector,
  Gossip,
  Hash64,
  HintStore,
  KeyRanges,
  LocalStore,
  MemoryEngine,
  MerkleTree,
  NodeEnv,
  PutForwarding,
  RangeTransfer,
  ReplicaSync,
};

/** A node's rings are computed from its membership view: the image keeps the view only. */
const ringFromView: DerivedValue = {
  name: 'ring-of-view',
  of: (value) => viewBehindRing(value),
  decode: (view) => ringOfView(view as MembershipView),
};

const nodeImageOptions: ImageOptions = {
  classes: nodeClasses,
  codecs: [seededStreamCodec, requestRunCodec],
  derived: [ringFromView],
};

/**
 * The node's image. Membership views are interned: `sent` holds the keys of views an earlier
 * image already carried to the same keeper, so a view shared by every node and checkpoint (16,384
 * tokens on a 64 × 256 ring) is carried once, not once per node per checkpoint.
 */
export function takeNodeImage(node: DynamoNode, sent: Set<string>): MemoryImage {
  return takeImage(node, { ...nodeImageOptions, interning: viewInterning(sent) });
}

/**
 * The node as it was when `image` was taken, restored into `shell`: a node built from the spec the
 * imaged one was created with (its disk does not matter; memory comes from the image).
 */
export function restoreNode(
  shell: DynamoNode,
  image: MemoryImage,
  interned: ReadonlyMap<string, unknown>,
  internedRestored?: Map<string, unknown>,
): DynamoNode {
  return restoreImage(shell, image, { ...nodeImageOptions, interned, ...(internedRestored ? { internedRestored } : {}) });
}

/**
 * What runs inside a node worker, on either platform (design.md "Hosts"): one Dynamo node built
 * and driven by the same `createNode` / `runInput` as the in-process host, so both hosts run
 * identical code. It never keeps the disk: the host does, from the `disk` effects it hands back.
 */
import { emptyDiskImage, type DiskImage } from '../core/effects.ts';
import type { MemoryImage } from '../core/memory-image.ts';
import type { DynamoNode } from '../core/node.ts';
import type { Key } from '../core/types.ts';
import type { NodeSpec } from '../sim/node-host.ts';
import { createNode, runInput } from './in-process-host.ts';
import { restoreNode, takeNodeImage } from './node-image.ts';
import { describeError, type BatchReply, type InjectedFault, type NodeWorkerControl, type RunBatch } from './node-worker-protocol.ts';
import { ViewCarrier, type CarriedViews } from './view-carrier.ts';

export interface NodeWorkerPlatform {
  /** Ends the worker at once, as a process crash would (Node); undefined where impossible. */
  exit?: (code: number) => void;
}

export class NodeWorkerCore implements NodeWorkerControl {
  /** Whether `injectFault` works; a platform entry sets it from the host's connect options. */
  protected faultInjection = false;
  private node: DynamoNode | undefined;
  private breakNextInput: 'throw' | 'exit' | 'uncaught' | undefined;
  private readonly platform: NodeWorkerPlatform;
  /** Membership views crossing the event port (one worker, one node: a fresh worker starts empty). */
  private readonly views = new ViewCarrier();

  constructor(platform: NodeWorkerPlatform) {
    this.platform = platform;
  }

  create(spec: NodeSpec, disk: DiskImage): void {
    // `disk` arrived by structured clone: the node's memory cannot alias the host's image.
    this.node = createNode(spec, disk);
  }

  /** Keys of interned values (views) this worker's images carried to the host already. */
  private readonly sentInterned = new Set<string>();

  image(): MemoryImage {
    return takeNodeImage(this.running(), this.sentInterned);
  }

  restore(spec: NodeSpec, image: MemoryImage, interned: ReadonlyMap<string, unknown>): void {
    this.node = restoreNode(createNode(spec, emptyDiskImage()), image, interned);
  }

  /** Runs one batch from the event port; a throwing node answers `failed` instead of effects. */
  run(batch: RunBatch): BatchReply {
    try {
      if (this.breakNextInput === 'exit') this.platform.exit?.(3);
      if (this.breakNextInput === 'uncaught') {
        this.breakNextInput = undefined;
        // Outside any handler, so the platform sees an uncaught error, as with a real bug. Armed by
        // injectFault and thrown only once a batch came after it, so the injecting call has its
        // answer before the worker breaks (the error event and the control port are not ordered).
        setTimeout(() => {
          throw new Error('injected fault: uncaught error in the node worker');
        }, 0);
      }
      if (this.breakNextInput === 'throw') {
        this.breakNextInput = undefined;
        throw new Error('injected fault: the node threw while handling an input');
      }
      const node = this.running();
      const views = this.views;
      if (batch.forgetViews) views.forgetHeld();
      views.receive(batch.views);
      const carried: CarriedViews = [];
      const effects = views.decodeInputs(batch.inputs).map((input) => views.encodeEffects(runInput(node, input), carried));
      const reply: BatchReply = { type: 'ran', seq: batch.seq, effects };
      if (carried.length > 0) reply.views = carried;
      if (views.dropIfFull()) reply.forgetViews = true;
      return reply;
    } catch (error) {
      return { type: 'failed', seq: batch.seq, error: describeError(error) };
    }
  }

  inspect(): ReturnType<DynamoNode['inspect']> {
    return this.running().inspect();
  }

  inspectKey(key: Key): ReturnType<DynamoNode['inspectKey']> {
    return this.running().inspectKey(key);
  }

  keys(): Key[] {
    return this.running().keys();
  }

  read(key: Key): ReturnType<DynamoNode['read']> {
    return this.running().read(key);
  }

  injectFault(fault: InjectedFault): void {
    if (!this.faultInjection) throw new Error('injectFault: fault injection is off for this worker');
    switch (fault) {
      case 'throw-in-next-input':
        this.breakNextInput = 'throw';
        return;
      case 'uncaught-error':
        this.breakNextInput = 'uncaught';
        return;
      case 'exit-in-next-input':
        if (!this.platform.exit) throw new Error("injectFault: 'exit-in-next-input' is not possible on this platform");
        this.breakNextInput = 'exit';
        return;
    }
  }

  private running(): DynamoNode {
    if (!this.node) throw new Error('this node worker has not been given a node (create first)');
    return this.node;
  }
}

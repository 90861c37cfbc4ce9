/**
 * Runs a World over an asynchronous host (design.md "Hosts"): each batch is followed by the fault
 * work it started (a worker's recovery), so the next batch sees the same world as in-process; and a
 * node whose worker broke is marked faulted and pauses the run with the seed and event index, so
 * the rest of the cluster and the app go on and restarting the node resumes.
 */
import type { NodeId } from '../core/types.ts';
import type { NodeHost } from '../sim/node-host.ts';
import type { World } from '../sim/world.ts';
import { NodeFaultedError } from './node-worker-protocol.ts';

/** Why a run stopped early: a node's worker faulted. Plain data, for the UI and the CLI. */
export interface FaultPause {
  node: NodeId;
  error: string;
  seed: number;
  /** Events the world had processed when the fault was seen. */
  eventIndex: number;
  /** Trace records so far: the fault's `state` record is the last one. */
  traceIndex: number;
  atMs: number;
}

/** A host that reports node faults outside dispatch (WorkerHost does). */
export interface FaultReporting {
  onFault(listener: (error: NodeFaultedError) => void): () => void;
}

function reportsFaults(host: NodeHost): host is NodeHost & FaultReporting {
  return typeof (host as Partial<FaultReporting>).onFault === 'function';
}

export class WorldDriver {
  readonly world: World;
  private readonly seen: NodeFaultedError[] = [];
  private readonly unsubscribe: () => void;
  /** The latest fault pause, until a node is recovered or a new run starts. */
  lastPause: FaultPause | undefined;

  constructor(world: World) {
    this.world = world;
    this.unsubscribe = reportsFaults(world.host) ? world.host.onFault((error) => this.seen.push(error)) : () => undefined;
  }

  /** Creates and starts the nodes, waiting for their workers. */
  async init(): Promise<void> {
    await this.world.init();
    await this.settle();
  }

  /** One batch and the work it started; returns the pause if a node faulted in it. */
  async step(): Promise<{ ran: boolean; pause: FaultPause | undefined }> {
    const before = this.containFaults();
    if (before) return { ran: false, pause: before };
    const ran = await this.world.step();
    // Most batches start no fault work: skip the awaits of an empty settle.
    if (this.world.pendingWork.length > 0) await this.settle();
    return { ran, pause: this.containFaults() };
  }

  /** Runs batches up to `untilMs` of virtual time, stopping early at a node fault. */
  async runUntil(untilMs: number): Promise<FaultPause | undefined> {
    this.lastPause = undefined;
    while ((this.world.nextEventMs() ?? Infinity) <= untilMs) {
      const { pause } = await this.step();
      if (pause) return pause;
    }
    // Nothing is due before `untilMs`: this only moves the clock.
    await this.world.runUntilAsync(untilMs);
    return undefined;
  }

  dispose(): void {
    this.unsubscribe();
  }

  private async settle(): Promise<void> {
    for (;;) {
      try {
        await this.world.settle();
        return;
      } catch (error) {
        // A worker that failed while starting was already reported through onFault.
        if (!(error instanceof NodeFaultedError)) throw error;
      }
    }
  }

  /** Marks every newly faulted node in the world; returns a pause for the first one. */
  private containFaults(): FaultPause | undefined {
    let pause: FaultPause | undefined;
    for (const error of this.seen.splice(0)) {
      const status = this.world.nodeStatus(error.node);
      if (status === undefined || status === 'faulted') continue;
      this.world.markFaulted(error.node, this.world.nowMs(), error.detail);
      pause ??= {
        node: error.node,
        error: error.detail,
        seed: this.world.setup.seed,
        eventIndex: this.world.events(),
        traceIndex: this.world.trace.count(),
        atMs: this.world.nowMs(),
      };
    }
    if (pause) this.lastPause = pause;
    return pause;
  }
}

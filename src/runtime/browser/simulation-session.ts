/**
 * The simulation worker's implementation of `SimulationApi` (design.md "Hosts"): one World and its
 * driver, on the in-process host or a worker host. Platform-neutral: the browser worker passes a
 * Web Worker host, Node tests a worker_threads host. Calls that move the run are serialised, so a
 * snapshot or an inject arriving mid-run waits for the batch in progress.
 */
import type { NodeSnapshot, KeySnapshot } from '../../core/node.ts';
import type { Key, NodeId } from '../../core/types.ts';
import type { Fault } from '../../sim/world-config.ts';
import { World } from '../../sim/world.ts';
import { InProcessHost } from '../in-process-host.ts';
import type { InjectedFault } from '../node-worker-protocol.ts';
import type { WorkerHost, WorkerHostOptions } from '../worker-host.ts';
import { WorldDriver } from '../world-driver.ts';
import type { HostKind, SimulationApi, SimulationOptions, SimulationSnapshot, SimulationStatus } from './simulation-api.ts';

interface Run {
  world: World;
  driver: WorldDriver;
  hostKind: HostKind;
  workerHost: WorkerHost | undefined;
}

export class SimulationSession implements SimulationApi {
  private readonly makeWorkerHost: (options: WorkerHostOptions) => WorkerHost;
  private current: Run | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(makeWorkerHost: (options: WorkerHostOptions) => WorkerHost) {
    this.makeWorkerHost = makeWorkerHost;
  }

  create(options: SimulationOptions): Promise<SimulationStatus> {
    return this.serial(async () => {
      await this.stop();
      const workerHost = options.host === 'worker' ? this.makeWorkerHost({ faultInjection: options.faultInjection ?? false }) : undefined;
      const world = new World(options.setup, workerHost ?? new InProcessHost());
      const driver = new WorldDriver(world);
      this.current = { world, driver, hostKind: options.host, workerHost };
      await driver.init();
      return this.describe();
    });
  }

  runUntil(untilMs: number): Promise<SimulationStatus> {
    if (!Number.isFinite(untilMs)) return Promise.reject(new Error(`runUntil: untilMs must be a finite number, got ${untilMs}`));
    return this.serial(async () => {
      await this.run().driver.runUntil(untilMs);
      return this.describe();
    });
  }

  step(): Promise<SimulationStatus> {
    return this.serial(async () => {
      const { driver } = this.run();
      driver.lastPause = (await driver.step()).pause;
      return this.describe();
    });
  }

  inject(fault: Fault, atMs?: number): Promise<SimulationStatus> {
    return this.serial(async () => {
      const { world, driver } = this.run();
      const at = atMs ?? world.nowMs();
      world.inject(fault, at);
      if (at <= world.nowMs()) await driver.runUntil(world.nowMs());
      return this.describe();
    });
  }

  status(): Promise<SimulationStatus> {
    return this.serial(() => Promise.resolve(this.describe()));
  }

  snapshot(traceSinceIndex: number): Promise<SimulationSnapshot> {
    return this.serial(() => {
      const { world, workerHost } = this.run();
      return Promise.resolve({
        status: this.describe(),
        nodes: world.nodes().map((id) => {
          const status = world.nodeStatus(id) ?? 'crashed';
          const error = status === 'faulted' ? (workerHost?.faultOf(id)?.detail ?? 'faulted') : undefined;
          return { id, status, error };
        }),
        inFlight: [...world.inFlight.values()],
        metrics: world.metrics.summary(),
        series: world.metrics.currentSeries(),
        trace: world.traceSince(traceSinceIndex),
      });
    });
  }

  traceHash(): Promise<string> {
    return this.serial(() => Promise.resolve(this.run().world.trace.hash()));
  }

  inspectNode(node: NodeId): Promise<NodeSnapshot> {
    return this.serial(async () => this.run().world.host.inspect(node));
  }

  inspectKey(node: NodeId, key: Key): Promise<KeySnapshot> {
    return this.serial(async () => this.run().world.host.inspectKey(node, key));
  }

  injectWorkerFault(node: NodeId, fault: InjectedFault): Promise<void> {
    return this.serial(() => {
      const host = this.run().workerHost;
      if (!host) return Promise.reject(new Error('injectWorkerFault: this run has no worker host (create it with host: "worker")'));
      return host.injectFault(node, fault);
    });
  }

  dispose(): Promise<void> {
    return this.serial(() => this.stop());
  }

  private async stop(): Promise<void> {
    const run = this.current;
    this.current = undefined;
    if (!run) return;
    run.driver.dispose();
    await run.world.host.dispose();
  }

  private run(): Run {
    if (!this.current) throw new Error('no simulation: call create first');
    return this.current;
  }

  private describe(): SimulationStatus {
    const { world, driver, hostKind } = this.run();
    return {
      seed: world.setup.seed,
      host: hostKind,
      nowMs: world.nowMs(),
      events: world.events(),
      pendingEvents: world.pending(),
      nextEventMs: world.nextEventMs(),
      traceCount: world.trace.count(),
      traceHash: world.trace.hash(),
      pause: driver.lastPause,
    };
  }

  /** Runs `task` after every call before it, whether they failed or not. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

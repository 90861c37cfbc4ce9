/**
 * A tiny page for the browser tests of the worker runtime: runs the check scenario through the
 * simulation worker on either host, and breaks a node worker on purpose to show the run pausing,
 * the fault on screen and the node resuming after a restart.
 */
import type { NodeView, SimulationStatus } from './simulation-api.ts';
import { startSimulationWorker } from './simulation-client.ts';
import { workerCheckSetup, workerCheckUntilMs } from './worker-check-scenario.ts';

export interface FaultCheck {
  paused: SimulationStatus;
  faulted: NodeView | undefined;
  resumed: SimulationStatus;
  recovered: NodeView | undefined;
}

export interface WorkerCheck {
  run(seed: number, host: 'inprocess' | 'worker'): Promise<SimulationStatus>;
  faultAndRecover(seed: number, node: string): Promise<FaultCheck>;
}

const log = document.getElementById('log') as HTMLElement;
function show(line: string): void {
  const p = document.createElement('p');
  p.textContent = line;
  log.append(p);
}

const sim = startSimulationWorker((message) => show(message)).api;

const check: WorkerCheck = {
  async run(seed, host) {
    await sim.create({ setup: workerCheckSetup(seed), host });
    const status = await sim.runUntil(workerCheckUntilMs);
    show(`seed ${seed} on ${host}: ${status.events} events, trace ${status.traceHash}`);
    return status;
  },

  async faultAndRecover(seed, node) {
    await sim.create({ setup: workerCheckSetup(seed), host: 'worker', faultInjection: true });
    await sim.runUntil(300);
    await sim.injectWorkerFault(node, 'uncaught-error');
    const paused = await sim.runUntil(workerCheckUntilMs);
    const faulted = (await sim.snapshot(paused.traceCount)).nodes.find((n) => n.id === node);
    if (paused.pause) {
      const { error, seed: s, eventIndex } = paused.pause;
      show(`paused: node ${node} faulted (${error}) at seed ${s}, event ${eventIndex}`);
    }
    await sim.inject({ kind: 'recover', node });
    const resumed = await sim.runUntil(workerCheckUntilMs);
    const recovered = (await sim.snapshot(resumed.traceCount)).nodes.find((n) => n.id === node);
    show(`resumed: node ${node} is ${recovered?.status ?? 'unknown'} at ${resumed.nowMs.toFixed(1)} ms`);
    return { paused, faulted, resumed, recovered };
  },
};

(window as unknown as { workerCheck: WorkerCheck }).workerCheck = check;
document.body.dataset.ready = 'true';

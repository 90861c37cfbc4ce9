/**
 * The worker host on Node's worker_threads (design.md "Hosts"), for tests and
 * `npm run cli -- run --host worker`: each node in its own thread, started through a tiny .mjs
 * bootstrap because Node 20 cannot start a .ts worker directly.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { NodeId } from '../../core/types.ts';
import { describeError, type BatchReply } from '../node-worker-protocol.ts';
import { WorkerHost, type NodeWorkerEndpoint, type WorkerHostOptions } from '../worker-host.ts';
import type { NodeThreadControl } from './node-thread.ts';

const bootstrap = new URL('./node-thread-bootstrap.mjs', import.meta.url);

/** Starts a worker thread that runs the TypeScript module at `entry` (a file URL). */
export function startTsThread(entry: URL, name: string): Worker {
  return new Worker(bootstrap, { workerData: { entry: entry.href }, name });
}

/** A node worker endpoint that also shows its thread, so tests can watch it end. */
export interface NodeThreadEndpoint extends NodeWorkerEndpoint {
  readonly worker: Worker;
}

export function spawnNodeThread(node: NodeId, options: { faultInjection: boolean }): NodeThreadEndpoint {
  const worker = startTsThread(new URL('./node-thread.ts', import.meta.url), `dynamo-node-${node}`);
  const control = wrap<NodeThreadControl>(nodeEndpoint(worker));
  const { port1, port2 } = new MessageChannel();
  let terminating = false;
  let onFault: (detail: string) => void = () => undefined;
  worker.on('error', (error) => onFault(describeError(error)));
  worker.on('messageerror', (error) => onFault(`a message could not be read: ${describeError(error)}`));
  worker.on('exit', (code) => {
    if (!terminating) onFault(`the worker thread exited with code ${code}`);
  });
  return {
    worker,
    control,
    workerId: worker.threadId,
    events: {
      post: (batch) => port1.postMessage(batch),
      listen: (listener) => port1.on('message', (reply: BatchReply) => listener(reply)),
      close: () => port1.close(),
    },
    connect: () => control.connect(transfer(port2, [port2]), options),
    onFault: (listener) => (onFault = listener),
    terminate: async () => {
      terminating = true;
      port1.close();
      await worker.terminate();
    },
  };
}

/** A WorkerHost whose node workers are Node worker threads. */
export function createNodeThreadHost(options: WorkerHostOptions = {}): WorkerHost {
  return new WorkerHost(spawnNodeThread, options);
}

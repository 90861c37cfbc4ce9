/**
 * The worker host in the browser (design.md "Hosts"): each node in its own dedicated module Web
 * Worker, event batches on a MessageChannel port, control calls over Comlink. Made inside the
 * simulation worker, so the scheduler talks to the node workers and the main thread only renders.
 */
import { transfer, wrap } from 'comlink';
import type { NodeId } from '../../core/types.ts';
import type { BatchReply, ConnectableNodeWorker } from '../node-worker-protocol.ts';
import { WorkerHost, type NodeWorkerEndpoint, type WorkerHostOptions } from '../worker-host.ts';

let workersStarted = 0;

export function spawnBrowserNodeWorker(node: NodeId, options: { faultInjection: boolean }): NodeWorkerEndpoint {
  const worker = new Worker(new URL('./node.worker.ts', import.meta.url), { type: 'module', name: `dynamo-node-${node}` });
  const control = wrap<ConnectableNodeWorker<MessagePort>>(worker);
  const { port1, port2 } = new MessageChannel();
  let onFault: (detail: string) => void = () => undefined;
  worker.addEventListener('error', (event) => {
    // Handled here: the node is marked faulted; the error must not reach the page as uncaught.
    event.preventDefault();
    onFault(event.message || 'the node worker failed to load or threw');
  });
  worker.addEventListener('messageerror', () => onFault('a message from the node worker could not be read'));
  return {
    control,
    workerId: ++workersStarted,
    events: {
      post: (batch) => port1.postMessage(batch),
      listen: (listener) => (port1.onmessage = (event: MessageEvent<BatchReply>) => listener(event.data)),
      close: () => port1.close(),
    },
    connect: () => control.connect(transfer(port2, [port2]), options),
    onFault: (listener) => (onFault = listener),
    terminate: () => {
      port1.close();
      worker.terminate();
      return Promise.resolve();
    },
  };
}

/** A WorkerHost whose node workers are dedicated module Web Workers. */
export function createBrowserWorkerHost(options: WorkerHostOptions = {}): WorkerHost {
  return new WorkerHost(spawnBrowserNodeWorker, options);
}

/**
 * A node worker on Node's worker_threads (design.md "Hosts"): the shared node-worker core, its
 * control API exposed with Comlink on the parent port, its event batches on a MessageChannel port.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { NodeWorkerCore } from '../node-worker-core.ts';
import type { BatchReply, ConnectableNodeWorker, ConnectOptions, RunBatch } from '../node-worker-protocol.ts';

export type NodeThreadControl = ConnectableNodeWorker<MessagePort>;

class NodeThread extends NodeWorkerCore implements NodeThreadControl {
  connect(events: MessagePort, options: ConnectOptions): void {
    this.faultInjection = options.faultInjection;
    events.on('message', (batch: RunBatch) => {
      const reply: BatchReply = this.run(batch);
      events.postMessage(reply);
    });
  }
}

if (!parentPort) throw new Error('node-thread.ts runs only inside a worker thread');
expose(new NodeThread({ exit: (code) => process.exit(code) }), nodeEndpoint(parentPort));

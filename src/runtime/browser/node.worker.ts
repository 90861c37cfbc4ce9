/**
 * A node worker in the browser (design.md "Hosts"): a dedicated module Web Worker running the shared
 * node-worker core, control API over Comlink, event batches on the MessageChannel port it is handed.
 */
import { expose } from 'comlink';
import { NodeWorkerCore } from '../node-worker-core.ts';
import type { BatchReply, ConnectableNodeWorker, ConnectOptions, RunBatch } from '../node-worker-protocol.ts';

class BrowserNodeWorker extends NodeWorkerCore implements ConnectableNodeWorker<MessagePort> {
  connect(events: MessagePort, options: ConnectOptions): void {
    this.faultInjection = options.faultInjection;
    events.onmessage = (event: MessageEvent<RunBatch>) => {
      const reply: BatchReply = this.run(event.data);
      events.postMessage(reply);
    };
  }
}

// A browser worker cannot end itself observably (close() fires nothing at the host), so no `exit`.
expose(new BrowserNodeWorker({}));

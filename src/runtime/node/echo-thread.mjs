// The bare baseline for worker throughput: a thread that answers each message with itself.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => parentPort.postMessage(message));

// Node 20 cannot start a .ts file in a worker thread (not even with --import tsx): this tiny
// module starts the thread and loads the TypeScript entry named in workerData through tsx.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);

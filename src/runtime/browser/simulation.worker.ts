/**
 * The scheduler's own worker (design.md "Hosts": keep the scheduler off the main thread): hosts one
 * World and exposes `SimulationApi` with Comlink; in worker mode it starts the node workers itself
 * and talks to them over MessageChannel ports, so the main thread only renders.
 */
import { expose } from 'comlink';
import { createBrowserWorkerHost } from './browser-worker-host.ts';
import { SimulationSession } from './simulation-session.ts';

expose(new SimulationSession(createBrowserWorkerHost));

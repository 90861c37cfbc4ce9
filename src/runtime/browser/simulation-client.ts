/**
 * The main thread's handle on the simulation worker (design.md "Hosts"): starts it and wraps its
 * API with Comlink. If the worker itself dies, every waiting and later call rejects instead of
 * hanging, and `onError` hears why, so the page stays usable.
 */
import { wrap, type Remote } from 'comlink';
import type { SimulationApi } from './simulation-api.ts';

export interface SimulationWorker {
  readonly api: SimulationApi;
  /** Ends the worker (and, with it, its node workers). */
  terminate(): void;
}

export function startSimulationWorker(onError: (message: string) => void = () => undefined): SimulationWorker {
  const worker = new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: 'dynamo-simulation' });
  const remote: Remote<SimulationApi> = wrap<SimulationApi>(worker);
  let failGone: (error: Error) => void = () => undefined;
  const gone = new Promise<never>((_, reject) => (failGone = reject));
  gone.catch(() => undefined);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    const message = `the simulation worker failed: ${event.message || 'it did not load'}`;
    failGone(new Error(message));
    onError(message);
  });
  const api = new Proxy({} as SimulationApi, {
    // `then` stays undefined, so awaiting the api object itself does not call the worker.
    get: (_, name: keyof SimulationApi | 'then') =>
      name === 'then'
        ? undefined
        : (...args: unknown[]) => Promise.race([(remote[name] as (...a: unknown[]) => Promise<unknown>)(...args), gone]),
  });
  return {
    api,
    terminate: () => {
      failGone(new Error('the simulation worker was terminated'));
      worker.terminate();
    },
  };
}

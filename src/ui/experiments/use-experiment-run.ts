/**
 * Runs an experiment (Dynamo §6 studies) in its own Web Worker behind Comlink, so the page keeps
 * drawing while it works: progress as a fraction, a cancel that the run polls (`shouldCancel`),
 * and the outcome. The worker starts on the first run and ends with the component; a worker that
 * fails to load or dies fails the run instead of leaving it hanging.
 */
import { proxy, wrap } from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ExperimentApi,
  ExperimentName,
  ExperimentOutcome,
  ExperimentReport,
  ExperimentRequest,
} from '../../runtime/browser/experiment-api.ts';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'running'; request: ExperimentRequest; progress: number; cancelling: boolean }
  | {
      phase: 'finished';
      request: ExperimentRequest;
      outcome: ExperimentOutcome;
      elapsedMs: number;
    };

/** The last run of an experiment that finished with results: shown until another one does. */
export interface FinishedRun {
  report: ExperimentReport;
  elapsedMs: number;
}

export type LatestRuns = Partial<Record<ExperimentName, FinishedRun>>;

interface WorkerHandle {
  worker: Worker;
  run: (
    request: ExperimentRequest,
    onProgress: (fraction: number) => void,
  ) => Promise<ExperimentOutcome>;
  cancel: () => void;
}

function startWorker(onGone: (worker: Worker) => void): WorkerHandle {
  const worker = new Worker(
    new URL('../../runtime/browser/experiment.worker.ts', import.meta.url),
    { type: 'module', name: 'dynamo-experiment' },
  );
  const api = wrap<ExperimentApi>(worker);
  let failGone: (error: Error) => void = () => undefined;
  const gone = new Promise<never>((_, reject) => (failGone = reject));
  gone.catch(() => undefined);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    failGone(new Error(`the experiment worker failed: ${event.message || 'it did not load'}`));
    worker.terminate();
    onGone(worker);
  });
  return {
    worker,
    run: (request, onProgress) => Promise.race([api.run(request, onProgress), gone]),
    cancel: () => void api.cancel(),
  };
}

export function useExperimentRun(): {
  state: RunState;
  /** Per experiment, its last run with results: a new run, cancelled or failed, does not lose it. */
  latest: LatestRuns;
  run: (request: ExperimentRequest) => void;
  cancel: () => void;
} {
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const [latest, setLatest] = useState<LatestRuns>({});
  const handle = useRef<WorkerHandle | null>(null);
  const runId = useRef(0);

  useEffect(
    () => () => {
      runId.current++;
      handle.current?.worker.terminate();
      handle.current = null;
    },
    [],
  );

  const run = useCallback((request: ExperimentRequest) => {
    const id = ++runId.current;
    const startedMs = performance.now();
    setState({ phase: 'running', request, progress: 0, cancelling: false });
    const onProgress = proxy((fraction: number) => {
      if (runId.current !== id) return;
      setState((s) =>
        s.phase === 'running' && s.progress !== fraction ? { ...s, progress: fraction } : s,
      );
    });
    handle.current ??= startWorker((dead) => {
      if (handle.current?.worker === dead) handle.current = null;
    });
    void handle.current
      .run(request, onProgress)
      .catch((error: unknown): ExperimentOutcome => ({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
      }))
      .then((outcome) => {
        if (runId.current !== id) return;
        const elapsedMs = performance.now() - startedMs;
        setState({ phase: 'finished', request, outcome, elapsedMs });
        if (outcome.kind === 'done')
          setLatest((l) => ({ ...l, [request.experiment]: { report: outcome.report, elapsedMs } }));
      });
  }, []);

  const cancel = useCallback(() => {
    setState((s) => (s.phase === 'running' ? { ...s, cancelling: true } : s));
    handle.current?.cancel();
  }, []);

  return { state, latest, run, cancel };
}

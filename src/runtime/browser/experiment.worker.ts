/**
 * The experiment worker (Dynamo §6 studies, off the main thread): runs the same functions as
 * `npm run cli -- experiment …`, so the same seed gives the same numbers, and yields to its event
 * loop between chunks of work so a cancel message can get in.
 */
import { expose } from 'comlink';
import { runAvailability } from '../../experiments/availability-experiment.ts';
import { runDivergence } from '../../experiments/divergence-experiment.ts';
import {
  ExperimentCancelledError,
  ExperimentOptionsError,
  type ExperimentControl,
} from '../../experiments/experiment-control.ts';
import { runPartitioning } from '../../experiments/partitioning-experiment.ts';
import { runStaleness } from '../../experiments/staleness-experiment.ts';
import type {
  ExperimentApi,
  ExperimentOutcome,
  ExperimentReport,
  ExperimentRequest,
} from './experiment-api.ts';

let cancelRequested = false;

function start(request: ExperimentRequest, control: ExperimentControl): Promise<ExperimentReport> {
  switch (request.experiment) {
    case 'staleness':
      return runStaleness(request.options, control);
    case 'partitioning':
      return runPartitioning(request.options, control);
    case 'divergence':
      return runDivergence(request.options, control);
    case 'availability':
      return runAvailability(request.options, control);
  }
}

const api: ExperimentApi = {
  async run(request, onProgress): Promise<ExperimentOutcome> {
    cancelRequested = false;
    const control: ExperimentControl = {
      onProgress: (fraction) => void onProgress(fraction),
      shouldCancel: () => cancelRequested,
      pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
    };
    try {
      return { kind: 'done', report: await start(request, control) };
    } catch (error) {
      if (error instanceof ExperimentCancelledError) return { kind: 'cancelled' };
      if (error instanceof ExperimentOptionsError)
        return { kind: 'invalid', parameter: error.parameter, message: error.message };
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    } finally {
      cancelRequested = false;
    }
  },
  cancel() {
    cancelRequested = true;
  },
};

expose(api);

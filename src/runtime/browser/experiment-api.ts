/**
 * The experiment worker's API (design.md "experiments/": the headless studies of Dynamo §6 run off
 * the main thread so the page stays responsive). Types only, so the UI imports them without pulling
 * the engine into the main bundle. A run answers with an outcome instead of throwing, because
 * Comlink keeps only an error's message and the form needs the bad option's name.
 *
 *   const outcome = await api.run({ experiment: 'staleness', options }, proxy(onProgress));
 *   await api.cancel();          // the run stops at its next progress check
 */
import type {
  AvailabilityOptions,
  AvailabilityReport,
} from '../../experiments/availability-experiment.ts';
import type {
  DivergenceOptions,
  DivergenceReport,
} from '../../experiments/divergence-experiment.ts';
import type {
  PartitioningOptions,
  PartitioningReport,
} from '../../experiments/partitioning-experiment.ts';
import type { StalenessOptions, StalenessReport } from '../../experiments/staleness-experiment.ts';

export type ExperimentName = 'staleness' | 'partitioning' | 'divergence' | 'availability';

export type ExperimentRequest =
  | { experiment: 'staleness'; options: Partial<StalenessOptions> }
  | { experiment: 'partitioning'; options: Partial<PartitioningOptions> }
  | { experiment: 'divergence'; options: Partial<DivergenceOptions> }
  | { experiment: 'availability'; options: Partial<AvailabilityOptions> };

export type ExperimentReport =
  StalenessReport | PartitioningReport | DivergenceReport | AvailabilityReport;

export type ExperimentOutcome =
  | { kind: 'done'; report: ExperimentReport }
  /** A bad option: `parameter` is its CLI flag name (`latency-write`, `key-count`, …). */
  | { kind: 'invalid'; parameter: string; message: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface ExperimentApi {
  /** Runs one experiment; `onProgress` (a Comlink proxy) hears the fraction done, 0..1. */
  run(
    request: ExperimentRequest,
    onProgress: (fraction: number) => void,
  ): Promise<ExperimentOutcome>;
  /** Asks the current run to stop; it answers `{ kind: 'cancelled' }` at its next progress check. */
  cancel(): void;
}

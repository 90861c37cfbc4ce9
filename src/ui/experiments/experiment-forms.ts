/**
 * The experiment forms as data (Dynamo §4.5, §4.6, §6.2, §6.3): which fields each study has, how
 * their text becomes the experiment's options, and the experiment's own validation, so a bad value
 * gets the same `--parameter: problem` sentence as the CLI, shown beside the field it names.
 */
import { validateAvailabilityOptions } from '../../experiments/availability-experiment.ts';
import { validateDivergenceOptions } from '../../experiments/divergence-experiment.ts';
import { ExperimentOptionsError } from '../../experiments/experiment-control.ts';
import {
  parseKeyPopularity,
  validatePartitioningOptions,
} from '../../experiments/partitioning-experiment.ts';
import { validateStalenessOptions } from '../../experiments/staleness-experiment.ts';
import type { ExperimentName, ExperimentRequest } from '../../runtime/browser/experiment-api.ts';
import { EXPERIMENT_FIELDS } from './experiment-fields.ts';
import { DEFAULT_VALUES } from './experiment-presets.ts';
import { boundProblems, inapplicableFields, type FieldProblem } from './field-applicability.ts';

/** Form state: every field as the text the person typed (toggles are 'on' / 'off'). */
export type FormValues = Readonly<Record<string, string>>;

/**
 * A refused form names the field at fault; when two fields are out of order together (N above the
 * nodes), `related` is the other one, with its own sentence naming the first.
 */
export type FormCheck =
  | { ok: true; request: ExperimentRequest }
  | { ok: false; parameter: string; message: string; related?: FieldProblem };

/** Text → number; empty or not a number is the parameter's error, worded like the CLI's. */
function numberOf(values: FormValues, parameter: string, integer: boolean): number {
  const text = (values[parameter] ?? '').trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new ExperimentOptionsError(
      parameter,
      `must be ${integer ? 'a whole number' : 'a number'} (got ${JSON.stringify(text)})`,
    );
  }
  return n;
}

function optionalInteger(values: FormValues, parameter: string): number | undefined {
  return (values[parameter] ?? '').trim() === '' ? undefined : numberOf(values, parameter, true);
}

/**
 * Comma-separated numbers. Spaces around items and one trailing comma are let go (`1, 2, ` while
 * typing); any other empty item (`1,,2`) is refused, as the CLI refuses it. An empty field is an
 * empty list, for the experiment to judge.
 */
function listOf(values: FormValues, parameter: string): number[] {
  const text = values[parameter] ?? '';
  if (text.trim() === '') return [];
  const items = text.split(',').map((s) => s.trim());
  if (items.length > 1 && items.at(-1) === '') items.pop();
  const empty = items.indexOf('');
  if (empty >= 0)
    throw new ExperimentOptionsError(
      parameter,
      `item ${empty + 1} is empty (got ${JSON.stringify(text)})`,
    );
  return items.map((item) => {
    const n = Number(item);
    if (!Number.isFinite(n))
      throw new ExperimentOptionsError(
        parameter,
        `items must be numbers (got ${JSON.stringify(item)})`,
      );
    return n;
  });
}

const on = (values: FormValues, parameter: string): boolean => values[parameter] === 'on';

function failureRates(values: FormValues) {
  return {
    crashesPerMinute: numberOf(values, 'crashes-per-minute', false),
    downtimeMs: numberOf(values, 'downtime-ms', false),
    partitionsPerMinute: numberOf(values, 'partitions-per-minute', false),
    partitionMs: numberOf(values, 'partition-ms', false),
  };
}

function clusterOptions(values: FormValues) {
  const int = (p: string): number => numberOf(values, p, true);
  return {
    nodes: int('nodes'),
    N: int('N'),
    R: int('R'),
    W: int('W'),
    readFraction: numberOf(values, 'read-fraction', false),
    keyCount: int('key-count'),
    durationMs: int('duration-ms'),
  };
}

/** Builds the request and validates it as the experiment would; throws `ExperimentOptionsError`. */
function requestOf(experiment: ExperimentName, values: FormValues): ExperimentRequest {
  const int = (p: string): number => numberOf(values, p, true);
  switch (experiment) {
    case 'staleness': {
      const options = validateStalenessOptions({
        N: int('N'),
        R: int('R'),
        W: int('W'),
        sweep: on(values, 'sweep'),
        latency: {
          write: values['latency-write'] ?? '',
          ack: values['latency-ack'] ?? '',
          read: values['latency-read'] ?? '',
          response: values['latency-response'] ?? '',
        },
        coordination: values.coordination === 'server' ? 'server' : 'client',
        readRepair: on(values, 'read-repair'),
        antiEntropy: on(values, 'anti-entropy'),
        tMs: listOf(values, 't'),
        trials: int('trials'),
        predictionTrials: int('prediction-trials'),
        target: numberOf(values, 'target', false),
        seed: int('seed'),
      });
      return { experiment, options };
    }
    case 'partitioning': {
      const strategy = Number(values.strategy);
      const options = validatePartitioningOptions({
        sweep: on(values, 'sweep'),
        strategy: strategy === 1 || strategy === 2 ? strategy : 3,
        nodes: int('nodes'),
        N: int('N'),
        tokens: optionalInteger(values, 'tokens'),
        partitions: optionalInteger(values, 'partitions'),
        requests: int('requests'),
        keyCount: int('key-count'),
        keys: parseKeyPopularity(values.keys ?? ''),
        seed: int('seed'),
      });
      return { experiment, options };
    }
    case 'divergence': {
      const options = validateDivergenceOptions({
        ...clusterOptions(values),
        writers: int('writers'),
        thinkMs: int('think-ms'),
        readModifyWrite: on(values, 'read-modify-write'),
        ...failureRates(values),
        seed: int('seed'),
      });
      return { experiment, options };
    }
    case 'availability': {
      const quorum =
        values.quorum === 'sloppy' || values.quorum === 'strict' ? values.quorum : 'both';
      const options = validateAvailabilityOptions({
        ...clusterOptions(values),
        quorum,
        ratePerSec: numberOf(values, 'rate', false),
        ...failureRates(values),
        seed: int('seed'),
      });
      return { experiment, options };
    }
  }
}

/**
 * The values that run: a field that does not apply (disabled in the form: set by the sweep, or not
 * used by the chosen strategy) at the experiment's default, as the CLI runs without its flag.
 */
export function valuesThatApply(experiment: ExperimentName, values: FormValues): FormValues {
  const skipped = inapplicableFields(experiment, values);
  if (skipped.length === 0) return values;
  const defaults = DEFAULT_VALUES[experiment];
  return { ...values, ...Object.fromEntries(skipped.map((p) => [p, defaults[p] ?? ''])) };
}

/**
 * The request to run, or the first bad field with the experiment's own message; a field refused
 * only for being out of order with another is named on both.
 */
export function checkForm(experiment: ExperimentName, values: FormValues): FormCheck {
  const applied = valuesThatApply(experiment, values);
  try {
    return { ok: true, request: requestOf(experiment, applied) };
  } catch (error) {
    if (!(error instanceof ExperimentOptionsError)) throw error;
    const pair = boundProblems(experiment, applied, error.parameter);
    if (pair) return { ok: false, ...pair[0], related: pair[1] };
    return { ok: false, parameter: error.parameter, message: error.message };
  }
}

/** Quotes a shell word only when it needs it. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:+=/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The terminal command that prints the same report, as its arguments: the command itself, then one
 * `--flag value` (or a lone `--switch`) per field that is filled in and applies. Joined with
 * spaces, it is the line to paste (`cliCommand`); the page keeps each argument on one line.
 */
export function cliArguments(experiment: ExperimentName, values: FormValues): string[] {
  const args = [`npm run cli -- experiment ${experiment}`];
  const skipped = inapplicableFields(experiment, values);
  for (const field of EXPERIMENT_FIELDS[experiment]) {
    const value = (values[field.parameter] ?? '').trim();
    if (field.switchFlag === true) {
      if (value === 'on') args.push(`--${field.parameter}`);
      continue;
    }
    if (value === '' || skipped.includes(field.parameter)) continue;
    const word = shellWord(field.kind === 'list' ? value.replaceAll(/\s+/g, '') : value);
    args.push(`--${field.parameter} ${word}`);
  }
  return [...args, '--json'];
}

/** The terminal command that prints the same report: every field is the flag of the same name. */
export function cliCommand(experiment: ExperimentName, values: FormValues): string {
  return cliArguments(experiment, values).join(' ');
}

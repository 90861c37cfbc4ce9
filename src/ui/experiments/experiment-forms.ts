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

export interface FieldSpec {
  /** The CLI flag name, which is also what `ExperimentOptionsError.parameter` names. */
  parameter: string;
  label: string;
  kind: 'integer' | 'number' | 'text' | 'list' | 'choice' | 'toggle';
  choices?: readonly string[];
  /** One line under the field: unit and meaning. */
  help: string;
  /** Left empty, the experiment picks (e.g. T and Q by strategy). */
  optional?: boolean;
}

/** Form state: every field as the text the person typed (toggles are 'on' / 'off'). */
export type FormValues = Readonly<Record<string, string>>;

export type FormCheck =
  { ok: true; request: ExperimentRequest } | { ok: false; parameter: string; message: string };

const LEG_NAMES: Readonly<Record<string, string>> = {
  write: 'Write request',
  ack: 'Write ack',
  read: 'Read request',
  response: 'Read response',
};

const latencyHelp = (leg: string): FieldSpec => ({
  parameter: `latency-${leg}`,
  label: `${LEG_NAMES[leg] ?? leg} leg, one way (ms)`,
  kind: 'text',
  help:
    leg === 'write'
      ? 'e.g. const(2), uniform(1,3), exp(0.5) + 1, pareto(1,2), mix(0.9:exp(1), 0.1:const(20))'
      : 'same grammar as the write request leg',
});

const failureFields: readonly FieldSpec[] = [
  {
    parameter: 'crashes-per-minute',
    label: 'Crashes per minute',
    kind: 'number',
    help: 'over the whole cluster (Poisson)',
  },
  {
    parameter: 'downtime-ms',
    label: 'Downtime (ms)',
    kind: 'number',
    help: 'how long a crashed node stays down',
  },
  {
    parameter: 'partitions-per-minute',
    label: 'Partitions per minute',
    kind: 'number',
    help: 'network split into two random groups',
  },
  {
    parameter: 'partition-ms',
    label: 'Partition length (ms)',
    kind: 'number',
    help: 'how long until it heals',
  },
];

const clusterFields: readonly FieldSpec[] = [
  { parameter: 'nodes', label: 'Nodes', kind: 'integer', help: 'storage nodes in the cluster' },
  { parameter: 'N', label: 'N', kind: 'integer', help: 'replicas per key' },
  { parameter: 'R', label: 'R', kind: 'integer', help: 'replies a get waits for' },
  { parameter: 'W', label: 'W', kind: 'integer', help: 'acks a put waits for' },
  {
    parameter: 'read-fraction',
    label: 'Read fraction',
    kind: 'number',
    help: 'share of operations that are gets, 0..1',
  },
  {
    parameter: 'key-count',
    label: 'Keys',
    kind: 'integer',
    help: 'distinct keys the workload uses',
  },
  {
    parameter: 'duration-ms',
    label: 'Duration (ms)',
    kind: 'integer',
    help: 'virtual time the workload runs',
  },
];

const seedField: FieldSpec = {
  parameter: 'seed',
  label: 'Seed',
  kind: 'integer',
  help: 'the same seed gives the same numbers as the CLI',
};

export const EXPERIMENT_FIELDS: Readonly<Record<ExperimentName, readonly FieldSpec[]>> = {
  staleness: [
    {
      parameter: 'N',
      label: 'N',
      kind: 'integer',
      help: 'replicas per key (the cluster has exactly N nodes)',
    },
    { parameter: 'R', label: 'R', kind: 'integer', help: 'replies a read waits for' },
    { parameter: 'W', label: 'W', kind: 'integer', help: 'acks a write waits for' },
    {
      parameter: 'sweep',
      label: 'Every (R, W)',
      kind: 'toggle',
      help: 'run all of 1..N for R and W',
    },
    latencyHelp('write'),
    latencyHelp('ack'),
    latencyHelp('read'),
    latencyHelp('response'),
    {
      parameter: 'coordination',
      label: 'Coordination',
      kind: 'choice',
      choices: ['client', 'server'],
      help: '§6.4: the client talks to the replicas, or a node does',
    },
    {
      parameter: 'read-repair',
      label: 'Read repair',
      kind: 'toggle',
      help: '§5: a read fixes stale replicas it saw',
    },
    {
      parameter: 'anti-entropy',
      label: 'Anti-entropy',
      kind: 'toggle',
      help: '§4.7: Merkle-tree sync in the background',
    },
    {
      parameter: 't',
      label: 't grid (ms)',
      kind: 'list',
      help: 'read offsets after the write ack, comma separated',
    },
    {
      parameter: 'trials',
      label: 'Trials',
      kind: 'integer',
      help: 'writes simulated, each read at every t',
    },
    {
      parameter: 'prediction-trials',
      label: 'WARS trials',
      kind: 'integer',
      help: 'Monte Carlo trials of the prediction',
    },
    {
      parameter: 'target',
      label: 'Target P',
      kind: 'number',
      help: 'P(consistent) that defines t-visibility',
    },
    seedField,
  ],
  partitioning: [
    {
      parameter: 'sweep',
      label: 'Figure 8 sweep',
      kind: 'toggle',
      help: 'all three strategies over T and Q',
    },
    {
      parameter: 'strategy',
      label: 'Strategy',
      kind: 'choice',
      choices: ['1', '2', '3'],
      help: '1: T random tokens; 2: T tokens + Q partitions; 3: Q/S tokens per node',
    },
    { parameter: 'nodes', label: 'Nodes (S)', kind: 'integer', help: 'nodes on the ring' },
    { parameter: 'N', label: 'N', kind: 'integer', help: 'replicas per key' },
    {
      parameter: 'tokens',
      label: 'Tokens per node (T)',
      kind: 'integer',
      optional: true,
      help: 'strategies 1 and 2; empty: default',
    },
    {
      parameter: 'partitions',
      label: 'Partitions (Q)',
      kind: 'integer',
      optional: true,
      help: 'strategies 2 and 3; empty: default',
    },
    { parameter: 'requests', label: 'Requests', kind: 'integer', help: 'requests drawn' },
    {
      parameter: 'key-count',
      label: 'Keys',
      kind: 'integer',
      help: 'distinct keys the requests pick from',
    },
    {
      parameter: 'keys',
      label: 'Key popularity',
      kind: 'text',
      help: 'uniform or zipf(S), e.g. zipf(1.1)',
    },
    seedField,
  ],
  divergence: [
    ...clusterFields,
    { parameter: 'writers', label: 'Writers', kind: 'integer', help: 'concurrent writer sessions' },
    {
      parameter: 'think-ms',
      label: 'Think time (ms)',
      kind: 'integer',
      help: 'pause between a writer’s operations',
    },
    ...failureFields,
    seedField,
  ],
  availability: [
    ...clusterFields,
    {
      parameter: 'quorum',
      label: 'Quorum',
      kind: 'choice',
      choices: ['both', 'sloppy', 'strict'],
      help: 'both: the same faults for sloppy and strict',
    },
    {
      parameter: 'rate',
      label: 'Requests per second',
      kind: 'number',
      help: 'open-loop rate of virtual time',
    },
    ...failureFields,
    seedField,
  ],
};

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

function listOf(values: FormValues, parameter: string): number[] {
  const items = (values[parameter] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
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

/** The request to run, or the first bad field with the experiment's own message. */
export function checkForm(experiment: ExperimentName, values: FormValues): FormCheck {
  try {
    return { ok: true, request: requestOf(experiment, values) };
  } catch (error) {
    if (error instanceof ExperimentOptionsError)
      return { ok: false, parameter: error.parameter, message: error.message };
    throw error;
  }
}

/** Quotes a shell word only when it needs it. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:+=/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The terminal command that prints the same report: every field is the flag of the same name. */
export function cliCommand(experiment: ExperimentName, values: FormValues): string {
  const words = ['npm', 'run', 'cli', '--', 'experiment', experiment];
  for (const field of EXPERIMENT_FIELDS[experiment]) {
    const value = (values[field.parameter] ?? '').trim();
    if (field.parameter === 'sweep') {
      if (value === 'on') words.push('--sweep');
      continue;
    }
    if (value === '') continue;
    words.push(
      `--${field.parameter}`,
      shellWord(field.kind === 'list' ? value.replaceAll(/\s+/g, '') : value),
    );
  }
  return [...words, '--json'].join(' ');
}

/**
 * Which fields of an experiment form apply to what else the form says (Dynamo §6.2's strategies,
 * the sweeps), and the pairs of fields that bound each other (N ≤ nodes, R ≤ N, …). A field that
 * does not apply is disabled and runs at the experiment's default, as the CLI runs without its flag;
 * a pair out of order is named on both fields, each naming the other.
 */
import type { ExperimentName } from '../../runtime/browser/experiment-api.ts';
import { EXPERIMENT_FIELDS } from './experiment-fields.ts';
import type { FormValues } from './experiment-forms.ts';

/** §6.2: strategy 1 has T tokens per node; strategy 2 T tokens and Q partitions; strategy 3 Q only. */
const STRATEGY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  '1': ['tokens'],
  '2': ['tokens', 'partitions'],
  '3': ['partitions'],
};

/** Why a field is disabled, or undefined when it applies. */
export function whyNotApplicable(
  experiment: ExperimentName,
  values: FormValues,
  parameter: string,
): string | undefined {
  const field = EXPERIMENT_FIELDS[experiment].find((f) => f.parameter === parameter);
  if (values.sweep === 'on' && field?.setBySweep === true) return 'the sweep sets it';
  if (experiment === 'partitioning' && (parameter === 'tokens' || parameter === 'partitions')) {
    const strategy = values.strategy ?? '3';
    if (!(STRATEGY_FIELDS[strategy] ?? []).includes(parameter))
      return `strategy ${strategy} does not use it (1: T only; 2: T and Q; 3: Q only)`;
  }
  return undefined;
}

/** The parameters of the form that do not apply to its other values. */
export function inapplicableFields(experiment: ExperimentName, values: FormValues): string[] {
  return EXPERIMENT_FIELDS[experiment]
    .map((f) => f.parameter)
    .filter((p) => whyNotApplicable(experiment, values, p) !== undefined);
}

/** `small` must not exceed `large`; `why` says so in the paper's terms. */
interface FieldBound {
  small: string;
  large: string;
  why: string;
  applies?: (values: FormValues) => boolean;
}

const QUORUM_BOUNDS: readonly FieldBound[] = [
  { small: 'R', large: 'N', why: 'a read waits for replies from at most the N replicas' },
  { small: 'W', large: 'N', why: 'a write waits for acks from at most the N replicas' },
];
const REPLICA_BOUND: FieldBound = {
  small: 'N',
  large: 'nodes',
  why: 'each of a key’s N replicas is on a node of its own',
};

const BOUNDS: Readonly<Record<ExperimentName, readonly FieldBound[]>> = {
  staleness: QUORUM_BOUNDS,
  partitioning: [
    REPLICA_BOUND,
    {
      small: 'nodes',
      large: 'partitions',
      why: 'strategy 3 gives every node at least one of the Q partitions',
      applies: (values) => values.strategy === '3' && values.sweep !== 'on',
    },
  ],
  divergence: [REPLICA_BOUND, ...QUORUM_BOUNDS],
  availability: [REPLICA_BOUND, ...QUORUM_BOUNDS],
};

export interface FieldProblem {
  parameter: string;
  message: string;
}

function wholeNumberOf(values: FormValues, parameter: string): number | undefined {
  const text = (values[parameter] ?? '').trim();
  const n = Number(text);
  return text !== '' && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * When the experiment refused `parameter` because it is out of order with another field, the
 * problem on both fields, each message naming the other by its label; otherwise undefined.
 */
export function boundProblems(
  experiment: ExperimentName,
  values: FormValues,
  parameter: string,
): [FieldProblem, FieldProblem] | undefined {
  const label = (p: string): string =>
    EXPERIMENT_FIELDS[experiment].find((f) => f.parameter === p)?.label ?? p;
  for (const bound of BOUNDS[experiment]) {
    if (bound.small !== parameter && bound.large !== parameter) continue;
    if (bound.applies && !bound.applies(values)) continue;
    const small = wholeNumberOf(values, bound.small);
    const large = wholeNumberOf(values, bound.large);
    // Below 1 a field is wrong on its own: the experiment's message says so.
    if (small === undefined || large === undefined || small < 1 || large < 1 || small <= large) continue;
    const onSmall: FieldProblem = {
      parameter: bound.small,
      message: `${label(bound.small)} must be at most ${label(bound.large)} (${large}): ${bound.why} (got ${small})`,
    };
    const onLarge: FieldProblem = {
      parameter: bound.large,
      message: `${label(bound.large)} must be at least ${label(bound.small)} (${small}): ${bound.why} (got ${large})`,
    };
    return parameter === bound.small ? [onSmall, onLarge] : [onLarge, onSmall];
  }
  return undefined;
}

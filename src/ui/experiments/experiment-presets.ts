/**
 * One-click settings a teacher can pick for each study (Dynamo §4.5 partial quorums, §6.2 Figure 8,
 * §6.3 divergence, §4.6 sloppy vs strict quorums). Each preset is the experiment's defaults with a
 * few fields changed, kept small enough to finish in seconds in a browser.
 */
import { defaultAvailabilityOptions } from '../../experiments/availability-experiment.ts';
import { defaultDivergenceOptions } from '../../experiments/divergence-experiment.ts';
import { defaultPartitioningOptions } from '../../experiments/partitioning-experiment.ts';
import { defaultStalenessOptions } from '../../experiments/staleness-experiment.ts';
import type { ExperimentName } from '../../runtime/browser/experiment-api.ts';
import type { FormValues } from './experiment-forms.ts';

export interface ExperimentPreset {
  id: string;
  label: string;
  /** What a student should look for. */
  note: string;
  values: FormValues;
}

const onOff = (b: boolean): string => (b ? 'on' : 'off');

function stalenessDefaults(): FormValues {
  const o = defaultStalenessOptions;
  return {
    N: String(o.N),
    R: String(o.R),
    W: String(o.W),
    sweep: onOff(o.sweep),
    'latency-write': o.latency.write,
    'latency-ack': o.latency.ack,
    'latency-read': o.latency.read,
    'latency-response': o.latency.response,
    coordination: o.coordination,
    'read-repair': onOff(o.readRepair),
    'anti-entropy': onOff(o.antiEntropy),
    t: o.tMs.join(', '),
    trials: String(o.trials),
    'prediction-trials': String(o.predictionTrials),
    target: String(o.target),
    seed: String(o.seed),
  };
}

function partitioningDefaults(): FormValues {
  const o = defaultPartitioningOptions;
  return {
    sweep: onOff(o.sweep),
    strategy: String(o.strategy),
    nodes: String(o.nodes),
    N: String(o.N),
    tokens: '',
    partitions: '',
    requests: String(o.requests),
    'key-count': String(o.keyCount),
    keys: o.keys.kind === 'uniform' ? 'uniform' : `zipf(${o.keys.exponent})`,
    seed: String(o.seed),
  };
}

function clusterDefaults(
  o: typeof defaultDivergenceOptions | typeof defaultAvailabilityOptions,
): FormValues {
  return {
    nodes: String(o.nodes),
    N: String(o.N),
    R: String(o.R),
    W: String(o.W),
    'read-fraction': String(o.readFraction),
    'key-count': String(o.keyCount),
    'duration-ms': String(o.durationMs),
    'crashes-per-minute': String(o.crashesPerMinute),
    'downtime-ms': String(o.downtimeMs),
    'partitions-per-minute': String(o.partitionsPerMinute),
    'partition-ms': String(o.partitionMs),
    seed: String(o.seed),
  };
}

/** Every field of each form at the experiment's own defaults (as the CLI without flags). */
export const DEFAULT_VALUES: Readonly<Record<ExperimentName, FormValues>> = {
  staleness: stalenessDefaults(),
  partitioning: partitioningDefaults(),
  divergence: {
    ...clusterDefaults(defaultDivergenceOptions),
    writers: String(defaultDivergenceOptions.writers),
    'think-ms': String(defaultDivergenceOptions.thinkMs),
    'read-modify-write': onOff(defaultDivergenceOptions.readModifyWrite),
  },
  availability: {
    ...clusterDefaults(defaultAvailabilityOptions),
    quorum: defaultAvailabilityOptions.quorum,
    rate: String(defaultAvailabilityOptions.ratePerSec),
  },
};

const quickStaleness = { trials: '400', 'prediction-trials': '20000' };

export const PRESETS: Readonly<Record<ExperimentName, readonly ExperimentPreset[]>> = {
  staleness: [
    {
      id: 'stale-reads',
      label: 'N=3 R=1 W=1 — stale reads',
      note: 'R + W ≤ N: a read right after the ack can miss the write; P(consistent) climbs with t.',
      values: { ...DEFAULT_VALUES.staleness, ...quickStaleness, R: '1', W: '1' },
    },
    {
      id: 'quorum',
      label: 'N=3 R=2 W=2 — quorum',
      note: 'R + W > N: read and write sets overlap, so every read is consistent from t = 0.',
      values: { ...DEFAULT_VALUES.staleness, ...quickStaleness, R: '2', W: '2' },
    },
    {
      id: 'slow-writes',
      label: 'R=1 W=1, slow write leg',
      note: 'A long-tailed write request leg (PBS): the write reaches the last replica late, so staleness lasts longer.',
      values: {
        ...DEFAULT_VALUES.staleness,
        ...quickStaleness,
        'latency-write': 'mix(0.9:exp(0.5) + 1, 0.1:pareto(10,1.5))',
        t: '0, 1, 2, 5, 10, 20, 50, 100',
      },
    },
    {
      id: 'sweep',
      label: 'Every (R, W) for N=3',
      note: 'One curve per (R, W): the more replicas a read or write waits for, the sooner reads are fresh — and the slower they are. 200 trials a point, to be quick: a curve can wobble by a point or two; more trials smooth it.',
      values: {
        ...DEFAULT_VALUES.staleness,
        sweep: 'on',
        trials: '200',
        'prediction-trials': '10000',
      },
    },
  ],
  partitioning: [
    {
      id: 'figure-8',
      label: 'Figure 8 sweep',
      note: 'Efficiency against metadata per node: strategy 3 balances best for the least membership information. 20,000 keys, to be quick: at the largest Q few keys fall in each partition and strategy 3 dips a little; more keys give the paper’s curve.',
      values: {
        ...DEFAULT_VALUES.partitioning,
        sweep: 'on',
        requests: '100000',
        'key-count': '20000',
      },
    },
    {
      id: 'strategy-1',
      label: 'Strategy 1, T=8 random tokens',
      note: 'Random tokens give random range sizes: some nodes carry far more than the mean.',
      values: {
        ...DEFAULT_VALUES.partitioning,
        strategy: '1',
        tokens: '8',
        requests: '100000',
        'key-count': '20000',
      },
    },
    {
      id: 'strategy-3',
      label: 'Strategy 3, Q=256 equal partitions',
      note: 'Equal partitions, Q/S per node: the load is even up to the randomness of the keys.',
      values: {
        ...DEFAULT_VALUES.partitioning,
        strategy: '3',
        partitions: '256',
        requests: '100000',
        'key-count': '20000',
      },
    },
    {
      id: 'zipf',
      label: 'Strategy 3 with hot keys (zipf 1.1)',
      note: 'Popular keys make their replicas hot whatever the ring does (§6.2: imbalance at low load).',
      values: {
        ...DEFAULT_VALUES.partitioning,
        strategy: '3',
        partitions: '256',
        requests: '100000',
        'key-count': '20000',
        keys: 'zipf(1.1)',
      },
    },
  ],
  divergence: [
    {
      id: 'calm',
      label: '4 carts, no failures',
      note: 'Writers read a key just before they write it, as a shopping cart does: without failures nearly every read that finds the key sees one version (§6.3: 99.94 %). The first reads of a key find none.',
      values: { ...DEFAULT_VALUES.divergence, 'read-modify-write': 'on' },
    },
    {
      id: 'busy',
      label: '16 writers on 5 hot keys',
      note: 'Concurrent writers working from the same old context, or none, make siblings (§4.4, Figure 3).',
      values: {
        ...DEFAULT_VALUES.divergence,
        writers: '16',
        'key-count': '5',
        'think-ms': '5',
        'duration-ms': '5000',
      },
    },
    {
      id: 'failures',
      label: 'Writers under crashes and partitions',
      note: 'Partitions let both sides accept writes: more versions per read until a client merges them.',
      values: {
        ...DEFAULT_VALUES.divergence,
        writers: '8',
        'key-count': '10',
        'duration-ms': '20000',
        'crashes-per-minute': '6',
        'partitions-per-minute': '6',
        'partition-ms': '4000',
      },
    },
  ],
  availability: [
    {
      id: 'crashes',
      label: 'Sloppy vs strict under crashes',
      note: 'Strict quorums fail when home replicas are down; sloppy ones write to the next healthy nodes (§4.6).',
      values: {
        ...DEFAULT_VALUES.availability,
        'duration-ms': '20000',
        'crashes-per-minute': '24',
        'downtime-ms': '15000',
        'partitions-per-minute': '0',
        rate: '100',
      },
    },
    {
      id: 'partitions',
      label: 'Sloppy vs strict under partitions',
      note: 'A partition cuts clients off from home replicas; the sloppy quorum keeps accepting writes.',
      values: {
        ...DEFAULT_VALUES.availability,
        'duration-ms': '20000',
        'crashes-per-minute': '0',
        'partitions-per-minute': '6',
        'partition-ms': '4000',
        rate: '100',
      },
    },
    {
      id: 'baseline',
      label: 'No failures (baseline)',
      note: 'Without failures both quorums succeed alike: the difference above is the failures’ alone.',
      values: {
        ...DEFAULT_VALUES.availability,
        'duration-ms': '10000',
        'crashes-per-minute': '0',
        'partitions-per-minute': '0',
        rate: '100',
      },
    },
  ],
};

/**
 * The fields of each experiment form (Dynamo §4.5, §4.6, §6.2, §6.3): every option a study takes,
 * named by its CLI flag, with its unit and meaning in one line.
 */
import type { ExperimentName } from '../../runtime/browser/experiment-api.ts';

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
  /** A toggle whose CLI flag takes no value: given when on, left out when off. */
  switchFlag?: boolean;
  /** The sweep sets it itself: with the sweep on, the CLI refuses it and the run ignores it. */
  setBySweep?: boolean;
}

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
    { parameter: 'R', label: 'R', kind: 'integer', help: 'replies a read waits for', setBySweep: true },
    { parameter: 'W', label: 'W', kind: 'integer', help: 'acks a write waits for', setBySweep: true },
    {
      parameter: 'sweep',
      label: 'Every (R, W)',
      kind: 'toggle',
      help: 'run all of 1..N for R and W',
      switchFlag: true,
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
      switchFlag: true,
    },
    {
      parameter: 'strategy',
      label: 'Strategy',
      kind: 'choice',
      choices: ['1', '2', '3'],
      help: '1: T random tokens; 2: T tokens + Q partitions; 3: Q/S tokens per node',
      setBySweep: true,
    },
    { parameter: 'nodes', label: 'Nodes (S)', kind: 'integer', help: 'nodes on the ring' },
    { parameter: 'N', label: 'N', kind: 'integer', help: 'replicas per key' },
    {
      parameter: 'tokens',
      label: 'Tokens per node (T)',
      kind: 'integer',
      optional: true,
      help: 'strategies 1 and 2; empty: default',
      setBySweep: true,
    },
    {
      parameter: 'partitions',
      label: 'Partitions (Q)',
      kind: 'integer',
      optional: true,
      help: 'strategies 2 and 3; empty: default',
      setBySweep: true,
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
    {
      parameter: 'read-modify-write',
      label: 'Read before each write',
      kind: 'toggle',
      help: 'a put first reads its key and writes with that context, as a cart does (§6.3)',
      switchFlag: true,
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

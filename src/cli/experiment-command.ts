/**
 * `npm run cli -- experiment <name>`: the headless studies of Dynamo §6 from a terminal —
 * staleness and latency of partial quorums (§4.5), partitioning strategies (§6.2, Figure 8),
 * divergent versions (§6.3) and availability under failures (§4.6). `--json` prints the report
 * as one JSON document (schemas in src/experiments/*-experiment.ts); progress goes to stderr.
 */
import { availableParallelism } from 'node:os';
import type { ExperimentControl } from '../experiments/experiment-control.ts';
import { parseDistribution } from '../sim/distribution.ts';
import { legSpecs, defaultLatencySpec } from '../experiments/latency-legs.ts';
import { defaultPartitioningOptions, parseKeyPopularity, runPartitioning, type PartitioningReport } from '../experiments/partitioning-experiment.ts';
import { defaultStalenessOptions, runStaleness, validateStalenessOptions, type StalenessReport, type StalenessRow } from '../experiments/staleness-experiment.ts';
import { probeChunks } from '../experiments/staleness-probe.ts';
import { defaultAvailabilityOptions, runAvailability, type AvailabilityReport, type AvailabilityRow } from '../experiments/availability-experiment.ts';
import { defaultDivergenceOptions, runDivergence, type DivergenceReport } from '../experiments/divergence-experiment.ts';
import { createTrialThreadPool } from '../runtime/node/trial-thread-pool.ts';
import { CliUsageError, describeFlags, parseArgs, splitList, type FlagSpecs } from './args.ts';
import { checkFlagBounds, partitionsBound, quorumBounds, replicaBound } from './experiment-bounds.ts';

const common = {
  seed: { type: 'integer', description: 'random seed (default 1); the same seed gives the same report' },
  json: { type: 'boolean', description: 'print one JSON document on stdout' },
  quiet: { type: 'boolean', description: 'no progress on stderr' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

const stalenessFlags = {
  N: { type: 'integer', description: 'replicas per key, 1–16 (default 3)' },
  R: { type: 'integer', description: 'replies a read waits for, 1–N (default 1)' },
  W: { type: 'integer', description: 'acks a write waits for, 1–N (default 1)' },
  sweep: { type: 'boolean', description: 'every R and W from 1 to N, one report row each (then give no --R or --W)' },
  latency: { type: 'string', description: `one-way latency of every leg, e.g. "exp(0.5) + 1" (default ${defaultLatencySpec})` },
  'latency-write': { type: 'string', description: 'write request leg' },
  'latency-ack': { type: 'string', description: 'write ack leg' },
  'latency-read': { type: 'string', description: 'read request leg' },
  'latency-response': { type: 'string', description: 'read response leg' },
  coordination: { type: 'string', description: 'client | server (default client, §6.4)' },
  'read-repair': { type: 'string', description: 'on | off (default off)' },
  'anti-entropy': { type: 'string', description: 'on | off (default off)' },
  trials: { type: 'integer', description: 'writes simulated, each read at every t, up to 10000000 (default 2000)' },
  'prediction-trials': { type: 'integer', description: 'WARS Monte Carlo trials, up to 100000000 (default 100000)' },
  t: { type: 'string', description: 'read offsets after the write ack, ms: 0,1,2,5 (default 0,1,2,3,5,10,20)' },
  target: { type: 'number', description: 'P(consistent) defining t-visibility (default 0.999)' },
  threads: { type: 'integer', description: `worker threads for the simulated trials (default ${availableParallelism()}, one per core); the report is the same for any count` },
  ...common,
} as const satisfies FlagSpecs;

const partitioningFlags = {
  strategy: { type: 'integer', description: 'partitioning strategy 1, 2 or 3 (default 3)' },
  nodes: { type: 'integer', description: 'S, number of nodes, 1–1000 (default 30)' },
  N: { type: 'integer', description: 'replicas per key, 1–S (default 3)' },
  tokens: { type: 'integer', description: 'T, tokens per node (strategies 1, 2), 1–4096 (default 8)' },
  partitions: { type: 'integer', description: 'Q, equal partitions (strategies 2, 3), up to 1048576, at least S for strategy 3 (default: the power of two of at least 256 and 4 per node)' },
  sweep: { type: 'boolean', description: 'Figure 8: all three strategies over T (1–256) and Q (64–32768) (then give no --strategy, --tokens or --partitions)' },
  requests: { type: 'integer', description: 'requests drawn, up to 100000000 (default 1000000)' },
  'key-count': { type: 'integer', description: 'distinct keys, up to 10000000 (default 100000)' },
  keys: { type: 'string', description: 'uniform | zipf(S) (default uniform)' },
  ...common,
} as const satisfies FlagSpecs;

/** Flags of the failures injected at random (§4.6), with the experiment's defaults. */
function failureFlags(d: { crashesPerMinute: number; downtimeMs: number; partitionsPerMinute: number; partitionMs: number }) {
  return {
    'crashes-per-minute': { type: 'number', description: `node crashes per minute over the cluster (default ${d.crashesPerMinute})` },
    'downtime-ms': { type: 'number', description: `how long a crashed node stays down (default ${d.downtimeMs})` },
    'partitions-per-minute': { type: 'number', description: `network partitions per minute (default ${d.partitionsPerMinute})` },
    'partition-ms': { type: 'number', description: `how long a partition lasts (default ${d.partitionMs})` },
  } as const satisfies FlagSpecs;
}

/** Flags of the simulated cluster and its workload, with the experiment's defaults. */
function clusterFlags(d: { nodes: number; N: number; R: number; W: number; readFraction: number; keyCount: number; durationMs: number }) {
  return {
    nodes: { type: 'integer', description: `nodes in the cluster, 1–64 (default ${d.nodes})` },
    N: { type: 'integer', description: `replicas per key, 1–nodes (default ${d.N})` },
    R: { type: 'integer', description: `replies a read waits for, 1–N (default ${d.R})` },
    W: { type: 'integer', description: `acks a write waits for, 1–N (default ${d.W})` },
    'read-fraction': { type: 'number', description: `fraction of operations that are gets, 0–1 (default ${d.readFraction})` },
    'key-count': { type: 'integer', description: `keys the workload uses (default ${d.keyCount})` },
    'duration-ms': { type: 'integer', description: `virtual time the workload runs, up to 86400000 (default ${d.durationMs})` },
  } as const satisfies FlagSpecs;
}

const divergenceFlags = {
  ...clusterFlags(defaultDivergenceOptions),
  writers: { type: 'integer', description: `concurrent writer sessions, 1–1000 (default ${defaultDivergenceOptions.writers})` },
  'think-ms': { type: 'integer', description: `pause between a writer’s operations (default ${defaultDivergenceOptions.thinkMs})` },
  'read-modify-write': { type: 'boolean', description: 'a writer reads a key just before it writes it, with that read’s context (§6.3’s carts)' },
  ...failureFlags(defaultDivergenceOptions),
  ...common,
} as const satisfies FlagSpecs;

const availabilityFlags = {
  ...clusterFlags(defaultAvailabilityOptions),
  quorum: { type: 'string', description: 'sloppy | strict | both (default both, on the same faults)' },
  rate: { type: 'number', description: `requests per second, up to 100000 (default ${defaultAvailabilityOptions.ratePerSec})` },
  ...failureFlags(defaultAvailabilityOptions),
  ...common,
} as const satisfies FlagSpecs;

const experiments: Readonly<Record<string, { flags: FlagSpecs; summary: string }>> = {
  staleness: { flags: stalenessFlags, summary: 'P(consistent read) t ms after a write, and latency, for N/R/W (§4.5; PBS)' },
  partitioning: { flags: partitioningFlags, summary: 'load balance, metadata and moved keys of strategies 1–3 (§6.2, Figure 8)' },
  divergence: { flags: divergenceFlags, summary: 'versions per read under concurrent writers and failures, siblings after merges (§6.3)' },
  availability: { flags: availabilityFlags, summary: 'success rate and latency of gets and puts, sloppy vs strict quorum (§4.6)' },
};

export async function experimentCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && Object.hasOwn(experiments, rest[0])) {
    // `experiment help staleness` is `experiment staleness --help`.
    return experimentCommand([rest[0], '--help']);
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const list = Object.entries(experiments).map(([n, e]) => `  ${n.padEnd(14)} ${e.summary}`);
    // Asked for, the list is the answer (stdout); missing the name, it is an error (stderr, 2).
    const text = `usage: npm run cli -- experiment <name> [flags]\n${list.join('\n')}\n`;
    (name === undefined ? process.stderr : process.stdout).write(text);
    return name === undefined ? 2 : 0;
  }
  const experiment = Object.hasOwn(experiments, name) ? experiments[name] : undefined;
  if (!experiment) throw new CliUsageError(`unknown experiment ${JSON.stringify(name)} (known: ${Object.keys(experiments).join(', ')})`);
  if (rest.some((a) => a === '--help' || a === '--help=true' || a === '-h')) {
    process.stdout.write(`usage: npm run cli -- experiment ${name} [flags]\n${describeFlags(experiment.flags)}\n`);
    return 0;
  }
  switch (name) {
    case 'staleness':
      return staleness(rest);
    case 'partitioning':
      return partitioning(rest);
    case 'divergence':
      return divergence(rest);
    case 'availability':
      return availability(rest);
    default:
      return 2;
  }
}

/** Progress on stderr: a live percentage on a terminal, a line every 10 % otherwise. */
function control(quiet: boolean): ExperimentControl {
  if (quiet) return {};
  const live = process.stderr.isTTY;
  const step = live ? 1 : 10;
  let shown = -1;
  return {
    onProgress: (f) => {
      const percent = Math.floor((f * 100) / step) * step;
      if (percent === shown) return;
      shown = percent;
      process.stderr.write(live ? `\r${percent}%${percent === 100 ? '\n' : ''}` : `progress ${percent}%\n`);
    },
  };
}

/** A flag the sweep sets itself is refused beside --sweep, rather than ignored. */
function notWithSweep(flags: Record<string, unknown>, names: readonly string[], why: string): void {
  const given = names.find((n) => flags[n] !== undefined);
  if (given !== undefined) throw new CliUsageError(`--${given} does not apply with --sweep: ${why}`, given);
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new CliUsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
}

function onOff(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new CliUsageError(`--${flag} must be on or off (got ${JSON.stringify(value)})`, flag);
}

function numberList(flag: string, value: string): number[] {
  return splitList(flag, value).map((item) => {
    const n = Number(item);
    if (!Number.isFinite(n)) throw new CliUsageError(`--${flag}: items must be numbers (got ${JSON.stringify(item)})`, flag);
    return n;
  });
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The report as one JSON document with --json, else as text for a person; the exit code. */
function printReport<T>(json: boolean | undefined, report: T, format: (report: T) => string): number {
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : format(report));
  return 0;
}

async function staleness(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, stalenessFlags);
  noPositionals(positionals);
  const coordination = flags.coordination;
  if (coordination !== undefined && coordination !== 'client' && coordination !== 'server') {
    throw new CliUsageError(`--coordination must be client or server (got ${JSON.stringify(coordination)})`, 'coordination');
  }
  if (flags.latency !== undefined) {
    try {
      parseDistribution(flags.latency);
    } catch (error) {
      throw new CliUsageError(`--latency: ${JSON.stringify(flags.latency)}: ${error instanceof Error ? error.message : String(error)}`, 'latency');
    }
  }
  const latency = legSpecs(
    flags.latency ?? defaultLatencySpec,
    defined({ write: flags['latency-write'], ack: flags['latency-ack'], read: flags['latency-read'], response: flags['latency-response'] }),
  );
  if (flags.sweep) notWithSweep(flags, ['R', 'W'], 'it runs every R and W from 1 to N');
  if (!flags.sweep) checkFlagBounds(quorumBounds, flags, defaultStalenessOptions);
  const threads = flags.threads ?? availableParallelism();
  if (threads < 1 || threads > 256) throw new CliUsageError(`--threads must be between 1 and 256 (got ${threads})`, 'threads');
  const options = validateStalenessOptions(
    defined({
      N: flags.N,
      R: flags.R,
      W: flags.W,
      latency,
      coordination,
      readRepair: onOff('read-repair', flags['read-repair']),
      antiEntropy: onOff('anti-entropy', flags['anti-entropy']),
      trials: flags.trials,
      predictionTrials: flags['prediction-trials'],
      tMs: flags.t === undefined ? undefined : numberList('t', flags.t),
      target: flags.target,
      seed: flags.seed,
      sweep: flags.sweep,
    }),
  );
  // Threads pay off once there are chunks to share; one chunk runs here.
  const pool = threads > 1 && probeChunks(options.trials).length > 1 ? await createTrialThreadPool(threads) : undefined;
  const report = await runStaleness(options, control(flags.quiet || false), pool).finally(() => pool?.close());
  return printReport(flags.json, report, formatStaleness);
}

function formatStaleness(report: StalenessReport): string {
  const o = report.options;
  const lines = [
    `Staleness: N=${o.N}, ${o.coordination} coordination, read repair ${o.readRepair ? 'on' : 'off'}, anti-entropy ${o.antiEntropy ? 'on' : 'off'}, ${o.trials} trials (prediction ${o.predictionTrials}), seed ${o.seed}`,
    `Legs: write ${o.latency.write} | ack ${o.latency.ack} | read ${o.latency.read} | response ${o.latency.response}`,
  ];
  if (o.coordination === 'server')
    lines.push(
      'Note: the WARS prediction models client coordination (§6.4); the simulated server-driven requests also pay the hop to and from a coordinator node, so their latencies run higher.',
    );
  for (const row of report.rows) lines.push('', ...formatRow(row, o.target));
  return `${lines.join('\n')}\n`;
}

function formatRow(row: StalenessRow, target: number): string[] {
  const ms = (x: number | null): string => (x === null ? 'not within the grid' : `${x} ms`);
  const pct = (l: { p50: number; p99: number; p999: number }): string => `p50 ${l.p50}  p99 ${l.p99}  p99.9 ${l.p999} ms`;
  return [
    `R=${row.R} W=${row.W}${row.R + row.W > row.N ? '  (R+W > N)' : ''}`,
    '  t (ms)   P(consistent) simulated   predicted (WARS)',
    ...row.pConsistent.map((p, i) => `  ${String(p.tMs).padStart(6)}   ${p.p.toFixed(4).padStart(23)}   ${(row.predicted.pConsistent[i]?.p ?? 0).toFixed(4).padStart(16)}`),
    `  t-visibility at ${target}: simulated ${ms(row.tVisibilityMs)} (±${row.tVisibilityResolutionMs}), predicted ${ms(row.predicted.tVisibilityMs)}`,
    `  read latency:  simulated ${pct(row.readLatencyMs)} | predicted ${pct(row.predicted.readLatencyMs)}`,
    `  write latency: simulated ${pct(row.writeLatencyMs)} | predicted ${pct(row.predicted.writeLatencyMs)}`,
    ...(row.failedReads + row.failedWrites > 0 ? [`  failed: ${row.failedWrites} writes, ${row.failedReads} reads`] : []),
  ];
}

async function partitioning(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, partitioningFlags);
  noPositionals(positionals);
  if (flags.sweep) notWithSweep(flags, ['strategy', 'tokens', 'partitions'], 'it runs all three strategies over T and Q (Figure 8)');
  const strategy = flags.strategy;
  if (strategy !== undefined && strategy !== 1 && strategy !== 2 && strategy !== 3) {
    throw new CliUsageError(`--strategy must be 1, 2 or 3 (got ${strategy})`, 'strategy');
  }
  const strategy3 = !flags.sweep && (strategy ?? defaultPartitioningOptions.strategy) === 3;
  checkFlagBounds([replicaBound, ...(strategy3 ? [partitionsBound] : [])], flags, defaultPartitioningOptions);
  const report = await runPartitioning(
    defined({
      strategy,
      nodes: flags.nodes,
      N: flags.N,
      tokens: flags.tokens,
      partitions: flags.partitions,
      requests: flags.requests,
      keyCount: flags['key-count'],
      keys: flags.keys === undefined ? undefined : parseKeyPopularity(flags.keys),
      seed: flags.seed,
      sweep: flags.sweep,
    }),
    control(flags.quiet || false),
  );
  return printReport(flags.json, report, formatPartitioning);
}

function formatPartitioning(report: PartitioningReport): string {
  const o = report.options;
  const keys = o.keys.kind === 'uniform' ? 'uniform' : `zipf(${o.keys.exponent})`;
  const head = `Partitioning: S=${o.nodes}, N=${o.N}, ${o.requests} requests over ${o.keyCount} keys (${keys}), seed ${o.seed}`;
  if (report.points) {
    const rows = report.points.map(
      (p) => `  ${String(p.strategy).padStart(8)}  ${String(p.T ?? '').padStart(4)}  ${String(p.Q ?? '').padStart(6)}  ${String(p.metadataBytesPerNode).padStart(9)}  ${p.efficiency.toFixed(3).padStart(10)}  ${p.outOfBalanceFraction.toFixed(3).padStart(13)}`,
    );
    return `${head}\nFigure 8: efficiency against metadata\n  strategy     T       Q   metadata  efficiency  out-of-balance\n${rows.join('\n')}\n`;
  }
  return [
    head,
    `Strategy ${report.strategy}${report.T === undefined ? '' : `, T=${report.T}`}${report.Q === undefined ? '' : `, Q=${report.Q}`}`,
    `  efficiency (mean/max load):   ${report.efficiency?.toFixed(4)}`,
    `  out-of-balance nodes (>15%):  ${report.outOfBalanceFraction?.toFixed(4)}`,
    `  metadata per node:            ${report.metadataBytesPerNode} bytes`,
    `  keys moved when a node joins:  ${report.keysMovedOnJoinFraction?.toFixed(4) ?? 'none: every node already holds one partition'}`,
    `  keys moved when a node leaves: ${report.keysMovedOnLeaveFraction?.toFixed(4)}`,
    '',
  ].join('\n');
}


function failureOptions(flags: { 'crashes-per-minute'?: number; 'downtime-ms'?: number; 'partitions-per-minute'?: number; 'partition-ms'?: number }) {
  return {
    crashesPerMinute: flags['crashes-per-minute'],
    downtimeMs: flags['downtime-ms'],
    partitionsPerMinute: flags['partitions-per-minute'],
    partitionMs: flags['partition-ms'],
  };
}

async function divergence(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, divergenceFlags);
  noPositionals(positionals);
  checkFlagBounds([replicaBound, ...quorumBounds], flags, defaultDivergenceOptions);
  const report = await runDivergence(
    defined({
      nodes: flags.nodes,
      N: flags.N,
      R: flags.R,
      W: flags.W,
      writers: flags.writers,
      keyCount: flags['key-count'],
      thinkMs: flags['think-ms'],
      readFraction: flags['read-fraction'],
      readModifyWrite: flags['read-modify-write'],
      durationMs: flags['duration-ms'],
      ...failureOptions(flags),
      seed: flags.seed,
    }),
    control(flags.quiet || false),
  );
  return printReport(flags.json, report, formatDivergence);
}

function formatDivergence(report: DivergenceReport): string {
  const o = report.options;
  return [
    `Divergence: ${o.nodes} nodes, N=${o.N} R=${o.R} W=${o.W}, ${o.writers} writers on ${o.keyCount} keys for ${o.durationMs} ms, ${o.crashesPerMinute} crashes/min, ${o.partitionsPerMinute} partitions/min, seed ${o.seed}`,
    `  gets ${report.gets.succeeded}/${report.gets.attempted} ok, puts ${report.puts.succeeded}/${report.puts.attempted} ok`,
    '  versions per read:',
    ...report.versionsPerRead.map((v) => `    ${String(v.versions).padStart(3)}  ${String(v.reads).padStart(7)}  ${(v.fraction * 100).toFixed(3)}%`),
    `  mean ${report.meanVersions.toFixed(3)}, max ${report.maxVersions}`,
    `  of the reads that found the key, ${(report.oneVersionOfFound * 100).toFixed(3)}% saw one version (§6.3: 99.94%)`,
    `  after healing and one client merge per key: ${report.afterMerge.keysWithSiblings} of ${report.afterMerge.keys} keys still have siblings`,
    '',
  ].join('\n');
}

async function availability(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, availabilityFlags);
  noPositionals(positionals);
  checkFlagBounds([replicaBound, ...quorumBounds], flags, defaultAvailabilityOptions);
  const quorum = flags.quorum;
  if (quorum !== undefined && quorum !== 'sloppy' && quorum !== 'strict' && quorum !== 'both') {
    throw new CliUsageError(`--quorum must be sloppy, strict or both (got ${JSON.stringify(quorum)})`, 'quorum');
  }
  const report = await runAvailability(
    defined({
      nodes: flags.nodes,
      N: flags.N,
      R: flags.R,
      W: flags.W,
      quorum,
      ratePerSec: flags.rate,
      readFraction: flags['read-fraction'],
      keyCount: flags['key-count'],
      durationMs: flags['duration-ms'],
      ...failureOptions(flags),
      seed: flags.seed,
    }),
    control(flags.quiet || false),
  );
  return printReport(flags.json, report, formatAvailability);
}

function formatAvailability(report: AvailabilityReport): string {
  const o = report.options;
  const line = (name: string, s: AvailabilityRow['gets']): string =>
    `    ${name}  ${(s.successRate * 100).toFixed(2).padStart(6)}% of ${s.attempted}  latency p50 ${s.latencyMs.p50}  p99 ${s.latencyMs.p99}  p99.9 ${s.latencyMs.p999} ms`;
  return [
    `Availability: ${o.nodes} nodes, N=${o.N} R=${o.R} W=${o.W}, ${o.ratePerSec} req/s for ${o.durationMs} ms, ${report.faults.crashes} crashes, ${report.faults.partitions} partitions, seed ${o.seed}`,
    ...report.rows.flatMap((r) => [`  ${r.quorum} quorum (stale reads ${(r.staleReadFraction * 100).toFixed(2)}%)`, line('gets', r.gets), line('puts', r.puts)]),
    '',
  ].join('\n');
}

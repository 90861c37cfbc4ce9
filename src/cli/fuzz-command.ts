/**
 * `npm run cli -- fuzz` (also `npm run fuzz --`): the seeded fault fuzzer over the whole Dynamo
 * cluster (§4–§6): each seed draws its own cluster, N/R/W, workload and faults, heals, and is
 * judged by every checker in src/check. A failing seed prints the line that replays it and the
 * playground URL that opens it at the failing moment. Exit code 1 when any seed fails.
 *
 *   npm run fuzz -- --seeds 300            npm run cli -- fuzz --seeds 1 --from 4242 --json
 *   npm run fuzz -- --seeds 300 --mix heavy   (bigger clusters, larger N, more fault episodes)
 */
import { fuzz, type FuzzReport } from '../check/fuzz.ts';
import { fuzzMixes, isFuzzMix } from '../check/fuzz-scenario.ts';
import { CliUsageError, describeFlags, parseArgs } from './args.ts';

/** The most seeds one sweep runs: about a day on one core at the standard mix. */
const MAX_SEEDS = 1_000_000;

export const fuzzFlags = {
  seeds: { type: 'integer', description: `how many seeds to run, 1–${MAX_SEEDS} (default 100)` },
  from: { type: 'integer', description: 'the first seed (default 1)' },
  mix: {
    type: 'string',
    description:
      'what each seed draws: standard (default) or heavy (up to 12 nodes, N up to 5, up to 12 fault episodes)',
  },
  'determinism-every': {
    type: 'integer',
    description:
      'run every seed divisible by this twice and compare trace hashes (default 8, 0 = never)',
  },
  json: { type: 'boolean', description: 'print one JSON document on stdout' },
  quiet: { type: 'boolean', description: 'no per-seed progress on stderr' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

export function fuzzCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, fuzzFlags);
  if (flags.help) {
    process.stdout.write(
      `usage: npm run cli -- fuzz [--seeds N] [--from S] [--mix standard|heavy] [--json]\n${describeFlags(fuzzFlags)}\n`,
    );
    return Promise.resolve(0);
  }
  if (positionals.length > 0)
    throw new CliUsageError(
      `fuzz takes no positional arguments (got ${JSON.stringify(positionals[0])})`,
    );
  const seeds = flags.seeds ?? 100;
  const from = flags.from ?? 1;
  const every = flags['determinism-every'] ?? 8;
  const mix = flags.mix ?? 'standard';
  if (!isFuzzMix(mix))
    throw new CliUsageError(
      `--mix must be ${fuzzMixes.join(' or ')} (got ${JSON.stringify(flags.mix)})`,
      'mix',
    );
  if (seeds < 1 || seeds > MAX_SEEDS)
    throw new CliUsageError(`--seeds must be from 1 to ${MAX_SEEDS} (got ${seeds})`, 'seeds');
  if (from < 0) throw new CliUsageError(`--from must be 0 or more (got ${from})`, 'from');
  if (from > Number.MAX_SAFE_INTEGER - (seeds - 1))
    throw new CliUsageError(`--from + --seeds must stay within ${Number.MAX_SAFE_INTEGER}, the largest exact seed (got --from ${from})`, 'from');
  if (every < 0)
    throw new CliUsageError(
      `--determinism-every must be 0 or more (got ${every})`,
      'determinism-every',
    );
  const startedMs = performance.now();
  const report = fuzz({
    seeds,
    fromSeed: from,
    mix,
    determinismEvery: every,
    onSeed: (outcome, failing) => {
      if (failing) {
        process.stderr.write(
          `seed ${outcome.seed} FAILED [${failing.checkers.join(', ')}] ${outcome.summary}\n`,
        );
        for (const v of failing.violations.slice(0, 5))
          process.stderr.write(`  ${v.checker}: ${v.message}\n`);
        process.stderr.write(`  replay: ${failing.replay}\n  open:   ${failing.url}\n`);
      } else if (!flags.quiet && (outcome.seed - from + 1) % 50 === 0) {
        process.stderr.write(`… ${outcome.seed - from + 1}/${seeds} seeds\n`);
      }
    },
  });
  const elapsedMs = Math.round(performance.now() - startedMs);
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...report, elapsedMs })}\n`);
  else process.stdout.write(formatFuzzReport(report, elapsedMs));
  return Promise.resolve(report.failing.length > 0 ? 1 : 0);
}

export function formatFuzzReport(report: FuzzReport, elapsedMs: number): string {
  const a = report.anomalies;
  const lines = [
    `${report.seeds.count} ${report.mix === 'standard' ? '' : `${report.mix} `}seeds from ${report.seeds.from}: ${report.passed} passed, ${report.failing.length} failed, ${report.events} events, ${elapsedMs} ms`,
    `determinism: ${report.determinismChecked} seeds run twice, ${report.nondeterministic.length} gave another trace hash`,
    `anomalies (Dynamo on purpose): stale reads ${JSON.stringify(a.staleReads)}; sibling reads ${a.siblingReads}; cart resurrections ${a.cartResurrections}; lost writes ${JSON.stringify(a.lostWrites)}; indeterminate writes ${a.indeterminateWrites}; failed reads ${a.failedReads}`,
  ];
  for (const f of report.failing)
    lines.push(`FAILED seed ${f.seed} [${f.checkers.join(', ')}]: ${f.replay}   ${f.url}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `npm run cli -- run`: play a scenario file headless to its end and print what happened — trace
 * hash, operations and latency percentiles, stale reads, siblings per read, hints still pending,
 * convergence (Dynamo §4.5–§4.7, §6). The same file and seed always print the same trace hash.
 *
 *   npm run cli -- run --scenario public/scenarios/crash-during-writes.json --seed 7 --json
 */
import { readdirSync, readFileSync } from 'node:fs';
import { InProcessHost } from '../runtime/in-process-host.ts';
import { MAX_RUN_MS } from '../scenario/fault-schema.ts';
import { passedOverChanges } from '../scenario/scenario-checks.ts';
import { formatScenarioError } from '../scenario/scenario-error.ts';
import { InvalidScenarioError, parseScenarioText } from '../scenario/scenario.ts';
import { runScenario, type RunSummary } from '../scenario/scenario-run.ts';
import type { NodeHost } from '../sim/node-host.ts';
import { CliUsageError, describeFlags, parseArgs, required } from './args.ts';

export const runFlags = {
  scenario: { type: 'string', description: 'scenario file (JSON, see public/scenarios/)' },
  seed: { type: 'integer', description: "replace the scenario's seed" },
  until: {
    type: 'number',
    description: "run to this virtual time, ms (default: the scenario's untilMs)",
  },
  host: {
    type: 'string',
    description: 'where nodes run: inprocess (default) or worker (one thread per node)',
  },
  json: { type: 'boolean', description: 'print one JSON document on stdout' },
  quiet: { type: 'boolean', description: 'no progress on stderr (warnings still)' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

export async function runCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, runFlags);
  if (flags.help) {
    process.stdout.write(
      `usage: npm run cli -- run --scenario FILE [flags]\n${describeFlags(runFlags)}\n`,
    );
    return 0;
  }
  if (positionals.length > 0)
    throw new CliUsageError(
      `run takes no positional arguments (got ${JSON.stringify(positionals[0])}); use --scenario FILE`,
    );
  if (flags.seed !== undefined && flags.seed < 0)
    throw new CliUsageError(`--seed must be a non-negative integer (got ${flags.seed})`, 'seed');
  if (flags.until !== undefined && (flags.until < 0 || flags.until > MAX_RUN_MS))
    throw new CliUsageError(
      `--until must be a time from 0 to ${MAX_RUN_MS} ms (a day of virtual time) (got ${flags.until})`,
      'until',
    );
  const hostKind = flags.host ?? 'inprocess';
  if (hostKind !== 'inprocess' && hostKind !== 'worker')
    throw new CliUsageError(
      `--host must be inprocess or worker (got ${JSON.stringify(hostKind)})`,
      'host',
    );
  const file = required('scenario', flags.scenario);
  const parsed = parseScenarioText(readScenarioFile(file));
  if (!parsed.ok) throw new InvalidScenarioError(parsed.error, file);
  // Said before the run, which may be long.
  for (const note of passedOverChanges(parsed.scenario))
    process.stderr.write(`run: warning: ${formatScenarioError(note)}\n`);
  const host = await createHost(hostKind);
  try {
    const summary = await runScenario(parsed.scenario, {
      host,
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(flags.until === undefined ? {} : { untilMs: flags.until }),
      ...(flags.quiet
        ? {}
        : {
            onProgress: ({ nowMs, untilMs, events }: { nowMs: number; untilMs: number; events: number }) =>
              process.stderr.write(`run: ${Number(nowMs.toFixed(3))}/${untilMs} ms virtual, ${events} events\n`),
          }),
    });
    const late = (parsed.scenario.schedule ?? []).filter((s) => s.atMs > summary.untilMs);
    if (late.length > 0)
      process.stderr.write(
        `run: warning: ${late.length} scheduled fault${late.length === 1 ? ' is' : 's are'} after the run's end at ${summary.untilMs} ms and did not happen (the first: ${late[0]?.fault.kind} at ${late[0]?.atMs} ms)\n`,
      );
    process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    if (summary.faulted) {
      const { node, error, atMs, seed } = summary.faulted;
      process.stderr.write(
        `run: stopped early at ${atMs} ms: node ${node} faulted (${error}); replay with --seed ${seed}\n`,
      );
      return 1;
    }
  } finally {
    await host.dispose();
  }
  return 0;
}

function readScenarioFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (code ?? String(error));
    throw new CliUsageError(
      `cannot read scenario file ${JSON.stringify(file)}: ${why}`,
      'scenario',
    );
  }
}

type HostFactory = () => NodeHost | Promise<NodeHost>;

async function createHost(kind: 'inprocess' | 'worker'): Promise<NodeHost> {
  if (kind === 'inprocess') return new InProcessHost();
  const factory = await findNodeThreadHost();
  if (!factory) {
    throw new CliUsageError(
      '--host worker is not available in this build yet (src/runtime/node/ has no createNodeThreadHost); use --host inprocess',
      'host',
    );
  }
  return await factory();
}

/**
 * The worker-thread host lives in src/runtime/node/; it is looked up at run time so this command
 * builds and runs without it, and refuses `--host worker` clearly where it is missing.
 */
async function findNodeThreadHost(): Promise<HostFactory | undefined> {
  const dir = new URL('../runtime/node/', import.meta.url);
  let files: string[];
  try {
    // Only host modules: the thread entry points beside them must not start in this thread.
    files = readdirSync(dir).filter((f) => /^(index|.*host)\.ts$/.test(f));
  } catch {
    return undefined;
  }
  for (const file of files.sort()) {
    try {
      const module = (await import(new URL(file, dir).href)) as { createNodeThreadHost?: unknown };
      if (typeof module.createNodeThreadHost === 'function')
        return module.createNodeThreadHost as HostFactory;
    } catch {
      // A module that does not load here is not the host we are looking for.
    }
  }
  return undefined;
}

function formatSummary(s: RunSummary): string {
  const ms = (v: number): string => v.toFixed(1).padStart(8);
  const row = (kind: string, o: RunSummary['operations']['get']): string =>
    `  ${kind}  ${String(o.ok).padStart(7)}  ${String(o.failed).padStart(6)}${o.latencyMs.count > 0 ? `${ms(o.latencyMs.p50)}${ms(o.latencyMs.p99)}${ms(o.latencyMs.p999)}${ms(o.latencyMs.max)}` : ''}`;
  const lines = [
    ...(s.faulted
      ? [
          `STOPPED EARLY at ${s.faulted.atMs} ms: node ${s.faulted.node} faulted (${s.faulted.error})`,
        ]
      : []),
    `${s.name === undefined ? 'Scenario' : `Scenario "${s.name}"`}: seed ${s.seed}, ${s.untilMs} ms of virtual time, ${s.host} host`,
    `Trace hash ${s.traceHash}  (${s.events} events, ${s.messages} messages, ${s.dropped} dropped)`,
    `Nodes: ${s.nodes.map((n) => `${n.id} ${n.status}`).join(', ')}`,
    '',
    '  op          ok  failed     p50     p99   p99.9     max  (ms)',
    row('get', s.operations.get),
    row('put', s.operations.put),
    '',
    `Stale reads: ${s.staleReads}    Most versions in one read: ${s.maxVersionsPerRead}`,
    `Hints pending at the end: ${s.hintsPending} (most at once: ${s.hintsPeak})    Read repairs: ${s.readRepairs}`,
    `Anti-entropy: ${s.antiEntropy.exchanges} exchanges, ${s.antiEntropy.keysSent} keys sent`,
    s.converged
      ? `Converged: yes, every live home replica agrees on all ${s.keysChecked} keys`
      : `Converged: no, home replicas disagree on ${s.divergentKeys.join(', ')}${s.divergentKeys.length === 10 ? ' …' : ''}${s.trafficAtEnd ? ' (traffic was still running at the end, so writes were in flight; stop the workload before untilMs to see the replicas settle)' : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `npm run cli -- ring`: build a consistent-hashing ring with one of the paper's three strategies
 * and show its tokens, partitions, load and the preference lists of some keys (Dynamo §4.2, §4.3, §6.2).
 *
 *   npm run cli -- ring --nodes A,B,C,D,E,F,G --strategy 1 --tokens 1 \
 *     --place A=0.1,B=0.2,C=0.3,D=0.4,E=0.5,F=0.6,G=0.7 --key K --json
 */
import {
  RING_SIZE,
  bigIntToPosition,
  isPosition,
  positionToFraction,
  ringPosition,
} from '../core/hash.ts';
import { createRing, partitions, RingConfigError } from '../core/partitioning.ts';
import type { RingParams } from '../core/partitioning.ts';
import { homeReplicasAt, preferenceList } from '../core/preference-list.ts';
import { loadShare, metadataBytesPerNode } from '../core/ring-metrics.ts';
import type { NodeId, PreferenceEntry, RingPosition, StrategyId, Token } from '../core/types.ts';
import { createPrng } from '../sim/prng.ts';
import { CliUsageError, describeFlags, parseArgs, required, splitList } from './args.ts';

export const ringFlags = {
  nodes: { type: 'string', description: 'comma-separated node ids, e.g. A,B,C' },
  strategy: { type: 'integer', description: 'partitioning strategy 1, 2 or 3 (§6.2)' },
  tokens: { type: 'integer', description: 'T, tokens per node (strategies 1 and 2; default 8)' },
  partitions: {
    type: 'integer',
    description: 'Q, equal partitions (strategies 2 and 3; default ≥ 256)',
  },
  N: { type: 'integer', description: 'replicas per key (default 3)' },
  place: {
    type: 'string',
    repeated: true,
    description: 'pin tokens: A=<32 hex digits or a fraction like 0.25>,B=…',
  },
  seed: { type: 'integer', description: 'random seed for token placement (default 1)' },
  key: { type: 'string', repeated: true, description: 'a key whose preference list to show' },
  json: { type: 'boolean', description: 'print one JSON document on stdout' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

export interface RingOptions {
  nodes: readonly NodeId[];
  strategy: StrategyId;
  tokensPerNode?: number;
  partitionCount?: number;
  N: number;
  placement?: Readonly<Record<NodeId, readonly RingPosition[]>>;
  seed: number;
  keys: readonly string[];
}

/** The JSON document `ring --json` prints. */
export interface RingReport {
  nodes: NodeId[];
  strategy: StrategyId;
  N: number;
  seed: number;
  params: RingParams;
  tokens: Token[];
  partitions: { start: RingPosition; end: RingPosition; owners: NodeId[] }[];
  keys: { key: string; position: RingPosition; preferenceList: PreferenceEntry[] }[];
  loadShare: Record<NodeId, number>;
  metadataBytesPerNode: number;
}

export function ringReport(options: RingOptions): RingReport {
  const ring = createRing({
    params: {
      strategy: options.strategy,
      tokensPerNode: options.tokensPerNode,
      partitionCount: options.partitionCount,
    },
    nodes: options.nodes.map((id) => ({ id })),
    N: options.N,
    prng: createPrng(options.seed, 'ring'),
    placement: options.placement,
  });
  return {
    nodes: ring.nodes.map((n) => n.id),
    strategy: ring.params.strategy,
    N: options.N,
    seed: options.seed,
    params: ring.params,
    tokens: ring.tokens.map((t) => ({ node: t.node, position: t.position })),
    partitions: partitions(ring).map((p) => ({
      start: p.start,
      end: p.end,
      owners: [...homeReplicasAt(ring, p.end, options.N)],
    })),
    keys: options.keys.map((key) => ({
      key,
      position: ringPosition(key),
      preferenceList: [...preferenceList(ring, key, options.N)],
    })),
    loadShare: loadShare(ring),
    metadataBytesPerNode: metadataBytesPerNode(ring),
  };
}

/** The flag that sets each ring parameter a RingConfigError names. */
const ringParameterFlags: Readonly<Record<string, string>> = { T: 'tokens', Q: 'partitions', N: 'N', nodes: 'nodes', strategy: 'strategy', placement: 'place' };

export function ringCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, ringFlags);
  if (flags.help) {
    process.stdout.write(
      `usage: npm run cli -- ring --nodes A,B,C --strategy 1|2|3 [flags]\n${describeFlags(ringFlags)}\n`,
    );
    return Promise.resolve(0);
  }
  if (positionals.length > 0)
    throw new CliUsageError(
      `ring takes no positional arguments (got ${JSON.stringify(positionals[0])})`,
    );
  const strategy = required('strategy', flags.strategy);
  if (strategy !== 1 && strategy !== 2 && strategy !== 3)
    throw new CliUsageError(`--strategy must be 1, 2 or 3 (got ${strategy})`, 'strategy');
  if (strategy === 3 && flags.tokens !== undefined)
    throw new CliUsageError(
      '--tokens does not apply to strategy 3 (it holds Q/S tokens per node)',
      'tokens',
    );
  if (strategy === 1 && flags.partitions !== undefined)
    throw new CliUsageError(
      '--partitions does not apply to strategy 1 (its partitions are the token ranges)',
      'partitions',
    );
  const seed = flags.seed ?? 1;
  if (seed < 0)
    throw new CliUsageError(`--seed must be a non-negative integer (got ${seed})`, 'seed');
  const nodes = splitList('nodes', required('nodes', flags.nodes));
  const placement = parsePlacement(flags.place);
  let report: ReturnType<typeof ringReport>;
  try {
    report = ringReport({
      nodes,
      strategy,
      tokensPerNode: flags.tokens,
      partitionCount: flags.partitions,
      N: flags.N ?? 3,
      placement,
      seed,
      keys: flags.key,
    });
  } catch (error) {
    // The ring names its parameters as the paper does (T, Q); the person typed flags.
    if (!(error instanceof RingConfigError)) throw error;
    const flag = ringParameterFlags[error.parameter];
    throw new CliUsageError(flag === undefined ? error.message : `--${flag}: ${error.message}`, flag);
  }
  process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatReport(report));
  return Promise.resolve(0);
}

/** `A=<hex>,B=0.25`: 32 hex digits, or a decimal fraction of the ring. A node may be named more than once. */
export function parsePlacement(
  values: readonly string[],
): Record<NodeId, RingPosition[]> | undefined {
  if (values.length === 0) return undefined;
  const placement: Record<NodeId, RingPosition[]> = {};
  for (const item of values.flatMap((value) => splitList('place', value))) {
    const [node, where, ...rest] = item.split('=');
    if (!node || where === undefined || rest.length > 0)
      throw new CliUsageError(
        `--place items look like A=<position> (got ${JSON.stringify(item)})`,
        'place',
      );
    (placement[node] ??= []).push(parsePosition(where));
  }
  return placement;
}

function parsePosition(text: string): RingPosition {
  if (isPosition(text.toLowerCase())) return text.toLowerCase();
  const fraction = /^0?\.(\d+)$/.exec(text);
  if (fraction?.[1]) {
    const digits = fraction[1];
    return bigIntToPosition((BigInt(digits) * RING_SIZE) / 10n ** BigInt(digits.length));
  }
  throw new CliUsageError(
    `--place position must be 32 hex digits or a fraction like 0.25 (got ${JSON.stringify(text)})`,
    'place',
  );
}

const TABLE_ROWS = 24;

function formatReport(report: RingReport): string {
  const { params } = report;
  const shape = [
    params.tokensPerNode === undefined ? '' : `T=${params.tokensPerNode}`,
    params.partitionCount === undefined ? '' : `Q=${params.partitionCount}`,
  ];
  const lines = [
    `Ring: strategy ${report.strategy}, ${report.nodes.length} nodes, N=${report.N}, ${shape.filter(Boolean).join(', ')}, seed ${report.seed}`,
    '',
  ];
  const width = Math.max(...report.nodes.map((id) => id.length));
  lines.push(`Tokens (${report.tokens.length}):`);
  lines.push(
    ...capped(
      report.tokens.map(
        (t) =>
          `  ${t.node.padEnd(width)}  ${t.position}  ${percent(positionToFraction(t.position))}`,
      ),
    ),
  );
  lines.push('', `Partitions (${report.partitions.length}), (start, end] → home replicas:`);
  lines.push(
    ...capped(
      report.partitions.map(
        (p) => `  (${p.start.slice(0, 8)}…, ${p.end.slice(0, 8)}…]  ${p.owners.join(' ')}`,
      ),
    ),
  );
  lines.push('', 'Load share (first owner):');
  lines.push(
    ...report.nodes.map((id) => `  ${id.padEnd(width)}  ${percent(report.loadShare[id] ?? 0)}`),
  );
  lines.push('', `Membership metadata per node: ${report.metadataBytesPerNode} bytes`);
  for (const { key, position, preferenceList } of report.keys) {
    const primary = preferenceList.filter((e) => e.role === 'primary').map((e) => e.node);
    const fallback = preferenceList.filter((e) => e.role === 'fallback').map((e) => e.node);
    lines.push(
      '',
      `Key ${JSON.stringify(key)} at ${position} (${percent(positionToFraction(position))})`,
    );
    lines.push(`  primary:  ${primary.join(' ')}`, `  fallback: ${fallback.join(' ') || '(none)'}`);
  }
  return `${lines.join('\n')}\n`;
}

function capped(rows: string[]): string[] {
  if (rows.length <= TABLE_ROWS) return rows;
  return [...rows.slice(0, TABLE_ROWS), `  … ${rows.length - TABLE_ROWS} more (--json lists all)`];
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

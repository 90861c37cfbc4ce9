/**
 * The cluster settings a person types in the playground, and their validation: each bad field
 * gets a sentence saying what is wrong and what would be right (Dynamo §4.2 T and Q, §4.5 N, R, W,
 * §4.6 sloppy quorum, §4.4 conflict resolution).
 */
import type { ConflictResolution, NodeId, QuorumMode, StrategyId } from '../../core/types.ts';

export interface ClusterSettings {
  nodes: readonly NodeId[];
  strategy: StrategyId;
  /** T: random tokens per node (strategies 1 and 2). */
  tokensPerNode: number;
  /** Q: equal-sized partitions (strategies 2 and 3). */
  partitionCount: number;
  N: number;
  R: number;
  W: number;
  quorumMode: QuorumMode;
  conflictResolution: ConflictResolution;
  seed: number;
}

export type SettingsField = keyof ClusterSettings;

/** What the form holds: the text of every field, valid or not. */
export type SettingsDraft = Record<SettingsField, string>;

export type SettingsErrors = Partial<Record<SettingsField, string>>;

export const MAX_NODES = 128;
export const MAX_TOKENS_PER_NODE = 512;
export const MAX_PARTITIONS = 16384;
export const MAX_SEED = 2 ** 32 - 1;
const NODE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,11}$/;

/** Five nodes, strategy 3 with Q = 30 (six tokens each), N = 3, R = W = 2: Fig 7 at a glance. */
export const DEFAULT_SETTINGS: ClusterSettings = {
  nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
  strategy: 3,
  tokensPerNode: 6,
  partitionCount: 30,
  N: 3,
  R: 2,
  W: 2,
  quorumMode: 'sloppy',
  conflictResolution: 'siblings',
  seed: 42,
};

/** A name the settings accept for a node: a letter, then letters, digits, - or _ (at most 12). */
export function isNodeName(text: string): boolean {
  return NODE_NAME.test(text);
}

export function nodesNamed(count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

/** Nodes n1…nK are shown as their count; any other names as a comma-separated list. */
export function formatNodes(nodes: readonly NodeId[]): string {
  const plain = nodes.every((node, i) => node === `n${i + 1}`);
  return plain ? String(nodes.length) : nodes.join(', ');
}

export function draftOf(settings: ClusterSettings): SettingsDraft {
  return {
    nodes: formatNodes(settings.nodes),
    strategy: String(settings.strategy),
    tokensPerNode: String(settings.tokensPerNode),
    partitionCount: String(settings.partitionCount),
    N: String(settings.N),
    R: String(settings.R),
    W: String(settings.W),
    quorumMode: settings.quorumMode,
    conflictResolution: settings.conflictResolution,
    seed: String(settings.seed),
  };
}

function parseInteger(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** A node count ("5") or names ("A, B, C" or "A B C"). */
export function parseNodes(text: string): { nodes?: NodeId[]; error?: string } {
  const count = parseInteger(text);
  if (count !== undefined) {
    if (count < 1 || count > MAX_NODES) return { error: `Nodes must be between 1 and ${MAX_NODES}` };
    return { nodes: nodesNamed(count) };
  }
  const names = text.split(/[\s,]+/).filter((name) => name.length > 0);
  if (names.length === 0) return { error: 'Nodes needs a count (e.g. 5) or names (e.g. A, B, C)' };
  const bad = names.find((name) => !isNodeName(name));
  if (bad !== undefined) return { error: `Node name "${bad}" must start with a letter and use letters, digits, - or _ (at most 12)` };
  const seen = new Set<string>();
  const duplicate = names.find((name) => (seen.has(name) ? true : (seen.add(name), false)));
  if (duplicate !== undefined) return { error: `Node name "${duplicate}" appears twice` };
  if (names.length > MAX_NODES) return { error: `Nodes must be at most ${MAX_NODES}` };
  return { nodes: names };
}

/** What was typed, as an error shows it: a number as it is (2.5, 0), anything else quoted ("abc"). */
export function shownInput(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'nothing';
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? trimmed : JSON.stringify(trimmed);
}

function integerIn(text: string, label: string, min: number, max: number, errors: SettingsErrors, field: SettingsField): number {
  const value = parseInteger(text);
  if (value === undefined || value < min || value > max) {
    errors[field] = `${label} must be a whole number from ${min} to ${max}, got ${shownInput(text)}`;
    return min;
  }
  return value;
}

/**
 * R or W out of range or not a whole number, with N's value when N itself is valid:
 * "R must be a whole number from 1 to N = 3, got 2.5".
 */
function quorumError(label: 'R' | 'W', text: string, N: number | undefined): string {
  return `${label} must be a whole number from 1 to N${N === undefined ? '' : ` = ${N}`}, got ${shownInput(text)}`;
}

/** Checks every field; `settings` is present only when there is no error at all. */
export function validateSettings(draft: SettingsDraft): { settings?: ClusterSettings; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const parsedNodes = parseNodes(draft.nodes);
  if (parsedNodes.error !== undefined) errors.nodes = parsedNodes.error;
  const nodes = parsedNodes.nodes ?? [];

  const strategyNumber = parseInteger(draft.strategy);
  if (strategyNumber !== 1 && strategyNumber !== 2 && strategyNumber !== 3) errors.strategy = 'Strategy must be 1, 2 or 3';
  const strategy: StrategyId = strategyNumber === 1 || strategyNumber === 2 ? strategyNumber : 3;

  // Every strategy's field is checked, even the one not in use: the strategy lab draws all three.
  const tokensPerNode = integerIn(draft.tokensPerNode, 'T (tokens per node)', 1, MAX_TOKENS_PER_NODE, errors, 'tokensPerNode');
  const partitionCount = integerIn(draft.partitionCount, 'Q (partitions)', 1, MAX_PARTITIONS, errors, 'partitionCount');
  // Only the strategy on show must build; the lab explains a strategy that cannot, in its own card.
  if (strategy === 3 && errors.partitionCount === undefined && nodes.length > 0 && partitionCount < nodes.length) {
    errors.partitionCount = `Q must be at least the number of nodes (${nodes.length}) so each node holds a partition`;
  }

  const N = parseInteger(draft.N);
  if (N === undefined || N < 1) errors.N = `N must be a whole number of at least 1, got ${shownInput(draft.N)}`;
  else if (nodes.length > 0 && N > nodes.length) errors.N = `N must be at most the number of nodes (${nodes.length})`;
  const replicas = N ?? 1;
  const nShown = errors.N === undefined ? replicas : undefined;
  const R = parseInteger(draft.R);
  if (R === undefined || R < 1 || (nShown !== undefined && R > nShown)) errors.R = quorumError('R', draft.R, nShown);
  const W = parseInteger(draft.W);
  if (W === undefined || W < 1 || (nShown !== undefined && W > nShown)) errors.W = quorumError('W', draft.W, nShown);

  if (draft.quorumMode !== 'sloppy' && draft.quorumMode !== 'strict') errors.quorumMode = 'Quorum mode must be sloppy or strict';
  if (draft.conflictResolution !== 'siblings' && draft.conflictResolution !== 'lww') {
    errors.conflictResolution = 'Conflict resolution must be siblings or last-writer-wins';
  }
  const seed = integerIn(draft.seed, 'Seed', 0, MAX_SEED, errors, 'seed');

  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    settings: {
      nodes,
      strategy,
      tokensPerNode,
      partitionCount,
      N: replicas,
      R: R ?? 1,
      W: W ?? 1,
      quorumMode: draft.quorumMode as QuorumMode,
      conflictResolution: draft.conflictResolution as ConflictResolution,
      seed,
    },
  };
}

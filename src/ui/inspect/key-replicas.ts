/**
 * The key inspector's model (Dynamo §4.3–4.7): for one key, every node's versions with their vector
 * clocks, the hints it holds for the key, whether it is a home replica or a fallback of the key's
 * preference list, and its Merkle root for the key's range — roots that disagree with the home
 * replicas' usual root marked, and the anti-entropy exchanges for that range read from the trace.
 */
import type { KeySnapshot } from '../../core/node.ts';
import type { PreferenceList } from '../../core/types.ts';
import type { TraceRecord } from '../../sim/trace-record.ts';

export type ReplicaRole = 'home' | 'fallback' | 'other';

export interface ReplicaRow {
  node: string;
  role: ReplicaRole;
  /** Position in the preference list, from 1; undefined when not in it. */
  rank: number | undefined;
  /** Undefined when the node could not be asked (crashed, faulted). */
  snapshot: KeySnapshot | undefined;
  /** The node's root differs from the most common root among the nodes holding the range. */
  rootDiffers: boolean;
}

export interface AntiEntropyExchange {
  atMs: number;
  node: string;
  peer: string;
  rangeId: number;
  hashesCompared: number;
  keysSent: number;
  inSync: boolean;
}

export interface KeyReplicas {
  rows: ReplicaRow[];
  rangeId: number | undefined;
  /** The root most holders agree on. */
  commonRoot: string | undefined;
}

/** Rows in preference-list order (homes, then fallbacks), then every other node. */
export function keyReplicaRows(nodes: readonly string[], preference: PreferenceList, N: number, snapshots: Readonly<Record<string, KeySnapshot>>): KeyReplicas {
  const rank = new Map(preference.map((e, i) => [e.node, i + 1]));
  const roots = new Map<string, number>();
  for (const node of nodes) {
    const root = snapshots[node]?.merkleRoot;
    if (root !== undefined) roots.set(root, (roots.get(root) ?? 0) + 1);
  }
  let commonRoot: string | undefined;
  let best = 0;
  for (const [root, count] of roots) {
    if (count > best) {
      best = count;
      commonRoot = root;
    }
  }
  const rows = nodes.map((node): ReplicaRow => {
    const r = rank.get(node);
    const snapshot = snapshots[node];
    const role: ReplicaRole = r === undefined ? 'other' : r <= N ? 'home' : 'fallback';
    const root = snapshot?.merkleRoot;
    return { node, role, rank: r, snapshot, rootDiffers: root !== undefined && roots.size > 1 && root !== commonRoot };
  });
  const order = (row: ReplicaRow) => row.rank ?? preference.length + 1 + nodes.indexOf(row.node);
  rows.sort((a, b) => order(a) - order(b));
  const rangeId = Object.values(snapshots).find((s) => s !== undefined)?.rangeId;
  return { rows, rangeId, commonRoot };
}

const EXCHANGE = /^anti-entropy (\S+) r(\d+) (\d+)h (\d+)k (in-sync|repaired)$/;

/** Parses `anti-entropy n3 r5 17h 2k repaired`, the world's text for a finished Merkle exchange. */
export function parseExchange(record: TraceRecord): AntiEntropyExchange | undefined {
  if (record.kind !== 'observe' || record.node === undefined || record.detail === undefined) return undefined;
  const m = EXCHANGE.exec(record.detail);
  if (!m) return undefined;
  return {
    atMs: record.timeMs,
    node: record.node,
    peer: m[1] ?? '',
    rangeId: Number(m[2]),
    hashesCompared: Number(m[3]),
    keysSent: Number(m[4]),
    inSync: m[5] === 'in-sync',
  };
}

/** The newest `limit` exchanges for one range, newest first. */
export function exchangesForRange(records: readonly TraceRecord[], rangeId: number, limit = 12): AntiEntropyExchange[] {
  const out: AntiEntropyExchange[] = [];
  for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
    const record = records[i];
    const exchange = record ? parseExchange(record) : undefined;
    if (exchange && exchange.rangeId === rangeId) out.push(exchange);
  }
  return out;
}

/** Hint observations for a key (`hint.stored cart for n2`, `hint.delivered cart to n2`), newest first. */
export function hintEvents(records: readonly TraceRecord[], key: string, limit = 8): { atMs: number; node: string; text: string }[] {
  const out: { atMs: number; node: string; text: string }[] = [];
  const stored = `hint.stored ${key} for `;
  const delivered = `hint.delivered ${key} to `;
  for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
    const r = records[i];
    if (r?.kind !== 'observe' || r.node === undefined || r.detail === undefined) continue;
    if (r.detail.startsWith(stored)) out.push({ atMs: r.timeMs, node: r.node, text: `stored a hint for ${r.detail.slice(stored.length)}` });
    else if (r.detail.startsWith(delivered)) out.push({ atMs: r.timeMs, node: r.node, text: `handed the hint back to ${r.detail.slice(delivered.length)}` });
  }
  return out;
}

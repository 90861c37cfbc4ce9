/**
 * Stale reads (Dynamo §6: reads that missed an acknowledged write) as the trace shows them, so the
 * metrics charts can mark each one and send a person to it in the space-time diagram.
 */
import type { TraceRecord } from '../../sim/trace-record.ts';

/** Stale reads the trace window shows: op-end records marked `stale`. */
export function staleReadsInTrace(records: readonly TraceRecord[]): { opId: number; key: string; atMs: number }[] {
  const out: { opId: number; key: string; atMs: number }[] = [];
  for (const r of records) {
    if (r.kind !== 'op-end' || r.id === undefined || r.detail === undefined) continue;
    const words = r.detail.split(' ');
    if (!words.includes('stale')) continue;
    out.push({ opId: r.id, key: words.slice(1, words.indexOf('ok')).join(' '), atMs: r.timeMs });
  }
  return out;
}

/**
 * What the world knows and the nodes do not: every write that was acknowledged to a client, when,
 * and with which clock. Stale reads and lost writes are judged against it (Dynamo §4.5, §6.3),
 * never against the nodes' own view of themselves.
 */
import type { Key, VectorClock, Version } from '../core/types.ts';
import { descends } from '../core/vector-clock.ts';

export interface AckedWrite {
  opId: number;
  key: Key;
  clock: VectorClock;
  ackedAtMs: number;
  /** When a later acked write descending from this one was acknowledged. */
  supersededAtMs?: number;
}

export class GroundTruth {
  private readonly byKey = new Map<Key, AckedWrite[]>();
  ackedWrites = 0;

  /** `readHorizonMs`: the longest a read can last; older superseded writes cannot matter any more. */
  constructor(private readonly readHorizonMs: number) {}

  acknowledge(write: AckedWrite): void {
    this.ackedWrites++;
    const list = this.byKey.get(write.key) ?? [];
    const horizon = write.ackedAtMs - this.readHorizonMs;
    const kept: AckedWrite[] = [];
    for (const w of list) {
      if (w.supersededAtMs === undefined && descends(write.clock, w.clock)) w.supersededAtMs = write.ackedAtMs;
      // Every read that can still start or finish began after the superseding write was acked,
      // and a read covering that one covers this one.
      if (w.supersededAtMs !== undefined && w.supersededAtMs < horizon) continue;
      kept.push(w);
    }
    kept.push(write);
    this.byKey.set(write.key, kept);
  }

  /**
   * A read is stale when it began after a write to its key was acknowledged and returned neither
   * that write nor a version descending from it. Returns the first such write, if any.
   */
  staleAgainst(key: Key, readStartMs: number, returned: readonly Version[]): AckedWrite | undefined {
    const list = this.byKey.get(key);
    if (!list) return undefined;
    for (const w of list) {
      if (w.ackedAtMs >= readStartMs) continue;
      if (!returned.some((v) => descends(v.clock, w.clock))) return w;
    }
    return undefined;
  }

  /** The acked writes of a key that no other acked write of it descends from. */
  latest(key: Key): AckedWrite[] {
    const list = this.byKey.get(key) ?? [];
    return list.filter((w) => !list.some((o) => o !== w && descends(o.clock, w.clock) && !descends(w.clock, o.clock)));
  }

  keys(): Key[] {
    return [...this.byKey.keys()].sort();
  }
}

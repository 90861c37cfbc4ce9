/**
 * What the world knows and the nodes do not: every write that was acknowledged to a client, when,
 * and with which clock and dot. Stale reads and lost writes are judged against it (Dynamo §4.5,
 * §6.3), never against the nodes' own view of themselves.
 */
import type { Dot, Key, VectorClock, Version } from '../core/types.ts';
import { versionDescends } from '../core/versions.ts';

export interface AckedWrite {
  opId: number;
  key: Key;
  clock: VectorClock;
  /** The write's own event (versions.ts): without it a same-coordinator sibling looks covered. */
  dot?: Dot;
  ackedAtMs: number;
  /** When a later acked write whose history holds this one was acknowledged. */
  supersededAtMs?: number;
}

export class GroundTruth {
  /** Per key, in acknowledgement order (the world's clock only moves forward). */
  private readonly byKey = new Map<Key, AckedWrite[]>();
  ackedWrites = 0;

  /** `readHorizonMs`: the longest a read can last; older superseded writes cannot matter any more. */
  constructor(private readonly readHorizonMs: number) {}

  acknowledge(write: AckedWrite): void {
    this.ackedWrites++;
    let kept = this.byKey.get(write.key);
    if (kept === undefined) this.byKey.set(write.key, (kept = []));
    const horizon = write.ackedAtMs - this.readHorizonMs;
    // Compacted in place: a hot key's list is scanned on every write to it, not copied.
    let length = 0;
    for (let i = 0; i < kept.length; i++) {
      const w = kept[i] as AckedWrite;
      if (w.supersededAtMs === undefined && versionDescends(write, w)) w.supersededAtMs = write.ackedAtMs;
      // Every read that can still start or finish began after the superseding write was acked,
      // and a read covering that one covers this one.
      if (w.supersededAtMs !== undefined && w.supersededAtMs < horizon) continue;
      kept[length++] = w;
    }
    kept.length = length;
    // Acks arrive in time order; should one ever not, it is slotted in so the scans can stop early.
    let at = length;
    while (at > 0 && kept[at - 1]!.ackedAtMs > write.ackedAtMs) at--;
    if (at === length) kept.push(write);
    else kept.splice(at, 0, write);
  }

  /**
   * A read is stale when it began after a write to its key was acknowledged and returned neither
   * that write nor a version whose history holds it. Returns the first such write, if any.
   *
   * A write superseded before the read began need not be checked: the superseding write was
   * acknowledged before the read too, holds it, and is checked itself (histories are transitive).
   * The list is in ack order, so the scan stops at the first write acked after the read began.
   */
  staleAgainst(key: Key, readStartMs: number, returned: readonly Version[]): AckedWrite | undefined {
    const list = this.byKey.get(key);
    if (!list) return undefined;
    for (const w of list) {
      if (w.ackedAtMs >= readStartMs) break;
      if (w.supersededAtMs !== undefined && w.supersededAtMs < readStartMs) continue;
      if (!coveredBy(returned, w)) return w;
    }
    return undefined;
  }

  /** The acked writes of a key whose history no other acked write of it strictly contains. */
  latest(key: Key): AckedWrite[] {
    const list = this.byKey.get(key) ?? [];
    return list.filter(
      (w) => !list.some((o) => o !== w && versionDescends(o, w) && !versionDescends(w, o)),
    );
  }

  keys(): Key[] {
    return [...this.byKey.keys()].sort();
  }
}

/** Some returned version holds the write (a loop, not `some` with a closure: every read asks). */
function coveredBy(returned: readonly Version[], w: AckedWrite): boolean {
  for (const v of returned) if (versionDescends(v, w)) return true;
  return false;
}

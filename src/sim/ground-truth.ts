/**
 * What the world knows and the nodes do not: every write that was acknowledged to a client, when,
 * and with which clock and dot. Stale reads and lost writes are judged against it (Dynamo §4.5,
 * §6.3), never against the nodes' own view of themselves.
 */
import type { Dot, Key, VectorClock, Version } from '../core/types.ts';
import { anyDescends, versionDescends } from '../core/versions.ts';

export interface AckedWrite {
  opId: number;
  key: Key;
  clock: VectorClock;
  /** The write's own event (versions.ts): without it a same-coordinator sibling looks covered. */
  dot?: Dot;
  ackedAtMs: number;
}

/**
 * One key's acknowledged writes in ack order, with their ack and supersede times beside them in
 * flat arrays (Infinity: not superseded). Every write and read of a hot key scans all its writes,
 * and the writes lie scattered over the heap, so the scans read the times and follow a write only
 * when its clock must be compared.
 */
interface KeyWrites {
  writes: AckedWrite[];
  ackedAtMs: Float64Array;
  supersededAtMs: Float64Array;
}

export class GroundTruth {
  /** Per key, in acknowledgement order (the world's clock only moves forward). */
  private readonly byKey = new Map<Key, KeyWrites>();
  ackedWrites = 0;

  /** `readHorizonMs`: the longest a read can last; older superseded writes cannot matter any more. */
  constructor(private readonly readHorizonMs: number) {}

  acknowledge(write: AckedWrite): void {
    this.ackedWrites++;
    let key = this.byKey.get(write.key);
    if (key === undefined) {
      key = { writes: [], ackedAtMs: new Float64Array(4), supersededAtMs: new Float64Array(4) };
      this.byKey.set(write.key, key);
    }
    const { writes, ackedAtMs, supersededAtMs } = key;
    const horizon = write.ackedAtMs - this.readHorizonMs;
    // Compacted in place: a hot key's writes are scanned on every write to it, not copied, and
    // moved only from the first one dropped on.
    const count = writes.length;
    let length = 0;
    for (let i = 0; i < count; i++) {
      let superseded = supersededAtMs[i] as number;
      if (superseded === Infinity && versionDescends(write, writes[i] as AckedWrite)) {
        superseded = write.ackedAtMs;
        supersededAtMs[i] = superseded;
      }
      // Every read that can still start or finish began after the superseding write was acked,
      // and a read covering that one covers this one.
      if (superseded < horizon) continue;
      if (length !== i) {
        writes[length] = writes[i] as AckedWrite;
        ackedAtMs[length] = ackedAtMs[i] as number;
        supersededAtMs[length] = superseded;
      }
      length++;
    }
    if (length !== count) writes.length = length;
    // Acks arrive in time order; should one ever not, it is slotted in so the scans can stop early.
    let at = length;
    while (at > 0 && (ackedAtMs[at - 1] as number) > write.ackedAtMs) at--;
    this.insert(key, at, write);
  }

  private insert(key: KeyWrites, at: number, write: AckedWrite): void {
    const length = key.writes.length;
    if (length === key.ackedAtMs.length) {
      const ackedAtMs = new Float64Array(length * 2);
      const supersededAtMs = new Float64Array(length * 2);
      ackedAtMs.set(key.ackedAtMs);
      supersededAtMs.set(key.supersededAtMs);
      key.ackedAtMs = ackedAtMs;
      key.supersededAtMs = supersededAtMs;
    }
    const { writes, ackedAtMs, supersededAtMs } = key;
    if (at < length) {
      writes.splice(at, 0, write);
      ackedAtMs.copyWithin(at + 1, at, length);
      supersededAtMs.copyWithin(at + 1, at, length);
    } else {
      writes.push(write);
    }
    ackedAtMs[at] = write.ackedAtMs;
    // A write just acknowledged is superseded by none yet.
    supersededAtMs[at] = Infinity;
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
    const k = this.byKey.get(key);
    if (!k) return undefined;
    const { writes, ackedAtMs, supersededAtMs } = k;
    for (let i = 0; i < writes.length; i++) {
      if ((ackedAtMs[i] as number) >= readStartMs) break;
      if ((supersededAtMs[i] as number) < readStartMs) continue;
      const w = writes[i] as AckedWrite;
      if (!anyDescends(returned, w)) return w;
    }
    return undefined;
  }

  /** The acked writes of a key whose history no other acked write of it strictly contains. */
  latest(key: Key): AckedWrite[] {
    const list = this.byKey.get(key)?.writes ?? [];
    return list.filter(
      (w) => !list.some((o) => o !== w && versionDescends(o, w) && !versionDescends(w, o)),
    );
  }

  keys(): Key[] {
    return [...this.byKey.keys()].sort();
  }
}


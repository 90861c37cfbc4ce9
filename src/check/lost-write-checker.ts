/**
 * Lost acknowledged writes (Dynamo §4.5, §4.6; notes #22 and #27): at quiescence every write the
 * world saw acknowledged is on every home replica, as itself or a descendant. Writes whose put
 * timed out are indeterminate and never judged. A missing write is explained only by what Dynamo
 * allows — last-writer-wins dropped it, every node that ever held it lost its disk (or, with
 * buffered writes, crashed before flushing) or let the key go before a holder was destroyed (a
 * range handed off, §4.9; a hint delivered, §4.6), or a coordinator that lost its disk reissued a clock —
 * and anything else is a violation. Ground truth comes from the world, never from the nodes' clocks.
 *
 * "Covered" means a held version's history holds the write's dot and context (dotted version
 * vectors, core/versions.ts). Blind spot, by the same rule the nodes use: a read context is a plain
 * clock, so a put whose context came from a replica holding (n1,3) but not its sibling (n1,2)
 * claims (n1,2) too and counts as covering it; telling that apart needs what each client really
 * read, which ground truth does not record.
 */
import type { NodeConfig } from '../core/node-config.ts';
import { homeReplicas } from '../core/preference-list.ts';
import type { Key, NodeId, VectorClock, Version } from '../core/types.ts';
import { formatClock } from '../core/vector-clock.ts';
import { anyDescends, stampKey, valueKey, versionDescends, type CausalStamp } from '../core/versions.ts';
import type { AckedWrite, GroundTruth } from '../sim/ground-truth.ts';
import type { LossCause, Violation } from './check-types.ts';
import type { ClusterState } from './cluster-state.ts';
import type { HeldEvent, LifeEvent, ReleaseEvent, RunEvidence } from './run-evidence.ts';

export interface LostWrite {
  key: Key;
  opId: number;
  clock: VectorClock;
  cause: LossCause;
}

export interface LostWriteReport {
  violations: Violation[];
  /** Explained losses, each with its cause. */
  losses: LostWrite[];
}

/** Some held version's history holds the write (its dot and its context, versions.ts). */
const covers = (versions: readonly Version[] | undefined, write: CausalStamp): boolean =>
  versions !== undefined && anyDescends(versions, write);

export function checkLostWrites(
  state: ClusterState,
  truth: GroundTruth,
  evidence: RunEvidence,
): LostWriteReport {
  const violations: Violation[] = [];
  const losses: LostWrite[] = [];
  for (const key of truth.keys()) {
    for (const w of truth.latest(key)) {
      const homes = homeReplicas(state.ring, key, state.config.N);
      const missingOn = homes.filter(
        (h) => !covers(state.nodes.find((n) => n.id === h)?.data.get(key), w),
      );
      if (missingOn.length === 0) continue;
      const elsewhere = state.nodes.filter(
        (n) =>
          covers(n.data.get(key), w) || n.hints.some((h) => h.key === key && covers(h.versions, w)),
      );
      if (elsewhere.length > 0) {
        violations.push({
          checker: 'lost-write',
          key,
          atMs: state.atMs,
          message: `acked put #${w.opId} of ${key} ${formatClock(w.clock)} is missing on home replicas ${missingOn.join(',')} but ${elsewhere.map((n) => n.id).join(',')} still hold it`,
        });
        continue;
      }
      const cause = lossCause(key, w, state, evidence);
      if (cause === undefined) {
        violations.push({
          checker: 'lost-write',
          key,
          atMs: w.ackedAtMs,
          message: `acked put #${w.opId} of ${key} ${formatClock(w.clock)} (acked at ${w.ackedAtMs} ms) is gone from every node, and some node that held it never lost its disk`,
        });
      } else {
        losses.push({ key, opId: w.opId, clock: w.clock, cause });
      }
    }
  }
  violations.push(...bornDominated(evidence, state.config, losses));
  return { violations, losses };
}

/** Why a write no node holds any more is gone, if Dynamo allows it; undefined when it does not. */
function lossCause(
  key: Key,
  w: AckedWrite,
  state: ClusterState,
  evidence: RunEvidence,
): LossCause | undefined {
  const config = state.config;
  if (config.resolution === 'lww') {
    // A concurrent version written later wins every replica it meets, whether or not it survives itself.
    const seen = [...(evidence.versions.get(key)?.values() ?? [])].map((s) => s.version);
    const writtenAtMs = seen.find((v) => stampKey(v) === stampKey(w))?.writtenAtMs ?? w.ackedAtMs;
    const rival = seen.some(
      (v) => v.writtenAtMs >= writtenAtMs && !versionDescends(v, w) && !versionDescends(w, v),
    );
    if (rival) return 'last-writer-wins';
  }
  const buffered = config.writeMode === 'buffered';
  const events = (evidence.held.get(key) ?? []).filter(
    (e) => (e.durable || buffered) && anyDescends(e.stamps, w),
  );
  if (events.length === 0) return undefined;
  const byNode = new Map<NodeId, HeldEvent[]>();
  for (const e of events) byNode.set(e.node, [...(byNode.get(e.node) ?? []), e]);
  const releases = evidence.released.get(key) ?? [];
  let viaBuffer = false;
  let lastDestroyedSeq = -1;
  let lastReleaseSeq = -1;
  for (const [node, held] of byNode) {
    const mine = releases.filter((r) => r.node === node);
    const fates = destroyed(node, held, mine, evidence.life, buffered);
    if (fates === undefined) return undefined;
    for (const fate of fates) {
      if (fate.how === 'released') lastReleaseSeq = Math.max(lastReleaseSeq, fate.seq);
      else lastDestroyedSeq = Math.max(lastDestroyedSeq, fate.seq);
      if (fate.how === 'buffer') viaBuffer = true;
    }
  }
  // A node lets a key go once another holds it (§4.9): that is a loss only if a holder was destroyed afterwards.
  if (lastDestroyedSeq < lastReleaseSeq) return undefined;
  return viaBuffer ? 'buffered-write-lost-in-crash' : 'every-holder-destroyed';
}

/** How one node's copies of a write ended, and when (`seq`, in recording order). */
interface Fate {
  how: 'disk' | 'buffer' | 'released';
  seq: number;
}

/**
 * How a node came to hold no copy of the write: it lost its disk (or, with buffered writes, crashed
 * before a flush) while holding it, or it let the key go from every store it held it in, or each of
 * its stores lost its copy one of these two ways. Undefined while some store still holds it.
 */
function destroyed(
  node: NodeId,
  held: readonly HeldEvent[],
  releases: readonly ReleaseEvent[],
  life: readonly LifeEvent[],
  buffered: boolean,
): Fate[] | undefined {
  const firstSeq = Math.min(...held.map((e) => e.seq));
  const lastSeq = Math.max(...held.map((e) => e.seq));
  const mine = life.filter((l) => l.node === node && l.seq > firstSeq);
  // Held again after a loss (anti-entropy, handoff): it was not destroyed for good.
  const losses = mine.filter((l) => l.kind === 'disk-loss' && l.seq > lastSeq);
  const lostWhileHeld = losses.filter((l) => holdsAt(held, releases, l.seq));
  if (lostWhileHeld.length > 0)
    return [{ how: 'disk', seq: Math.max(...lostWhileHeld.map((l) => l.seq)) }];
  if (buffered) {
    const crashes = mine.filter((l) => l.kind === 'crash').map((l) => l.seq);
    const lastCrash = Math.max(...crashes);
    const safe = held.some((e) => e.durable) || held.some((e) => e.seq > lastCrash);
    if (crashes.length > 0 && !safe && holdsAt(held, releases, lastCrash))
      return [{ how: 'buffer', seq: lastCrash }];
  }
  // Store by store: the copy a store last took ends at the first release there after it, or at a
  // disk loss before that release. A lost disk empties every store, hints too (§4.6: hints are kept
  // in a local database): a hint a fallback lost with its disk is gone even if the node held the
  // write again later in another store (a newer hint for another owner, since delivered, seed
  // 3900454), so that later store's fate, not the lost one's, decides whether it still holds it.
  const stores = new Set(held.map((e) => e.store));
  const fates: Fate[] = [];
  for (const store of stores) {
    const lastHold = Math.max(...held.filter((e) => e.store === store).map((e) => e.seq));
    // Releases are recorded in seq order: the first found is the first after the last hold; a later
    // release (of a hint held again for newer versions only) says nothing about this write.
    const release = releases.find((r) => r.store === store && r.seq > lastHold);
    const wiped = mine.find(
      (l) => l.kind === 'disk-loss' && l.seq > lastHold && (release === undefined || l.seq < release.seq),
    );
    if (wiped !== undefined) fates.push({ how: 'disk', seq: wiped.seq });
    // A release counts from when the confirmation it acted on was sent: a holder that confirmed and
    // then lost its disk before the confirmation arrived was destroyed after the write moved to it.
    else if (release !== undefined) fates.push({ how: 'released', seq: release.basisSeq });
    else return undefined;
  }
  return fates;
}

/** Whether, just before `seq`, some store of the node still held the write: held there and not let go since. */
function holdsAt(
  held: readonly HeldEvent[],
  releases: readonly ReleaseEvent[],
  seq: number,
): boolean {
  const stores = new Set(held.filter((e) => e.seq < seq).map((e) => e.store));
  return [...stores].some((store) => {
    const lastHold = Math.max(
      ...held.filter((e) => e.store === store && e.seq < seq).map((e) => e.seq),
    );
    return !releases.some((r) => r.store === store && r.seq > lastHold && r.seq < seq);
  });
}

/**
 * A version whose history an earlier version already holds (its dot included), or with the same
 * clock and dot but another value, is "born dominated": every replica holding the earlier one
 * silently drops it. Dynamo's clocks do that
 * after a coordinator lost its disk and restarted its counter; anything else is a bug.
 */
function bornDominated(
  evidence: RunEvidence,
  config: NodeConfig,
  losses: LostWrite[],
): Violation[] {
  const violations: Violation[] = [];
  for (const [key, seen] of evidence.versions) {
    const all = [...seen.values()]
      .map((s) => s.version)
      .sort((a, b) => a.writtenAtMs - b.writtenAtMs);
    for (let i = 0; i < all.length; i++) {
      const young = all[i]!;
      const elder = all
        .slice(0, i)
        .find((old) =>
          stampKey(old) === stampKey(young)
            ? valueKey(old.value) !== valueKey(young.value)
            : old.writtenAtMs < young.writtenAtMs && versionDescends(old, young),
        );
      if (!elder) continue;
      // A lost disk, or a crash that lost the write buffer, can take the writer's own counter with it.
      const lossKind = config.writeMode === 'buffered' ? ['disk-loss', 'crash'] : ['disk-loss'];
      const diskLost = evidence.life.some(
        (l) => lossKind.includes(l.kind) && l.node === young.writer && l.atMs <= young.writtenAtMs,
      );
      if (diskLost) {
        losses.push({ key, opId: -1, clock: young.clock, cause: 'clock-reused-after-disk-loss' });
        continue;
      }
      violations.push({
        checker: 'lost-write',
        key,
        atMs: young.writtenAtMs,
        node: young.writer,
        message: `${young.writer} wrote ${key} ${formatClock(young.clock)} at ${young.writtenAtMs} ms, a clock already covered by ${elder.writer}'s ${formatClock(elder.clock)} from ${elder.writtenAtMs} ms, so replicas drop the new write (quorum ${config.quorumMode}, no disk loss)`,
      });
    }
  }
  return violations;
}

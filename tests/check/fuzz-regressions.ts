/**
 * The fuzzer's regression file (issue 11, item 4): seeds that once failed and were fixed, which
 * must keep passing, and seeds that fail today because of a known engine bug, which the suite
 * expects to fail — so it says so loudly the day one of them starts passing. Every failing seed
 * replays with `npm run cli -- fuzz --seeds 1 --from <seed> --json`.
 */
import type { CheckerName } from '../../src/check/check-types.ts';
import type { FuzzMix } from '../../src/check/fuzz-scenario.ts';

/** The engine bugs the fuzzer found, as diagnosed when they were found. */
export const engineBugs = {
  'coordinator-counter-regression':
    'coordinator.ts derives a new clock counter from the versions it holds locally for the key; a coordinator that does not hold them (not a home replica, a departed node, a key handed off, or a version dropped by last-writer-wins) reissues a clock it already used, and replicas silently drop the new write',
  'client-clock-reuse':
    'client-driven coordination (§6.4) increments the client’s own clock entry from its session context, which a timed-out put does not update, so the next put reuses the same clock for another value',
  'anti-entropy-endless-metadata':
    'two replicas hold versions equal by clock and value but with other metadata (write time or writer, e.g. one put coordinated twice); the store calls the incoming copy unchanged while the Merkle hash covers the metadata, so anti-entropy sends the same keys every round forever',
  'leave-lost-in-gossip':
    'membership entry versions were bumped by whoever applied a ring change, so a leave could carry the same version as a token change from a concurrent join; the tie-break preferred "up" over "left", the leave was lost, and the departed node kept keys its successors never got',
  'impossible-leave-crashed-the-run':
    'a scheduled leave that would leave fewer than N nodes threw RingConfigError out of World.leave and ended the run; the world now refuses such an administrator change, traces the refusal and goes on',
  'anti-entropy-empty-leaf':
    'the side of a Merkle exchange that found the differing leaves sent only its own keys under them, and the peer answered only for leaves those keys fell in; a replica holding nothing under a differing leaf (it missed every write there) named no leaf, so exchanges it ended never pulled the keys it lacked',
  'checker-ignored-handoff':
    'not an engine bug but the lost-write checker: it called a write lost with its last holder’s disk a violation because an earlier holder never lost its disk, though that holder had handed the key off (§4.9 range transfer) and dropped it once the new owner confirmed; the evidence recorded no release of a key, so the handoff looked like an unexplained disappearance',
  'checker-held-by-non-target-coordinator':
    'not an engine bug but the run evidence: it recorded every coordinator that sent put.replica as holding the version in its own store, though a coordinator outside the targets (strict quorum with every home down, or a fallback coordinating for them) stores nothing; with buffered writes that phantom, never crashed holder of a failed descendant put made a write lost with every real holder’s disk look like a violation',
  'checker-later-hint-release':
    'not an engine bug but the lost-write checker: it dated a node’s letting a write go by its last release of the key, so a hint store that delivered the write, was deleted, then held a newer hint for the same owner and deleted that too seemed to let the write go after its last holder lost its disk; the release that counts is the first after the store last held the write',
  'handoff-dropped-newer-versions':
    'range transfer (§4.9) dropped a handed-off key once the new home confirmed, though the key had taken versions after its copy was sent (a put that still reached the leaver, an orphaned hint it adopted); those versions were on no other node and were lost. The leaver now keeps such a key and offers it again to the homes that confirmed an older copy',
  'checker-missed-only-target-buffered-write':
    'not an engine bug but the run evidence: it learned of a coordinator’s own write only from the copies it sent, so a buffered write by the key’s only target (N = 1) was held by no one on record and its loss in a crash with the disk looked unexplained; the evidence now reads the store after each input that stored a key',
  'checker-confirmation-in-flight':
    'not an engine bug but the lost-write checker: it dated a release by its arrival, so a hint holder or leaver that let a write go on a confirmation sent before the confirming node lost its disk, and received after, seemed to drop the last copy; a release now counts from when its confirmation was sent',
  'counter-lost-with-released-versions':
    'a coordinator that let a key’s versions go (the key handed off, §4.9; a hint delivered to its owner, §4.6) forgot the counters in them; when an older copy of the key reached it again (a hint for it as the former home, a new hint), it took the next counter from that copy and reissued one it had used, so replicas dropped the new write as already seen',
  'counter-lost-in-crash':
    'a node restarted after a crash that kept its disk took its next clock counter from its own entries on disk; under last-writer-wins (or once a key was handed off) the disk need not hold its latest counters, so it reissued one and replicas dropped the new write as already seen. A node now persists a counter ceiling (one disk write per 64 counters) and restarts above it',
  'store-kept-older-copy-of-same-write':
    'two copies of one write with other metadata (a put coordinated twice under one clock after a disk loss) reconciled to the later copy, but the store called that unchanged because clock, dot and value were equal; anti-entropy hashes the metadata too, so replicas keeping either copy exchanged the key every round forever',
  'checker-quiet-window-under-delayed-message':
    'not an engine bug but the fuzz harness: a client put sent under a heavy-tailed latency (pareto) was still on the wire a minute later, when the quiet window began; it reached its coordinator there and was stored and replicated, which the window counted as anti-entropy that never settles. The window now starts once every message on the wire has landed and the healing phase’s time has passed since',
  'released-counter-lost-in-restart':
    'a node remembered in memory only the counters it had issued for keys it let go (handed off, a hint delivered) or never held; a node that left and joined again under its name (or restarted after a crash that kept its disk) forgot them, and when an older copy of such a key reached it, it took the next counter from that copy and reissued one it had used. It now persists them (a `released` disk write when one rises) and reads them back on start',
  'checker-read-repair-hint-as-data':
    'not an engine bug but the run evidence: it recorded a read repair sent to a fallback with a hint as a copy in the fallback’s own store, though the node puts it in its hint store (§4.6); that copy was never let go, so a write lost with every real holder’s disk looked unexplained',
  'anti-entropy-skips-empty-replica':
    'a node starts anti-entropy only for ranges it holds keys in, and the other replicas of a range picked a random peer for each exchange; after losing its disk a node held no key of one range, so it never asked, and the two other replicas picked each other in all six of their exchanges in 33 s, so it still lacked the key at the convergence bound. A range’s first exchange still goes to a random peer; the next ones take the others in turn (§4.7)',
  'checker-buffered-handoff-release':
    'not an engine bug but the run evidence: a leaving node dropped, once the transfer was confirmed (§4.9), a key it held only in its write buffer (§6.1); that leaves no disk effect, so the record still counted the leaver as a holder that never lost its disk, and the write lost with its heir’s disk looked unexplained. The recorder now reads the store for the node’s keys when a transfer is done',
  'transfer-ping-pong':
    'a leaving node handed a key to the node its view named as the new home, which had not heard of the leave and handed it straight back; each confirmed the other’s copy and each dropped its own on that confirmation, so an acknowledged write was gone from every node (§4.9). A node now confirms only the keys it is a home of in its own view, declining (and keeping) the rest, and the sender offers declined keys again at each gossip round',
  'checker-disk-loss-then-later-hint':
    'not an engine bug but the lost-write checker: it counted a disk loss only if it came after the node’s last hold of the write in any store, so a fallback that lost its disk with a hint for one home (§4.6; the owner was cut off, the delivery still unanswered) and later held a hint of a descendant for the other home, delivered and deleted once that home confirmed, seemed to keep the first hint forever; the write lost with that home’s disk looked unexplained. A lost disk now ends the copy of each store that last held the write before it',
} as const;

export type EngineBug = keyof typeof engineBugs;

/** Seeds that failed once and were fixed, with the bug they exposed. Keep them passing. */
export const fixedSeeds: readonly { seed: number; bug: EngineBug; mix?: FuzzMix }[] = [
  { seed: 32, bug: 'leave-lost-in-gossip' },
  { seed: 5, bug: 'coordinator-counter-regression' },
  { seed: 26, bug: 'coordinator-counter-regression' },
  { seed: 33, bug: 'coordinator-counter-regression' },
  { seed: 42, bug: 'coordinator-counter-regression' },
  { seed: 43, bug: 'coordinator-counter-regression' },
  { seed: 51, bug: 'coordinator-counter-regression' },
  { seed: 53, bug: 'coordinator-counter-regression' },
  { seed: 56, bug: 'coordinator-counter-regression' },
  { seed: 61, bug: 'coordinator-counter-regression' },
  { seed: 75, bug: 'coordinator-counter-regression' },
  { seed: 77, bug: 'coordinator-counter-regression' },
  { seed: 85, bug: 'coordinator-counter-regression' },
  { seed: 87, bug: 'coordinator-counter-regression' },
  { seed: 96, bug: 'coordinator-counter-regression' },
  { seed: 104, bug: 'coordinator-counter-regression' },
  { seed: 160, bug: 'coordinator-counter-regression' },
  { seed: 161, bug: 'coordinator-counter-regression' },
  { seed: 166, bug: 'coordinator-counter-regression' },
  { seed: 169, bug: 'coordinator-counter-regression' },
  { seed: 185, bug: 'coordinator-counter-regression' },
  { seed: 188, bug: 'coordinator-counter-regression' },
  { seed: 193, bug: 'coordinator-counter-regression' },
  { seed: 212, bug: 'coordinator-counter-regression' },
  { seed: 216, bug: 'coordinator-counter-regression' },
  { seed: 231, bug: 'coordinator-counter-regression' },
  { seed: 252, bug: 'coordinator-counter-regression' },
  { seed: 289, bug: 'coordinator-counter-regression' },
  { seed: 293, bug: 'coordinator-counter-regression' },
  { seed: 108, bug: 'client-clock-reuse' },
  { seed: 246, bug: 'client-clock-reuse' },
  { seed: 247, bug: 'client-clock-reuse' },
  { seed: 371, bug: 'anti-entropy-endless-metadata' },
  { seed: 710, bug: 'anti-entropy-endless-metadata' },
  { seed: 1516, bug: 'impossible-leave-crashed-the-run' },
  { seed: 1715, bug: 'impossible-leave-crashed-the-run' },
  { seed: 1079, bug: 'anti-entropy-empty-leaf' },
  { seed: 1724, bug: 'checker-ignored-handoff' },
  { seed: 2148, bug: 'checker-held-by-non-target-coordinator' },
  { seed: 2739, bug: 'checker-held-by-non-target-coordinator' },
  { seed: 2762, bug: 'checker-later-hint-release' },
  { seed: 206252, bug: 'handoff-dropped-newer-versions' },
  { seed: 202123, bug: 'checker-missed-only-target-buffered-write' },
  { seed: 202669, bug: 'checker-missed-only-target-buffered-write' },
  { seed: 202745, bug: 'checker-missed-only-target-buffered-write' },
  { seed: 203992, bug: 'checker-missed-only-target-buffered-write' },
  { seed: 205565, bug: 'checker-confirmation-in-flight' },
  { seed: 207618, bug: 'checker-missed-only-target-buffered-write' },
  { seed: 302774, bug: 'counter-lost-with-released-versions' },
  { seed: 304833, bug: 'counter-lost-with-released-versions' },
  { seed: 405800, bug: 'counter-lost-in-crash' },
  { seed: 406820, bug: 'counter-lost-in-crash' },
  { seed: 407710, bug: 'counter-lost-in-crash' },
  { seed: 401684, bug: 'store-kept-older-copy-of-same-write' },
  { seed: 605328, bug: 'checker-quiet-window-under-delayed-message' },
  { seed: 1751, bug: 'released-counter-lost-in-restart' },
  { seed: 2201441, bug: 'checker-read-repair-hint-as-data', mix: 'heavy' },
  { seed: 1407034, bug: 'anti-entropy-skips-empty-replica' },
  { seed: 2600730, bug: 'checker-buffered-handoff-release' },
  { seed: 3200115, bug: 'transfer-ping-pong', mix: 'heavy' },
  { seed: 3900454, bug: 'checker-disk-loss-then-later-hint', mix: 'heavy' },
];

export interface KnownFailingSeed {
  seed: number;
  /** The checkers that fail on it today. */
  checkers: readonly CheckerName[];
  bug: EngineBug;
}

/** Seeds that fail today on a known, not yet fixed bug; the suite expects them to fail. */
export const knownFailingSeeds: readonly KnownFailingSeed[] = [];

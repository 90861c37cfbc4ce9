/**
 * The anti-entropy exchange between two replicas of one key range: compare Merkle roots, descend
 * only into nodes whose hashes differ, and swap keys only where a differing node holds about one
 * key (Dynamo §4.7).
 *
 * The paper gives the idea, not the protocol. As in Riak's AAE exchange (riak_kv_exchange_fsm over
 * riak_core's hashtree) the two sides alternate, each message carrying one side's hashes of the
 * nodes still in doubt, and the walk ends in (key, hash) pairs so both can tell exactly which keys
 * differ. Unlike Riak, which sends every child of a differing node, the walk here is binary over the
 * 32-bit key hash, whatever the stored fanout: a node's hash is the XOR of its keys' hashes
 * (merkle-tree.ts), so any prefix's hash comes from stored nodes, or a leaf's keys below the leaves.
 *
 *   level 0                  [ ]                 every key of the range (the stored root)
 *   level 1          [0]             [1]         keys whose hash starts with 0 / with 1
 *   level 2       [00]  [01]      [10]  [11]
 *    ...
 *   level K      about one key a node            K = ceil(log2 n), n the larger replica's keys
 *
 * Why binary: a node that differs has a child that differs. The side that gets a differing node's
 * two child hashes compares the left one; when it agrees, the right one must differ and is not
 * compared. Under a node holding one differing key that is 1.5 comparisons per level, where sending
 * all `fanout` children costs `fanout`; where both halves differ (the top levels) it is 2 per node.
 * For 100 differing keys among a million (the bench) that is ~2,100 node hashes over 20 levels and
 * ~200 key hashes, where a fanout-16 walk to 15-key leaves compared ~3,300 node hashes and offered
 * ~3,400 key hashes. No scheme of equality tests needs fewer than log2 C(10^6, 100) ≈ 1,470.
 *
 * At level K the comparing side offers its (key, hash) pairs under the differing nodes; the peer
 * answers with its objects for the keys that differ and names the offered keys it needs; the
 * offering side sends those unless the peer's answer already covers them. Only differing keys'
 * objects travel. Every step is plain data a node can put in a message:
 *
 *   A: startExchange        --root-->        B: answerCompare -> descend (B's children hashes)
 *   A: answerCompare -> descend (A's children of the nodes still differing)  --> B ...
 *   at level K, whoever compares: offer --> answerOffer (objects, wants) --> supplyWanted (objects)
 *
 * Writing the objects that arrive (reconciling siblings) is the node's job (replica-sync.ts).
 */
import type { Key, Version } from './types.ts';
import type { KeyVersions } from './messages.ts';
import { KEY_HASH_BITS, checkPrefix, type MerkleTree } from './merkle-tree.ts';
import { assertHash } from './object-hash.ts';
import { versionsEqual } from './versions.ts';

/** One side's hashes of binary-tree nodes (key-hash prefixes) at `level`, for the peer to compare. */
export interface CompareRequest {
  readonly rangeId: number;
  /** Bits of the key hash the nodes fix: 0 is the root. */
  readonly level: number;
  /** The level where keys are swapped; each side raises it to `keyLevelFor` its own key count. */
  readonly keyLevel: number;
  /** The nodes' prefixes: the root alone, or below it sibling pairs (2p, 2p + 1) of parents found differing. */
  readonly prefixes: readonly number[];
  readonly hashes: readonly string[];
}

/** A key and its `hashVersions` hash: what travels for the keys under a differing node. */
export interface KeyHash {
  readonly key: Key;
  readonly hash: string;
}

/** The comparing side's keys under the nodes it found differing at the key level. */
export interface KeyOffer {
  readonly rangeId: number;
  readonly level: number;
  readonly prefixes: readonly number[];
  readonly entries: readonly KeyHash[];
}

export type CompareStep = (
  | { readonly kind: 'in-sync' }
  | { readonly kind: 'descend'; readonly request: CompareRequest }
  | { readonly kind: 'swap-keys'; readonly offer: KeyOffer }
) & { readonly hashesCompared: number };

/** The answer to an offer: objects the offering side lacks or holds otherwise, and the offered keys wanted back. */
export interface OfferAnswer {
  readonly entries: readonly KeyVersions[];
  readonly wants: readonly Key[];
  readonly hashesCompared: number;
}

export interface ExchangeStats {
  /** Hashes compared over both sides: binary-tree nodes, then offered keys' hashes. */
  hashesCompared: number;
  /** Of those, offered keys' hashes (the offered keys the peer also holds). */
  keyHashesCompared: number;
  /** One-way messages, the final in-sync reply or key messages included. */
  messages: number;
  /** The binary level the walk reached: the key level when keys were swapped, 0 when the roots agree. */
  levelsDescended: number;
  /** (key, hash) pairs offered at the key level. */
  keyHashesOffered: number;
  /** (key, versions) objects sent, both directions together. */
  objectsSent: number;
  /** Distinct keys among those objects. */
  keysSent: number;
  /** Keys found to differ (versions differ, or only one side holds the key). */
  differingKeys: number;
}

/** A replica as the in-memory driver `runExchange` needs it; `write` must keep `tree` current. */
export interface ExchangeReplica {
  readonly tree: MerkleTree;
  read(key: Key): readonly Version[];
  write(key: Key, versions: readonly Version[]): void;
}

/** The binary level where a node of a range holding `keyCount` keys holds about one (at most one on average). */
export function keyLevelFor(keyCount: number): number {
  let level = 0;
  while (level < KEY_HASH_BITS && 2 ** level < keyCount) level++;
  return level;
}

/** The initiator's first message: its root hash for the range. */
export function startExchange(tree: MerkleTree, rangeId: number): CompareRequest {
  checkRangeId(rangeId, 'startExchange');
  return { rangeId, level: 0, keyLevel: keyLevelFor(tree.size()), prefixes: [0], hashes: [tree.root()] };
}

/**
 * Compares the peer's hashes with this tree's. Nothing differs → in-sync; differing nodes above the
 * key level → descend with this side's hashes of their two children; at the key level → swap-keys
 * with this side's offer.
 */
export function answerCompare(tree: MerkleTree, request: CompareRequest): CompareStep {
  checkRequest(request);
  const { rangeId, level, prefixes, hashes } = request;
  const keyLevel = Math.max(request.keyLevel, keyLevelFor(tree.size()));
  let hashesCompared = 0;
  const differs = (i: number): boolean => {
    hashesCompared++;
    return tree.hashOfPrefix(level, prefixes[i] as number) !== hashes[i];
  };
  const differing: number[] = [];
  if (level === 0) {
    if (differs(0)) differing.push(0);
  } else {
    for (let i = 0; i < prefixes.length; i += 2) {
      // The parent differs: if the left child agrees, the right one differs and needs no comparing.
      if (!differs(i)) differing.push(prefixes[i + 1] as number);
      else {
        differing.push(prefixes[i] as number);
        if (differs(i + 1)) differing.push(prefixes[i + 1] as number);
      }
    }
  }
  if (differing.length === 0) return { kind: 'in-sync', hashesCompared };
  if (level >= keyLevel) {
    return { kind: 'swap-keys', offer: offerKeys(tree, rangeId, level, differing), hashesCompared };
  }
  const childPrefixes: number[] = [];
  const childHashes: string[] = [];
  for (const prefix of differing) {
    for (const child of [2 * prefix, 2 * prefix + 1]) {
      childPrefixes.push(child);
      childHashes.push(tree.hashOfPrefix(level + 1, child));
    }
  }
  const next = { rangeId, level: level + 1, keyLevel, prefixes: childPrefixes, hashes: childHashes };
  return { kind: 'descend', request: next, hashesCompared };
}

/** This side's (key, hash) pairs under the given nodes, node by node, each node's keys sorted. */
export function offerKeys(tree: MerkleTree, rangeId: number, level: number, prefixes: readonly number[]): KeyOffer {
  checkRangeId(rangeId, 'offerKeys');
  const entries = prefixes.flatMap((prefix) =>
    tree.keysWithPrefix(level, prefix).map((key) => ({ key, hash: tree.keyHash(key) as string })),
  );
  return { rangeId, level, prefixes, entries };
}

/**
 * Compares an offer with this side's keys under the same nodes: sends this side's objects for keys
 * the offer lacks or holds with another hash, and wants the offered keys this side lacks or holds
 * with another hash. Only offered keys this side also holds cost a comparison.
 */
export function answerOffer(tree: MerkleTree, read: (key: Key) => readonly Version[], offer: KeyOffer): OfferAnswer {
  checkOffer(offer);
  const offered = new Map(offer.entries.map(({ key, hash }) => [key, hash]));
  const entries: KeyVersions[] = [];
  const wants: Key[] = [];
  let hashesCompared = 0;
  const send = (key: Key): void => {
    const versions = read(key);
    if (versions.length > 0) entries.push([key, versions]);
  };
  for (const prefix of offer.prefixes) {
    for (const key of tree.keysWithPrefix(offer.level, prefix)) {
      const theirs = offered.get(key);
      if (theirs === undefined) {
        send(key);
        continue;
      }
      offered.delete(key);
      hashesCompared++;
      if (theirs === tree.keyHash(key)) continue;
      send(key);
      wants.push(key);
    }
  }
  wants.push(...offered.keys());
  return { entries, wants, hashesCompared };
}

/**
 * The offering side's last step, after writing the answer's objects: its objects for the wanted
 * keys, except where the peer already holds all of them (it sent this very sibling set).
 */
export function supplyWanted(
  read: (key: Key) => readonly Version[],
  answered: readonly KeyVersions[],
  wants: readonly Key[],
): KeyVersions[] {
  const theirs = new Map(answered);
  const supply: KeyVersions[] = [];
  for (const key of wants) {
    const local = read(key);
    if (local.length > 0 && !versionsEqual(local, theirs.get(key) ?? [])) supply.push([key, local]);
  }
  return supply;
}

/**
 * The naive alternative the UI shows beside the real cost: both replicas send every (key, hash)
 * pair of the range to each other, and each key's two hashes are compared once.
 */
export function fullComparisonCost(keyCount: number): { hashesCompared: number; keysSent: number } {
  if (!Number.isInteger(keyCount) || keyCount < 0) {
    throw new Error(`fullComparisonCost: keyCount must be a non-negative integer, got ${keyCount}`);
  }
  return { hashesCompared: keyCount, keysSent: 2 * keyCount };
}

/**
 * Runs a whole exchange between two in-memory replicas of one range (`a` initiates), calling the
 * same steps in the same order as replica-sync.ts does on messages, objects written as they arrive.
 * For tests, experiments and the bench.
 */
export function runExchange(a: ExchangeReplica, b: ExchangeReplica, rangeId = 0): { differingKeys: Key[]; stats: ExchangeStats } {
  const stats: ExchangeStats = { hashesCompared: 0, keyHashesCompared: 0, messages: 1, levelsDescended: 0, keyHashesOffered: 0, objectsSent: 0, keysSent: 0, differingKeys: 0 };
  let request = startExchange(a.tree, rangeId);
  let comparing = b;
  let peer = a;
  for (;;) {
    const step = answerCompare(comparing.tree, request);
    stats.hashesCompared += step.hashesCompared;
    stats.messages++;
    if (step.kind === 'in-sync') return { differingKeys: [], stats };
    if (step.kind === 'descend') {
      stats.levelsDescended = step.request.level;
      request = step.request;
      [comparing, peer] = [peer, comparing];
      continue;
    }
    stats.levelsDescended = step.offer.level;
    stats.keyHashesOffered = step.offer.entries.length;
    const answer = answerOffer(peer.tree, (key) => peer.read(key), step.offer);
    stats.hashesCompared += answer.hashesCompared;
    stats.keyHashesCompared = answer.hashesCompared;
    stats.messages++;
    for (const [key, versions] of answer.entries) comparing.write(key, versions);
    const supply = supplyWanted((key) => comparing.read(key), answer.entries, answer.wants);
    // The responder always answers last, so that the initiator knows the exchange is over.
    if (supply.length > 0 || comparing !== a) stats.messages++;
    for (const [key, versions] of supply) peer.write(key, versions);
    const differing = [...new Set([...answer.entries.map(([key]) => key), ...answer.wants])].sort();
    stats.differingKeys = differing.length;
    stats.objectsSent = answer.entries.length + supply.length;
    stats.keysSent = new Set([...answer.entries, ...supply].map(([key]) => key)).size;
    return { differingKeys: differing, stats };
  }
}

function checkRangeId(rangeId: number, caller: string): void {
  if (!Number.isInteger(rangeId) || rangeId < 0) {
    throw new Error(`${caller}: rangeId must be a non-negative integer, got ${rangeId}`);
  }
}

function checkRequest(request: CompareRequest): void {
  const { rangeId, level, keyLevel, prefixes, hashes } = request;
  checkRangeId(rangeId, 'answerCompare');
  if (!Number.isInteger(keyLevel) || keyLevel < 0 || keyLevel > KEY_HASH_BITS) {
    throw new Error(`answerCompare: request.keyLevel must be an integer from 0 to ${KEY_HASH_BITS}, got ${keyLevel}`);
  }
  if (prefixes.length !== hashes.length) {
    throw new Error(`answerCompare: request.prefixes (${prefixes.length}) and request.hashes (${hashes.length}) must have the same length`);
  }
  if (level === 0 && prefixes.length !== 1) {
    throw new Error(`answerCompare: a level-0 request holds the root alone, got ${prefixes.length} prefixes`);
  }
  if (level > 0 && prefixes.length % 2 !== 0) {
    throw new Error(`answerCompare: below the root, request.prefixes must come in sibling pairs, got ${prefixes.length}`);
  }
  prefixes.forEach((prefix, i) => {
    checkPrefix(level, prefix, `answerCompare: request.prefixes[${i}]`);
    if (level > 0 && prefix % 2 !== i % 2) {
      throw new Error(`answerCompare: request.prefixes[${i}] = ${prefix} is not the ${i % 2 === 0 ? 'left' : 'right'} child of a pair`);
    }
    if (i % 2 === 1 && prefix !== (prefixes[i - 1] as number) + 1) {
      throw new Error(`answerCompare: request.prefixes[${i}] = ${prefix} is not the sibling of ${prefixes[i - 1]}`);
    }
    assertHash(hashes[i] as string, `answerCompare: request.hashes[${i}]`);
  });
}

function checkOffer(offer: KeyOffer): void {
  checkRangeId(offer.rangeId, 'answerOffer');
  offer.prefixes.forEach((prefix, i) => checkPrefix(offer.level, prefix, `answerOffer: offer.prefixes[${i}]`));
  offer.entries.forEach(({ hash }, i) => assertHash(hash, `answerOffer: offer.entries[${i}].hash`));
}

/**
 * Gossip-based membership (Dynamo §4.8.1–§4.8.2): once per gossip period each node contacts one
 * peer chosen at random and the two reconcile their membership views, so an administrator's join
 * or leave spreads to everyone. Now and then the peer is a seed instead, so two nodes joined
 * through different administrators still learn of each other: no logical partition lasts.
 */
import { mergeViews, upMembers, type MembershipView } from './membership.ts';
import type { NodeEnv } from './node-env.ts';
import type { NodeId } from './types.ts';

/** Chance per round of gossiping with a seed rather than a random member (Riak does the same). */
const SEED_PROBABILITY = 0.25;

export class Gossip {
  rounds = 0;

  constructor(
    private readonly env: NodeEnv,
    private readonly seeds: readonly NodeId[],
    private readonly view: () => MembershipView,
    private readonly adopt: (view: MembershipView) => void,
  ) {}

  /** One round: push this node's view to one peer (§4.8.1: "every second"). */
  tick(): void {
    const peer = this.pickPeer();
    if (peer === undefined) return;
    this.rounds++;
    this.env.send(peer, { kind: 'gossip.push', view: this.view() });
  }

  private pickPeer(): NodeId | undefined {
    const self = this.env.self;
    const seeds = this.seeds.filter((s) => s !== self);
    const members = upMembers(this.view()).filter((n) => n !== self);
    const useSeed = seeds.length > 0 && (members.length === 0 || this.env.prng.next() < SEED_PROBABILITY);
    const pool = useSeed ? seeds : members;
    if (pool.length === 0) return undefined;
    return pool[Math.floor(this.env.prng.next() * pool.length)];
  }

  onPush(from: NodeId, theirs: MembershipView): void {
    this.merge(theirs);
    this.env.send(from, { kind: 'gossip.reply', view: this.view() });
  }

  onReply(theirs: MembershipView): void {
    this.merge(theirs);
  }

  private merge(theirs: MembershipView): void {
    const { view, changed } = mergeViews(this.view(), theirs);
    if (changed) this.adopt(view);
  }
}

/**
 * Membership views across a node worker's event port, each carried once (design.md "Hosts";
 * Dynamo §4.8.1): a gossip message, and the disk write of a view a node adopts, hold the node's
 * whole view (~12 KB on 64 nodes) though the cluster mostly agrees on one. A view the other side
 * already holds crosses as its content key alone; a new one crosses once beside the batch.
 *
 * Each side keeps the views it received by key, and the keys it knows the other side holds. Views
 * are immutable, so every message naming a key may share one object, as in-process nodes do.
 */
import type { Effect } from '../core/effects.ts';
import type { MessageBody } from '../core/messages.ts';
import { rememberViewContentKey, viewContentKey, type MembershipView } from '../core/membership.ts';
import type { NodeInput } from '../sim/node-host.ts';

/** Views carried beside a batch or a reply, by key; the view fields name theirs by key. */
export type CarriedViews = [key: string, view: MembershipView][];

/** A view field on the wire: the key of a view carried now or before. */
type ViewKey = string & { readonly __viewKey?: never };

/** Past this many views a side drops what it kept, and the other side carries them again. */
export const keptViews = 256;

/**
 * One side of one event port. `kept` holds every view that crossed, either way (a host shares one
 * among all its workers), so whatever this side names by key it can look up; `held` is the keys
 * the other side can look up.
 */
export class ViewCarrier {
  private readonly kept: Map<string, MembershipView>;
  private readonly held = new Set<string>();

  constructor(kept: Map<string, MembershipView> = new Map()) {
    this.kept = kept;
  }

  /** The other side dropped the views it kept: from now on it holds none. */
  forgetHeld(): void {
    this.held.clear();
  }

  /** Drops the kept views if there are too many; true if it did (the other side must be told). */
  dropIfFull(): boolean {
    if (this.kept.size <= keptViews) return false;
    this.kept.clear();
    return true;
  }

  /** The key that crosses for `view`; a view the other side lacks goes into `carried`. */
  private out(view: MembershipView, carried: CarriedViews): ViewKey {
    const key = viewContentKey(view);
    if (!this.held.has(key)) {
      this.held.add(key);
      carried.push([key, view]);
    }
    this.kept.set(key, view);
    return key;
  }

  /** Takes in the views carried with a message, before its keys are looked up. */
  receive(carried: CarriedViews | undefined): void {
    if (!carried) return;
    for (const [key, view] of carried) {
      this.kept.set(key, view);
      this.held.add(key);
      rememberViewContentKey(view, key);
    }
  }

  private in(key: ViewKey): MembershipView {
    const view = this.kept.get(key);
    if (!view) throw new Error(`a view came as key ${key}, which this side does not hold`);
    return view;
  }

  /** Host side: the inputs as they cross, views by key (the world's messages are not touched). */
  encodeInputs(inputs: readonly NodeInput[], carried: CarriedViews): NodeInput[] {
    return inputs.map((input) => {
      if (input.kind !== 'deliver') return input;
      const m = input.message;
      if (!carriesView(m)) return input;
      return { ...input, message: { ...m, view: this.out(m.view, carried) as unknown as MembershipView } };
    });
  }

  /** Worker side: the inputs with their views put back (in place: they are this side's copies). */
  decodeInputs(inputs: NodeInput[]): NodeInput[] {
    for (const input of inputs) {
      if (input.kind !== 'deliver') continue;
      const m = input.message;
      if (carriesView(m)) m.view = this.in(m.view as unknown as ViewKey);
    }
    return inputs;
  }

  /** Worker side: one input's effects as they cross, views by key (the node's objects are not touched). */
  encodeEffects(effects: readonly Effect[], carried: CarriedViews): Effect[] {
    return effects.map((e) => {
      if (e.kind === 'send' && carriesView(e.body)) {
        return { ...e, body: { ...e.body, view: this.out(e.body.view, carried) as unknown as MembershipView } };
      }
      if (e.kind === 'disk' && e.op.store === 'membership') {
        return { ...e, op: { ...e.op, view: this.out(e.op.view, carried) as unknown as MembershipView } };
      }
      return e;
    });
  }

  /** Host side: the effects with their views put back (in place: they are this side's copies). */
  decodeEffects(effects: Effect[][]): Effect[][] {
    for (const list of effects) {
      for (const e of list) {
        if (e.kind === 'send' && carriesView(e.body)) {
          e.body.view = this.in(e.body.view as unknown as ViewKey);
        } else if (e.kind === 'disk' && e.op.store === 'membership') {
          e.op.view = this.in(e.op.view as unknown as ViewKey);
        }
      }
    }
    return effects;
  }
}

/** The messages that carry a membership view: gossip (§4.8). */
function carriesView<M extends MessageBody>(m: M): m is M & Extract<MessageBody, { kind: 'gossip.push' | 'gossip.reply' }> {
  return m.kind === 'gossip.push' || m.kind === 'gossip.reply';
}

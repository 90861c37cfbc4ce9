/**
 * Membership views across a node worker's event port (view-carrier.ts): a view crosses once, after
 * that its key alone; both sides resolve every key they are sent, also after one side dropped the
 * views it kept; and the objects handed in are never changed.
 */
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/core/effects.ts';
import { applyRingChange, viewFromRing, type MembershipView } from '../../src/core/membership.ts';
import { createRing, joinNode } from '../../src/core/partitioning.ts';
import { keptViews, ViewCarrier, type CarriedViews } from '../../src/runtime/view-carrier.ts';
import type { NodeInput } from '../../src/sim/node-host.ts';
import { createPrng } from '../../src/sim/prng.ts';

/** `count` different views: one ring, and then one more node, at versions 1, 2, … */
function views(count: number): MembershipView[] {
  const prng = createPrng(1, 'ring');
  const ring = createRing({ params: { strategy: 3, partitionCount: 32 }, nodes: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }], N: 3, prng });
  const joined = applyRingChange(viewFromRing(ring), joinNode(ring, { id: 'n4' }, 3, prng));
  return [viewFromRing(ring), joined, ...Array.from({ length: Math.max(0, count - 2) }, (_, i) => viewFromRing(ring, i + 2))].slice(0, count);
}

const push = (view: MembershipView, id: number): NodeInput => ({
  kind: 'deliver',
  node: 'n2',
  atMs: id,
  message: { kind: 'gossip.push', view, from: 'n1', to: 'n2', id },
});
const reply = (view: MembershipView): Effect[] => [
  { kind: 'send', to: 'n1', body: { kind: 'gossip.reply', view } },
  { kind: 'disk', op: { store: 'membership', view } },
];

/** A host and a worker side with structured cloning between them, as postMessage does. */
function link() {
  const host = new ViewCarrier();
  const worker = new ViewCarrier();
  let bytesCarried = 0;
  const toWorker = (inputs: NodeInput[]): NodeInput[] => {
    const carried: CarriedViews = [];
    const wire = structuredClone({ inputs: host.encodeInputs(inputs, carried), carried });
    bytesCarried += carried.length;
    worker.receive(wire.carried);
    return worker.decodeInputs(wire.inputs);
  };
  const toHost = (effects: Effect[][]): Effect[][] => {
    const carried: CarriedViews = [];
    const wire = structuredClone({ effects: effects.map((e) => worker.encodeEffects(e, carried)), carried });
    bytesCarried += carried.length;
    host.receive(wire.carried);
    return host.decodeEffects(wire.effects);
  };
  return { host, worker, toWorker, toHost, carried: () => bytesCarried };
}

describe('membership views across an event port', () => {
  it('cross once each way, then by key, and arrive equal', () => {
    const [a, b] = views(2) as [MembershipView, MembershipView];
    const l = link();
    for (let i = 0; i < 5; i++) {
      const [input] = l.toWorker([push(a, i)]);
      expect(input?.kind === 'deliver' && input.message.kind === 'gossip.push' && input.message.view).toEqual(a);
      const [effects] = l.toHost([reply(b)]);
      expect(effects).toEqual(reply(b));
    }
    // a went to the worker once; b came to the host once.
    expect(l.carried()).toBe(2);
    // A view the worker received from the host crosses back by key.
    l.toHost([reply(a)]);
    expect(l.carried()).toBe(2);
  });

  it('leaves the messages and effects it was handed untouched', () => {
    const [a] = views(1) as [MembershipView];
    const l = link();
    const input = push(a, 1);
    const effects = reply(a);
    l.toWorker([input]);
    l.toHost([effects]);
    expect(input.kind === 'deliver' && input.message.kind === 'gossip.push' && input.message.view).toBe(a);
    expect(effects).toEqual(reply(a));
  });

  it('carries views again after a side dropped the ones it kept', () => {
    const all = views(keptViews + 20);
    const l = link();
    let drops = 0;
    for (const [i, view] of all.entries()) {
      const [input] = l.toWorker([push(view, i)]);
      expect(input?.kind === 'deliver' && input.message.kind === 'gossip.push' && input.message.view).toEqual(view);
      const [effects] = l.toHost([reply(view)]);
      expect(effects).toEqual(reply(view));
      if (l.worker.dropIfFull()) {
        drops++;
        l.host.forgetHeld();
      }
      if (l.host.dropIfFull()) {
        drops++;
        l.worker.forgetHeld();
      }
    }
    expect(drops).toBeGreaterThanOrEqual(2);
    // After the drops, old views cross again rather than as keys the other side no longer has.
    const first = all[0] as MembershipView;
    const [input] = l.toWorker([push(first, 0)]);
    expect(input?.kind === 'deliver' && input.message.kind === 'gossip.push' && input.message.view).toEqual(first);
    expect(l.toHost([reply(first)])).toEqual([reply(first)]);
  });
});

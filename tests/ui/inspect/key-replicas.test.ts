import { describe, expect, it } from 'vitest';
import type { KeySnapshot } from '../../../src/core/node.ts';
import { cluster } from '../../../src/runtime/cluster.ts';
import type { TraceRecord } from '../../../src/sim/trace-record.ts';
import { exchangesForRange, hintEvents, keyReplicaRows, parseExchange } from '../../../src/ui/inspect/key-replicas.ts';

function snap(root: string | undefined, versions = 0): KeySnapshot {
  const v = { value: 'x', clock: [{ node: 'n1', counter: 1, timestampMs: 0 }], writtenAtMs: 0, writer: 'n1' };
  return { versions: Array.from({ length: versions }, () => v), hints: [], rangeId: 4, merkleRoot: root };
}

describe('a key on every node (§4.3, §4.7)', () => {
  it('orders home replicas, then fallbacks, then the rest, and marks the odd Merkle root', () => {
    const preference = [
      { node: 'n3', role: 'primary' as const },
      { node: 'n1', role: 'primary' as const },
      { node: 'n4', role: 'fallback' as const },
    ];
    const model = keyReplicaRows(['n1', 'n2', 'n3', 'n4'], preference, 2, { n1: snap('aaa', 1), n3: snap('bbb', 1), n4: snap('aaa'), n2: snap(undefined) });
    expect(model.rows.map((r) => [r.node, r.role, r.rank])).toEqual([
      ['n3', 'home', 1],
      ['n1', 'home', 2],
      ['n4', 'fallback', 3],
      ['n2', 'other', undefined],
    ]);
    expect(model.commonRoot).toBe('aaa');
    expect(model.rows.filter((r) => r.rootDiffers).map((r) => r.node)).toEqual(['n3']);
    expect(model.rangeId).toBe(4);
  });

  it('marks no root when all holders agree, and leaves nodes it could not ask without a snapshot', () => {
    const model = keyReplicaRows(['n1', 'n2'], [], 3, { n1: snap('aaa') });
    expect(model.rows.some((r) => r.rootDiffers)).toBe(false);
    expect(model.rows.find((r) => r.node === 'n2')?.snapshot).toBeUndefined();
  });

  it('agrees with the cluster: after a put the N home replicas hold it with the same clock', () => {
    const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 11 });
    c.await(c.put('cart', ['book']));
    c.runFor(300);
    const snapshots: Record<string, KeySnapshot> = {};
    for (const n of c.world.nodes()) snapshots[n] = c.world.host.inspectKey(n, 'cart') as KeySnapshot;
    const model = keyReplicaRows(c.world.nodes(), c.preferenceList('cart'), 3, snapshots);
    const homes = model.rows.filter((r) => r.role === 'home');
    expect(homes.map((r) => r.node)).toEqual([...c.homeReplicas('cart')]);
    for (const r of homes) expect(r.snapshot?.versions).toHaveLength(1);
  });
});

describe('anti-entropy and hints from the trace', () => {
  const observe = (timeMs: number, node: string, detail: string, index = 0): TraceRecord => ({ index, timeMs, kind: 'observe', node, detail });

  it('reads a finished Merkle exchange', () => {
    expect(parseExchange(observe(5, 'n1', 'anti-entropy n3 r5 17h 2k repaired'))).toEqual({ atMs: 5, node: 'n1', peer: 'n3', rangeId: 5, hashesCompared: 17, keysSent: 2, inSync: false });
    expect(parseExchange(observe(5, 'n1', 'stored cart 1'))).toBeUndefined();
  });

  it('keeps only the key’s range, newest first', () => {
    const records = [observe(1, 'n1', 'anti-entropy n2 r5 1h 0k in-sync'), observe(2, 'n2', 'anti-entropy n3 r6 1h 0k in-sync'), observe(3, 'n3', 'anti-entropy n1 r5 9h 1k repaired')];
    expect(exchangesForRange(records, 5).map((x) => x.atMs)).toEqual([3, 1]);
  });

  it('lists hints stored and handed back for the key', () => {
    const records = [observe(1, 'n4', 'hint.stored cart for n2'), observe(2, 'n4', 'hint.stored other for n2'), observe(9, 'n4', 'hint.delivered cart to n2')];
    expect(hintEvents(records, 'cart').map((h) => h.text)).toEqual(['handed the hint back to n2', 'stored a hint for n2']);
  });
});

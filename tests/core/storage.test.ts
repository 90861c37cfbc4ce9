import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value, VectorClock, Version } from '../../src/core/types.ts';
import {
  LocalStore,
  MemoryEngine,
  diskImageFromWrites,
  type DiskWrite,
  type StoreOptions,
} from '../../src/core/storage.ts';
import { emptyClock, formatClock, increment } from '../../src/core/vector-clock.ts';
import { reconcile, versionsEqual } from '../../src/core/versions.ts';

/** A node's store plus the host's record of everything it persisted, as a simulation host keeps it. */
function node(options: Partial<StoreOptions> = {}, persisted: DiskWrite[] = []) {
  const store = new LocalStore(
    diskImageFromWrites(persisted),
    { writeMode: 'durable', bufferCapacity: 1000, resolution: 'siblings', ...options },
    (write) => persisted.push(write),
  );
  return { store, persisted };
}

function put(writer: string, value: Value, context: VectorClock, nowMs: number): Version {
  return { value, clock: increment(context, writer, nowMs), writtenAtMs: nowMs, writer };
}

const values = (versions: readonly Version[]) => versions.map((v) => v.value);

describe('siblings in the local store (§4.4)', () => {
  it('keeps both versions of two concurrent puts and returns them together', () => {
    const { store } = node();
    const D2 = put('Sx', ['book'], increment(emptyClock, 'Sx', 1), 2);
    store.apply('cart', [D2]);
    const D3 = put('Sy', ['book', 'pen'], D2.clock, 3);
    const D4 = put('Sz', ['book', 'lamp'], D2.clock, 4);
    expect(store.apply('cart', [D3]).changed).toBe(true);
    const result = store.apply('cart', [D4]);
    expect(result.changed).toBe(true);
    expect(values(result.versions)).toEqual([
      ['book', 'pen'],
      ['book', 'lamp'],
    ]);
    expect(store.get('cart')).toEqual(result.versions);
  });

  it('drops a version that a newer one descends, and ignores a stale one arriving late', () => {
    const { store } = node();
    const D1 = put('Sx', 'v1', emptyClock, 1);
    const D2 = put('Sx', 'v2', D1.clock, 2);
    store.apply('k', [D1]);
    expect(store.apply('k', [D2]).versions).toEqual([D2]);
    expect(store.apply('k', [D1])).toEqual({ versions: [D2], changed: false });
    expect(store.apply('k', [D2]).changed).toBe(false);
  });

  it('collapses siblings once a put whose context covers them arrives', () => {
    const { store } = node();
    const a = put('Sy', ['pen'], emptyClock, 1);
    const b = put('Sz', ['lamp'], emptyClock, 2);
    store.apply('cart', [a, b]);
    expect(store.get('cart')).toHaveLength(2);
    const reconciled = put('Sx', ['lamp', 'pen'], increment(b.clock, 'Sy', 1), 3);
    expect(store.apply('cart', [reconciled]).versions).toEqual([reconciled]);
    expect(formatClock(reconciled.clock)).toBe('[(Sx,1),(Sy,1),(Sz,1)]');
  });

  it("keeps a single winner under 'lww', the last write, whatever the arrival order", () => {
    const early = put('Sy', 'early', emptyClock, 5);
    const late = put('Sz', 'late', emptyClock, 9);
    const first = node({ resolution: 'lww' }).store;
    first.apply('k', [late]);
    expect(first.apply('k', [early])).toEqual({ versions: [late], changed: false });
    const second = node({ resolution: 'lww' }).store;
    second.apply('k', [early]);
    expect(second.apply('k', [late])).toEqual({ versions: [late], changed: true });
  });

  it('holds the same versions whatever order the writes arrive in (property)', () => {
    const writes = [
      put('A', 'a', emptyClock, 1),
      put('B', 'b', emptyClock, 2),
      put('C', 'c', increment(emptyClock, 'A', 1), 3),
      put('A', 'a2', increment(emptyClock, 'A', 1), 4),
      put('B', 'b2', increment(increment(emptyClock, 'A', 1), 'B', 2), 5),
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(writes),
        fc.constantFrom<StoreOptions['resolution']>('siblings', 'lww'),
        (arrivals, resolution) => {
          const { store } = node({ resolution });
          for (const write of arrivals) store.apply('k', [write]);
          const expected = reconcile(arrivals);
          if (resolution === 'siblings') expect(store.get('k')).toEqual(expected);
          else expect(store.get('k')).toHaveLength(arrivals.length === 0 ? 0 : 1);
        },
      ),
    );
  });
});

describe('buffered writes versus durable writes (§6.1)', () => {
  const v1 = put('Sx', 'v1', emptyClock, 1);
  const v2 = put('Sx', 'v2', v1.clock, 2);

  it('durable writes go to disk and are persisted at once', () => {
    const { store, persisted } = node({ writeMode: 'durable' });
    store.apply('a', [v1]);
    expect(store.bufferedCount()).toBe(0);
    expect(persisted).toEqual([{ key: 'a', versions: [v1] }]);
  });

  it('buffered writes are served from the buffer, which shadows the disk, until the writer flushes', () => {
    const { store, persisted } = node({ writeMode: 'buffered' }, [{ key: 'a', versions: [v1] }]);
    store.apply('a', [v2]);
    expect(store.get('a')).toEqual([v2]);
    expect(store.bufferedCount()).toBe(1);
    expect(persisted).toHaveLength(1);
    expect(store.flush()).toBe(1);
    expect(store.bufferedCount()).toBe(0);
    expect(persisted.at(-1)).toEqual({ key: 'a', versions: [v2] });
    expect(store.flush()).toBe(0);
  });

  it('a crash loses the buffered writes that were not flushed; durable ones survive recovery', () => {
    const buffered = node({ writeMode: 'buffered' });
    const durable = node({ writeMode: 'durable' });
    for (const { store } of [buffered, durable]) {
      store.apply('flushed', [v1]);
      store.flush();
      store.apply('pending', [v1]);
      store.apply('flushed', [v2]);
    }
    // Crash: the LocalStore is gone; recovery reads only what the host persisted.
    const afterBuffered = node({ writeMode: 'buffered' }, buffered.persisted).store;
    expect(afterBuffered.get('pending')).toEqual([]);
    expect(afterBuffered.get('flushed')).toEqual([v1]);
    expect(afterBuffered.keys()).toEqual(['flushed']);
    const afterDurable = node({ writeMode: 'durable' }, durable.persisted).store;
    expect(afterDurable.get('pending')).toEqual([v1]);
    expect(afterDurable.get('flushed')).toEqual([v2]);
  });

  it('the coordinator can ask one replica for a durable write even in buffered mode', () => {
    const { store, persisted } = node({ writeMode: 'buffered' });
    store.apply('a', [v1]);
    store.apply('a', [v2], { durable: true });
    expect(store.bufferedCount()).toBe(0);
    expect(persisted).toEqual([{ key: 'a', versions: [v2] }]);
    expect(node({}, persisted).store.get('a')).toEqual([v2]);
  });

  it('forces a flush when the buffer would hold more than its capacity', () => {
    const { store, persisted } = node({ writeMode: 'buffered', bufferCapacity: 2 });
    store.apply('a', [v1]);
    store.apply('b', [v1]);
    expect(persisted).toHaveLength(0);
    store.apply('a', [v2]); // rewriting a buffered key does not grow the buffer
    expect(persisted).toHaveLength(0);
    store.apply('c', [v1]);
    expect(store.bufferedCount()).toBe(0);
    expect(persisted.map((w) => w.key)).toEqual(['a', 'b', 'c']);
    expect(persisted[0]).toEqual({ key: 'a', versions: [v2] });
  });

  it('after any sequence of writes, flush and crash, the recovered disk equals what was flushed (property)', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        key: fc.constantFrom('a', 'b', 'c'),
        at: fc.integer({ min: 1, max: 50 }),
      }),
      fc.record({ kind: fc.constant('flush' as const) }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 20 }),
        fc.integer({ min: 0, max: 3 }),
        (steps, bufferCapacity) => {
          const { store, persisted } = node({ writeMode: 'buffered', bufferCapacity });
          const onDisk = new Map<string, readonly Version[]>();
          for (const s of steps) {
            if (s.kind === 'flush') store.flush();
            else store.apply(s.key, [put(`n${s.at % 4}`, String(s.at), emptyClock, s.at)]);
            if (store.bufferedCount() === 0)
              for (const key of store.keys()) onDisk.set(key, store.get(key));
          }
          const recovered = node({}, persisted).store;
          expect(recovered.keys()).toEqual([...onDisk.keys()].sort());
          for (const [key, versions] of onDisk)
            expect(versionsEqual(recovered.get(key), versions)).toBe(true);
        },
      ),
    );
  });
});

describe('keys, size and handoff removal', () => {
  const v = put('Sx', 'v', emptyClock, 1);

  it('lists the union of disk and buffer, sorted', () => {
    const { store } = node({ writeMode: 'buffered' }, [
      { key: 'm', versions: [v] },
      { key: 'b', versions: [v] },
    ]);
    store.apply('z', [v]);
    store.apply('a', [v]);
    store.apply('m', [put('Sy', 'w', emptyClock, 2)]);
    expect(store.keys()).toEqual(['a', 'b', 'm', 'z']);
    expect(store.size()).toBe(4);
    expect(store.get('nothing')).toEqual([]);
  });

  it('removes a handed-off key from buffer and disk, and the removal survives a crash (§4.9)', () => {
    const { store, persisted } = node({ writeMode: 'buffered' }, [{ key: 'gone', versions: [v] }]);
    store.apply('gone', [put('Sy', 'newer', v.clock, 2)]);
    store.apply('only-buffered', [v]);
    store.remove('gone');
    store.remove('only-buffered');
    store.remove('never-held');
    expect(store.keys()).toEqual([]);
    expect(persisted.at(-1)).toEqual({ key: 'gone', versions: [] });
    expect(persisted).toHaveLength(2);
    expect(node({}, persisted).store.keys()).toEqual([]);
  });

  it('MemoryEngine starts from initial contents', () => {
    const disk = new MemoryEngine([['k', [v]]]);
    expect(disk.size).toBe(1);
    expect([...disk.keys()]).toEqual(['k']);
    expect(
      new LocalStore(
        disk,
        { writeMode: 'durable', bufferCapacity: 0, resolution: 'siblings' },
        () => {},
      ).get('k'),
    ).toEqual([v]);
  });

  it('rejects bad options and input by name', () => {
    expect(() => node({ bufferCapacity: -1 })).toThrow(/bufferCapacity/);
    expect(() => node({ bufferCapacity: 1.5 })).toThrow(/bufferCapacity/);
    expect(() => node({ writeMode: 'eventual' as StoreOptions['writeMode'] })).toThrow(/writeMode/);
    expect(() => node({ resolution: 'merge' as StoreOptions['resolution'] })).toThrow(/resolution/);
    expect(() => node().store.apply('k', v as unknown as Version[])).toThrow(/incoming/);
  });
});

describe('two copies of one write with other metadata (a put coordinated twice under one clock)', () => {
  it('stores the later copy, as every replica does, so their Merkle hashes can agree', () => {
    for (const resolution of ['siblings', 'lww'] as const) {
      const { store } = node({ resolution });
      const early = put('n1', 'w', emptyClock, 10);
      const late = { ...early, writtenAtMs: 30 };
      store.apply('cart', [early]);
      const result = store.apply('cart', [late]);
      expect(result.changed).toBe(true);
      expect(store.get('cart').map((v) => v.writtenAtMs)).toEqual([30]);
      // The earlier copy arriving again changes nothing, nor does an equal copy.
      expect(store.apply('cart', [early]).changed).toBe(false);
      expect(store.apply('cart', [{ ...late }]).changed).toBe(false);
      expect(store.get('cart').map((v) => v.writtenAtMs)).toEqual([30]);
    }
  });
});

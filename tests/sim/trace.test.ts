import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonical, Fnv1a64, Trace, traceKinds, type TraceRecord } from '../../src/sim/trace.ts';

/** The textbook FNV-1a 64 with BigInt, as the reference for the two-halves implementation. */
function referenceFnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text))
    h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

const fnv = (text: string): string => {
  const f = new Fnv1a64();
  f.update(text);
  return f.hex();
};

const putRound: Omit<TraceRecord, 'index'>[] = [
  { timeMs: 0, kind: 'op-start', node: 'c1', id: 1, detail: 'put cart' },
  { timeMs: 0.5, kind: 'send', from: 'n1', to: 'n2', msg: 'put.replica', id: 44 },
  { timeMs: 3.25, kind: 'deliver', from: 'n1', to: 'n2', msg: 'put.replica', id: 44 },
  {
    timeMs: 3.25,
    kind: 'drop',
    from: 'n1',
    to: 'n3',
    msg: 'put.replica',
    id: 45,
    detail: 'partition',
  },
  { timeMs: 9, kind: 'op-end', node: 'c1', id: 1, detail: 'ok' },
];

const run = (records: Omit<TraceRecord, 'index'>[], windowSize?: number): Trace => {
  const trace = new Trace(windowSize === undefined ? {} : { windowSize });
  for (const r of records) trace.record(r);
  return trace;
};

describe('FNV-1a 64', () => {
  it('matches the published test vectors', () => {
    expect(fnv('')).toBe('cbf29ce484222325');
    expect(fnv('a')).toBe('af63dc4c8601ec8c');
    expect(fnv('foobar')).toBe('85944171f73967e8');
  });

  it('matches a BigInt reference on any text, UTF-8 included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(fnv(text)).toBe(referenceFnv1a64(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonical form', () => {
  it('puts fields in a fixed order with empty slots for absent ones', () => {
    expect(
      canonical({
        index: 12,
        timeMs: 3.5,
        kind: 'send',
        from: 'n1',
        to: 'n2',
        msg: 'put.replica',
        id: 44,
      }),
    ).toBe('12|3.5|send||n1>n2|put.replica|#44|');
    expect(canonical({ index: 0, timeMs: 0, kind: 'fault', node: 'n3', detail: 'crash' })).toBe(
      '0|0|fault|n3||||crash',
    );
  });

  it('escapes separators so different records never share a form', () => {
    const a = canonical({ index: 1, timeMs: 1, kind: 'state', node: 'n1|x' });
    const b = canonical({ index: 1, timeMs: 1, kind: 'state', node: 'n1', from: 'x' });
    expect(a).not.toBe(b);
  });
});

describe('Trace', () => {
  it('gives equal hashes for equal sequences', () => {
    expect(run(putRound).hash()).toBe(run(putRound).hash());
    expect(run(putRound).hash()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives a different hash when any one field differs', () => {
    const base = run(putRound).hash();
    const variants: Partial<TraceRecord>[] = [
      { timeMs: 3.2500001 },
      { kind: 'drop' },
      { from: 'n4' },
      { to: 'n3' },
      { msg: 'put.ack' },
      { id: 46 },
      { detail: 'loss' },
      { node: 'n1' },
    ];
    for (const change of variants) {
      const records = putRound.map((r, i) => (i === 2 ? { ...r, ...change } : r));
      expect(run(records).hash(), JSON.stringify(change)).not.toBe(base);
    }
    expect(run([...putRound].reverse()).hash()).not.toBe(base);
    expect(run(putRound.slice(0, 4)).hash()).not.toBe(base);
  });

  it('hashes exactly the canonical forms, each followed by a newline, separators and UTF-8 included', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const record = fc.record(
      {
        timeMs: fc.double({ noNaN: true, noDefaultInfinity: true }),
        kind: fc.constantFrom(...traceKinds),
        node: fc.oneof(text, fc.constantFrom('n1|x', 'a>b', 'c\\d')),
        from: text,
        to: text,
        msg: text,
        id: fc.nat(),
        detail: text,
      },
      { requiredKeys: ['timeMs', 'kind'] },
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (records) => {
        const trace = run(records);
        const expected = records.map((r, index) => canonical({ index, ...r }) + '\n').join('');
        expect(trace.hash()).toBe(referenceFnv1a64(expected));
      }),
      { numRuns: 200 },
    );
  });

  it('numbers records and counts them by kind', () => {
    const trace = run(putRound);
    expect(trace.count()).toBe(5);
    expect(trace.window().map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(trace.countsByKind()).toEqual({
      send: 1,
      deliver: 1,
      drop: 1,
      timer: 0,
      'op-start': 1,
      'op-end': 1,
      state: 0,
      fault: 0,
      observe: 0,
    });
    expect(() => trace.record({ timeMs: 1, kind: 'bogus' as 'send' })).toThrow(/kind/);
  });

  it('keeps memory bounded over a million events: the window never exceeds its size', () => {
    const trace = new Trace({ windowSize: 1000 });
    for (let i = 0; i < 1_000_000; i++) {
      trace.record({
        timeMs: i / 10,
        kind: i % 2 === 0 ? 'send' : 'deliver',
        from: 'n1',
        to: 'n2',
        msg: 'gossip',
        id: i,
      });
      if (i % 99_991 === 0 && trace.window().length > 1000)
        throw new Error(`window grew to ${trace.window().length}`);
    }
    const window = trace.window();
    expect(window.length).toBe(1000);
    expect(window[0]?.index).toBe(999_000);
    expect(window[999]?.index).toBe(999_999);
    expect(trace.count()).toBe(1_000_000);
    expect(trace.countsByKind().send).toBe(500_000);
  });

  it('since() returns the delta a view has not seen, oldest first', () => {
    const trace = new Trace({ windowSize: 4 });
    for (let i = 0; i < 10; i++) trace.record({ timeMs: i, kind: 'timer', node: 'n1' });
    expect(trace.since(7).map((r) => r.index)).toEqual([7, 8, 9]);
    expect(trace.since(0).map((r) => r.index)).toEqual([6, 7, 8, 9]);
    expect(trace.since(10)).toEqual([]);
    expect(run(putRound, 0).window()).toEqual([]);
  });

  it('continues from a snapshot exactly as if never interrupted', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 }), fc.integer({ min: 0, max: 6 }), (cut, windowSize) => {
        const straight = run([...putRound, ...putRound], windowSize);
        const first = run([...putRound, ...putRound].slice(0, cut), windowSize);
        const resumed = Trace.fromSnapshot(structuredClone(first.snapshot()), { windowSize });
        for (const r of [...putRound, ...putRound].slice(cut)) resumed.record(r);
        expect(resumed.hash()).toBe(straight.hash());
        expect(resumed.count()).toBe(straight.count());
        expect(resumed.countsByKind()).toEqual(straight.countsByKind());
        expect(resumed.window()).toEqual(straight.window());
      }),
    );
  });

  it('after stopHashing still numbers, counts and keeps records, but refuses a hash', () => {
    const hashed = run(putRound, 4);
    const unhashed = new Trace({ windowSize: 4 });
    unhashed.stopHashing();
    for (const r of putRound) unhashed.record(r);
    expect(unhashed.count()).toBe(hashed.count());
    expect(unhashed.countsByKind()).toEqual(hashed.countsByKind());
    expect(unhashed.window()).toEqual(hashed.window());
    expect(() => unhashed.hash()).toThrow(/stopped hashing/);
    expect(() => unhashed.snapshot()).toThrow(/stopped hashing/);
  });
});

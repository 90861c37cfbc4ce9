import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Trace } from '../../src/sim/trace.ts';
import { canonical, traceKinds, type TraceRecord } from '../../src/sim/trace-record.ts';

/*
 * An independent reference for the trace's hash, written plainly: a record's words listed field by
 * field (float bits through a big-endian DataView, arithmetic mod 2^32 with BigInt), then two
 * Murmur3 lanes and the finalisation.
 */

const M32 = 0xffffffffn;
const mul32 = (x: bigint, y: bigint): bigint => (x * y) & M32;
const rotl32 = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (32n - r))) & M32;

/** One Murmur3 block step with a lane's constants: multiply, rotate, multiply, mix into h, rotate, h·5 + n. */
function murmurStep(h: bigint, word: bigint, c1: bigint, c2: bigint, rk: bigint, rh: bigint, n: bigint): bigint {
  const k = mul32(rotl32(mul32(word, c1), rk), c2);
  return (mul32(rotl32(h ^ k, rh), 5n) + n) & M32;
}

/** MurmurHash3_x86_32's block step. */
const laneA = (h: bigint, word: bigint): bigint => murmurStep(h, word, 0xcc9e2d51n, 0x1b873593n, 15n, 13n, 0xe6546b64n);

/** The same step with the constants of MurmurHash3_x86_128's second lane. */
const laneB = (h: bigint, word: bigint): bigint => murmurStep(h, word, 0xab0e9789n, 0x38b34ae5n, 16n, 17n, 0x0bcaa747n);

function fmix32(h: bigint): bigint {
  h ^= h >> 16n;
  h = mul32(h, 0x85ebca6bn);
  h ^= h >> 13n;
  h = mul32(h, 0xc2b2ae35n);
  return h ^ (h >> 16n);
}

/** MurmurHash3_x86_32 of bytes whose length is a multiple of 4, to pin lane A to the published function. */
function murmur3x86_32(bytes: Uint8Array, seed: number): string {
  let h = BigInt(seed);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length; i += 4) h = laneA(h, BigInt(view.getUint32(i, true)));
  h ^= BigInt(bytes.length);
  return fmix32(h).toString(16).padStart(8, '0');
}

/** A float64's bits as [high word, low word]. */
function floatWords(x: number): [number, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Number.isNaN(x) ? NaN : x);
  return [view.getUint32(0), view.getUint32(4)];
}

function stringWords(s: string): number[] {
  const words = [s.length];
  for (let i = 0; i < s.length; i += 2) {
    const low = s.charCodeAt(i);
    const high = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    words.push(low + high * 0x10000);
  }
  return words;
}

/** The encoding of one record as the trace's hash defines it (src/sim/trace.ts, `TraceHash`). */
function encode(r: TraceRecord): number[] {
  // An id is an integer: -0 is 0, as in the canonical form.
  const idIsUint32 = r.id !== undefined && Number.isInteger(r.id) && r.id >= 0 && r.id < 2 ** 32;
  let header = traceKinds.indexOf(r.kind);
  if (r.node !== undefined) header += 16;
  if (r.from !== undefined) header += 32;
  if (r.to !== undefined) header += 64;
  if (r.msg !== undefined) header += 128;
  if (r.id !== undefined) header += idIsUint32 ? 256 : 512;
  if (r.detail !== undefined) header += 1024;
  header += Math.floor(r.index / 2 ** 32) * 2048;
  const words = [header, r.index % 2 ** 32, ...floatWords(r.timeMs)];
  if (r.id !== undefined) words.push(...(idIsUint32 ? [Math.abs(r.id)] : floatWords(r.id)));
  for (const s of [r.node, r.from, r.to, r.msg, r.detail])
    if (s !== undefined) words.push(...stringWords(s));
  return words;
}

/** The hash of records numbered from `firstIndex`, starting from the given lanes. */
function referenceHash(
  records: readonly Omit<TraceRecord, 'index'>[],
  firstIndex = 0,
  lanes: readonly [number, number] = [0, 0x9747b28c],
): string {
  let a = BigInt(lanes[0]);
  let b = BigInt(lanes[1]);
  records.forEach((r, i) => {
    for (const word of encode({ index: firstIndex + i, ...r })) {
      a = laneA(a, BigInt(word >>> 0));
      b = laneB(b, BigInt(word >>> 0));
    }
  });
  a = (a + b) & M32;
  b = (b + a) & M32;
  a = fmix32(a);
  b = fmix32(b);
  a = (a + b) & M32;
  b = (b + a) & M32;
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

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

describe('the hash reference', () => {
  it("lane A is MurmurHash3_x86_32's block step (published vectors)", () => {
    const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
    expect(murmur3x86_32(ascii(''), 0)).toBe('00000000');
    expect(murmur3x86_32(ascii(''), 1)).toBe('514e28b7');
    expect(murmur3x86_32(ascii('test'), 0)).toBe('ba6bd213');
    expect(murmur3x86_32(ascii('aaaa'), 0x9747b28c)).toBe('5a97808a');
  });

  it('encodes a record as documented', () => {
    expect(
      encode({ index: 2 ** 32 + 7, timeMs: 1, kind: 'deliver', from: 'n1', to: 'abc', id: 44 }),
    ).toEqual([1 + 32 + 64 + 256 + 2048, 7, 0x3ff00000, 0, 44, 2, 0x31006e, 3, 0x620061, 0x63]);
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

  /** Any UTF-16 code units, lone surrogates included, with the canonical form's separators likely. */
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 7,
    }),
    fc.string({
      unit: fc.constantFrom('a', '|', '>', '\\', '\ud800', '\udc00', 'é'),
      maxLength: 5,
    }),
  );
  const time = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, -0, 0.1 + 0.2, 1234.56789, 2 ** 53),
    fc.nat({ max: 10_000 }).map((n) => n / 8),
  );
  const id = fc.oneof(
    fc.nat(),
    fc.constantFrom(0, -0, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  const record = fc.record(
    {
      timeMs: time,
      kind: fc.constantFrom(...traceKinds),
      node: text,
      from: text,
      to: text,
      msg: text,
      id,
      detail: text,
    },
    { requiredKeys: ['timeMs', 'kind'] },
  );

  it('hashes exactly the documented encoding of every record', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (records) => {
        expect(run(records).hash()).toBe(referenceHash(records));
      }),
      { numRuns: 300 },
    );
    expect(run([]).hash()).toBe(referenceHash([]));
    expect(run(putRound).hash()).toBe(referenceHash(putRound));
  });

  it('folds an index beyond 2^32 in whole', () => {
    const start = run(putRound).snapshot();
    const trace = Trace.fromSnapshot({ ...start, count: 2 ** 40 + 3 });
    for (const r of putRound) trace.record(r);
    expect(trace.hash()).toBe(referenceHash(putRound, 2 ** 40 + 3, start.hashWords));
    const low = Trace.fromSnapshot({ ...start, count: 3, window: [] });
    for (const r of putRound) low.record(r);
    expect(low.hash()).not.toBe(trace.hash());
  });

  it('tells 0 from -0 (equal times are equal float64s) and every time from its neighbours', () => {
    const at = (timeMs: number): string => run([{ timeMs, kind: 'timer', node: 'n1' }]).hash();
    expect(at(0)).not.toBe(at(-0));
    const next = (x: number): number => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      view.setBigUint64(0, view.getBigUint64(0) + 1n);
      return view.getFloat64(0);
    };
    expect(next(1234.56789)).not.toBe(1234.56789);
    expect(at(1234.56789)).not.toBe(at(next(1234.56789)));
    expect(at(2 ** 40 + 0.5)).not.toBe(at(next(2 ** 40 + 0.5)));
    expect(at(0.1 + 0.2)).not.toBe(at(0.3));
    expect(at(5)).toBe(at(10 / 2));
  });

  it('changes when any one field of any one record changes', () => {
    const fields = ['timeMs', 'kind', 'node', 'from', 'to', 'msg', 'id', 'detail'] as const;
    const change = fc.record({
      field: fc.constantFrom(...fields),
      at: fc.nat(),
      time,
      id,
      text,
      kind: fc.constantFrom(...traceKinds),
      drop: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), change, (records, c) => {
        const i = c.at % records.length;
        const original = records[i] as Omit<TraceRecord, 'index'>;
        const changed: Record<string, unknown> = { ...original };
        if (c.field === 'timeMs') changed.timeMs = c.time;
        else if (c.field === 'kind') changed.kind = c.kind;
        else if (c.field === 'id') changed.id = c.drop ? undefined : c.id;
        else changed[c.field] = c.drop ? undefined : c.text;
        if (changed[c.field] === undefined) delete changed[c.field];
        const before = original[c.field];
        const after = changed[c.field];
        fc.pre(c.field === 'id' ? before !== after : !Object.is(before, after));
        const variant = records.map((r, k) =>
          k === i ? (changed as Omit<TraceRecord, 'index'>) : r,
        );
        expect(run(variant).hash()).not.toBe(run(records).hash());
      }),
      { numRuns: 500 },
    );
  });

  it('never gives two records with different canonical forms the same hash (a sample)', () => {
    const small = fc.string({ unit: fc.constantFrom('a', 'b', '|', '>', '\\'), maxLength: 3 });
    const near = fc.record(
      {
        timeMs: fc.constantFrom(0, 1, 2.5),
        kind: fc.constantFrom<TraceRecord['kind']>('send', 'deliver'),
        node: small,
        from: small,
        to: small,
        msg: small,
        id: fc.constantFrom(0, 1, 2 ** 32),
        detail: small,
      },
      { requiredKeys: ['timeMs', 'kind'] },
    );
    const byHash = new Map<string, string>();
    for (const records of fc.sample(fc.array(near, { maxLength: 3 }), {
      numRuns: 20_000,
      seed: 7,
    })) {
      const form = records.map((r, index) => canonical({ index, ...r })).join('\n');
      const hash = run(records).hash();
      const seen = byHash.get(hash);
      if (seen !== undefined) expect(form).toBe(seen);
      else byHash.set(hash, form);
    }
    expect(byHash.size).toBeGreaterThan(10_000);
  });

  it('reads the hash without disturbing it', () => {
    const trace = run(putRound.slice(0, 2));
    const midway = trace.hash();
    expect(trace.hash()).toBe(midway);
    for (const r of putRound.slice(2)) trace.record(r);
    expect(trace.hash()).toBe(run(putRound).hash());
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

  it('continues any run from a structured-cloned snapshot to the same hash', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.nat(), (records, at) => {
        const cut = at % (records.length + 1);
        const first = run(records.slice(0, cut), 2);
        const resumed = Trace.fromSnapshot(structuredClone(first.snapshot()), { windowSize: 2 });
        for (const r of records.slice(cut)) resumed.record(r);
        expect(resumed.hash()).toBe(run(records).hash());
        expect(resumed.hash()).toBe(referenceHash(records));
      }),
      { numRuns: 200 },
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

import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/effects.ts';
import { describeObservation } from '../../src/sim/observation-detail.ts';
import { Trace } from '../../src/sim/trace.ts';

const request: Observation = {
  type: 'request',
  reqId: 7,
  opId: 3,
  op: 'get',
  key: 'k1',
  state: 'waiting',
  replied: ['n1'],
  targets: [{ node: 'n1' }, { node: 'n2' }],
  needed: 2,
};

/** One of every observation type. */
const samples: Observation[] = [
  request,
  { type: 'stored', key: 'k1', versions: 2 },
  { type: 'hint.stored', hintId: 'h1', key: 'k1', intendedFor: 'n4' },
  { type: 'hint.delivered', hintId: 'h1', key: 'k1', intendedFor: 'n4' },
  { type: 'read-repair', key: 'k1', targets: ['n2', 'n3'] },
  { type: 'anti-entropy', peer: 'n2', rangeId: 5, hashesCompared: 12, keysSent: 1, inSync: false },
  { type: 'membership', version: 'v3', members: 8 },
  { type: 'reachability', peer: 'n2', reachable: true },
  { type: 'transfer', peer: 'n2', keys: 10, phase: 'sent' },
  { type: 'buffer-flush', objects: 4 },
  { type: 'handed-off' },
];

function hashOf(observations: readonly Observation[]): string {
  const trace = new Trace({ windowSize: 0 });
  for (const o of observations) trace.recordObservation(1.5, 'n1', o);
  return trace.hash();
}

describe('observations in the trace', () => {
  it('read back as their text, counted as observe records', () => {
    const trace = new Trace({ windowSize: 100 });
    for (const o of samples) trace.recordObservation(2, 'n1', o);
    const window = trace.window();
    expect(window.map((r) => r.detail)).toEqual(samples.map(describeObservation));
    expect(window.every((r) => r.kind === 'observe' && r.node === 'n1' && r.timeMs === 2)).toBe(true);
    expect(window.map((r) => r.index)).toEqual(samples.map((_, i) => i));
    expect(trace.countsByKind().observe).toBe(samples.length);
  });

  it('hash differently whenever their text differs, and alike when only unseen fields do', () => {
    const variants: Observation[] = [
      { ...request, op: 'put' },
      { ...request, key: 'k2' },
      { ...request, reqId: 8 },
      { ...request, reqId: 2 ** 40 },
      { ...request, state: 'done' },
      { ...request, replied: ['n1', 'n2'] },
      { ...request, needed: 3 },
    ];
    const hashes = new Set([request, ...variants].map((o) => hashOf([o])));
    expect(hashes.size).toBe(variants.length + 1);
    // opId and targets are not in the text: the trace says the same.
    expect(hashOf([{ ...request, opId: 99, targets: [] }])).toBe(hashOf([request]));
    expect(new Set(samples.map((o) => hashOf([o]))).size).toBe(samples.length);
  });

  it('differ from a record whose detail is the same text as a string', () => {
    const asText = new Trace({ windowSize: 0 });
    asText.record({ timeMs: 1.5, kind: 'observe', node: 'n1', detail: describeObservation(request) });
    expect(asText.hash()).not.toBe(hashOf([request]));
  });

  it('resume from a snapshot onto the hash of the straight run', () => {
    const straight = new Trace({ windowSize: 4 });
    for (const o of samples) straight.recordObservation(3, 'n1', o);
    const first = new Trace({ windowSize: 4 });
    for (const o of samples.slice(0, 5)) first.recordObservation(3, 'n1', o);
    const resumed = Trace.fromSnapshot(structuredClone(first.snapshot()), { windowSize: 4 });
    for (const o of samples.slice(5)) resumed.recordObservation(3, 'n1', o);
    expect(resumed.hash()).toBe(straight.hash());
    expect(resumed.window()).toEqual(straight.window());
  });
});

import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/messages.ts';
import { BodyCache, bodyLines, envelopeLines, formatVersions } from '../../../src/ui/spacetime/message-payload.ts';

const clock = [
  { node: 'n1', counter: 2, timestampMs: 0 },
  { node: 'n3', counter: 1, timestampMs: 0 },
];

describe('a message’s payload in the paper’s words', () => {
  it('writes versions with vector clocks in the paper’s notation (§4.4)', () => {
    expect(formatVersions([{ value: ['book', 'pen'], clock, writtenAtMs: 0, writer: 'n1' }])).toBe('["book", "pen"] [(n1,2),(n3,1)]');
    expect(formatVersions([])).toBe('none');
  });

  it('shows a hinted replica write with the home replica it is meant for (§4.6)', () => {
    const lines = bodyLines({ kind: 'put.replica', reqId: 7, key: 'cart', versions: [{ value: 'x', clock, writtenAtMs: 0, writer: 'n1' }], hintFor: 'n2' });
    expect(lines).toEqual([
      { label: 'request', value: '#7' },
      { label: 'key', value: 'cart' },
      { label: 'versions', value: '"x" [(n1,2),(n3,1)]' },
      { label: 'hint for', value: 'n2' },
    ]);
  });

  it('states where a dropped message ended and why', () => {
    const lines = envelopeLines({ id: 4, kind: 'get.replica', trafficClass: 'get', from: 'n1', to: 'n2', sentAtMs: 10, endAtMs: 12.5, end: 'dropped', dropReason: 'partition' }, undefined);
    expect(lines.map((l) => l.label)).toEqual(['message', 'from → to', 'sent', 'dropped']);
    expect(lines[3]?.value).toBe('12.50 ms — partition');
  });
});

describe('the body cache', () => {
  it('keeps bodies seen in flight and forgets the oldest beyond its limit', () => {
    const cache = new BodyCache(2);
    const m = (id: number): Message => ({ kind: 'fd.ping', from: 'n1', to: 'n2', id });
    cache.remember([m(1), m(2)]);
    cache.remember([m(2), m(3)]);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(3)?.kind).toBe('fd.ping');
  });
});

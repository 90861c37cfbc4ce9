/**
 * The cluster view's message layer groups the messages in flight by traffic colour, so a frame
 * draws one path per colour however many messages fly; lost ones stay apart, drawn hollow.
 */
import { describe, expect, it } from 'vitest';
import type { MessageInFlight } from '../../../../src/runtime/browser/simulation-api.ts';
import { TRAFFIC_COLOURS } from '../../../../src/ui/theme/traffic-palette.ts';
import { groupByColour } from '../../../../src/ui/views/cluster/message-canvas.ts';

function message(id: number, kind: string, lost = false): MessageInFlight {
  return { id, kind, from: 'n1', to: 'n2', sentAtMs: 0, deliverAtMs: 10, lost };
}

describe('message groups', () => {
  it('puts each message under its traffic colour, lost ones apart, in first-seen order', () => {
    const groups = groupByColour([
      message(1, 'put.replica'),
      message(2, 'client.get'),
      message(3, 'put.replica', true),
      message(4, 'put.replica'),
      message(5, 'gossip.push'),
    ]);
    expect(groups.map((g) => g.colour)).toEqual([
      TRAFFIC_COLOURS.put,
      TRAFFIC_COLOURS.client,
      TRAFFIC_COLOURS.gossip,
    ]);
    expect(groups[0]?.sent.map((f) => f.id)).toEqual([1, 4]);
    expect(groups[0]?.lost.map((f) => f.id)).toEqual([3]);
  });

  it('keeps every message of a large flight exactly once', () => {
    const kinds = ['client.put', 'put.replica', 'put.replica-ack', 'get.replica', 'gossip.push'];
    const inFlight = Array.from({ length: 2000 }, (_, i) =>
      message(i, kinds[i % kinds.length]!, i % 97 === 0),
    );
    const groups = groupByColour(inFlight);
    const ids = groups
      .flatMap((g) => [...g.sent, ...g.lost].map((f) => f.id))
      .sort((a, b) => a - b);
    expect(ids).toEqual(inFlight.map((f) => f.id));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageArrow, OperationSpan } from '../../../src/ui/spacetime/message-log.ts';
import {
  downSpans,
  arrowsInBand,
  CLIENT_LANE,
  centredWindow,
  distanceToSegment,
  followWindow,
  panWindow,
  hitArrow,
  hitOperation,
  laneIds,
  lanePitchPx,
  lanesHeight,
  laneYs,
  layoutArrows,
  layoutOperations,
  timeTicks,
  zoomWindow,
} from '../../../src/ui/spacetime/space-time-layout.ts';
import type { SpaceTimeFrame } from '../../../src/ui/spacetime/space-time-layout.ts';

const frame: SpaceTimeFrame = { width: 1112, height: 400, gutterPx: 100, axisPx: 30, operationBandPx: 40 };
const nodes = ['n1', 'n2', 'n3'];
const window = { startMs: 0, endMs: 100 };

function arrow(partial: Partial<MessageArrow>): MessageArrow {
  return { id: 1, kind: 'put.replica', trafficClass: 'put', from: 'n1', to: 'n3', sentAtMs: 10, endAtMs: 20, end: 'delivered', ...partial };
}

describe('lanes: one per node, top to bottom, then the clients', () => {
  it('spaces lanes evenly below the axis and above the operation band', () => {
    const ys = laneYs(laneIds(nodes), frame);
    expect([...ys.keys()]).toEqual(['n1', 'n2', 'n3', CLIENT_LANE]);
    const y = [...ys.values()];
    expect(y[0]).toBeGreaterThan(frame.axisPx);
    expect(y[3]).toBeLessThan(frame.height - frame.operationBandPx);
    expect(y[1]! - y[0]!).toBeCloseTo(y[3]! - y[2]!, 9);
  });
});

describe('lanes keep room for their names at any number of nodes', () => {
  const bands = { axisPx: frame.axisPx, operationBandPx: frame.operationBandPx };
  const nodesOf = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const gaps = (ys: Map<string, number>) => [...ys.values()].slice(1).map((y, i) => y - [...ys.values()][i]!);

  it('keeps the view’s own height while the lanes fit in it at their pitch, as 5 nodes do', () => {
    expect(lanesHeight(laneIds(nodesOf(5)).length, bands, 400, lanePitchPx(14))).toBe(400);
  });

  it.each([16, 40, 64, 128])('gives each of %i nodes’ lanes a pitch of a line of their type and some air, in the usual and the presenter type', (n) => {
    for (const fontPx of [14, 23.1]) {
      const lanes = laneIds(nodesOf(n));
      const pitch = lanePitchPx(fontPx);
      expect(pitch).toBeGreaterThanOrEqual(fontPx * 1.3);
      const height = lanesHeight(lanes.length, bands, 368, pitch);
      const ys = laneYs(lanes, { ...frame, height });
      expect(Math.min(...gaps(ys))).toBeGreaterThanOrEqual(pitch - 1e-9);
      // The operation bars still have their band below the client lane.
      expect(ys.get(CLIENT_LANE)!).toBeLessThanOrEqual(height - frame.operationBandPx);
    }
  });

  it('grows with the lanes: 40 nodes at 14 px type need more than a 368 px view, and not more than they use', () => {
    const lanes = laneIds(nodesOf(40));
    const height = lanesHeight(lanes.length, bands, 368, lanePitchPx(14));
    expect(height).toBeGreaterThan(368);
    const ys = laneYs(lanes, { ...frame, height });
    expect(Math.max(...gaps(ys))).toBeCloseTo(lanePitchPx(14), 6);
  });

  it('paints only the arrows that cross the rows scrolled into view, heads included', () => {
    const lanes = laneIds(nodesOf(40));
    const height = lanesHeight(lanes.length, bands, 368, lanePitchPx(14));
    const tall = { ...frame, height };
    const ys = laneYs(lanes, tall);
    const drawn = layoutArrows(
      [arrow({ id: 1, from: 'n1', to: 'n2' }), arrow({ id: 2, from: 'n39', to: 'n40' }), arrow({ id: 3, from: 'n1', to: 'n40' })],
      nodesOf(40),
      window,
      100,
      tall,
    );
    const top = ys.get('n30')!;
    expect(arrowsInBand(drawn, top, top + 368).map((d) => d.arrow.id)).toEqual([2, 3]);
    expect(arrowsInBand(drawn, 0, 368).map((d) => d.arrow.id)).toEqual([1, 3]);
  });
});

describe('a message is a line from its send on the sender’s lane to its delivery on the receiver’s', () => {
  const ys = laneYs(laneIds(nodes), frame);

  it('starts at the send time and ends at the delivery time', () => {
    const [d] = layoutArrows([arrow({})], nodes, window, 50, frame);
    // 1000 px for 100 ms: 10 px per ms after the 100 px gutter.
    expect(d).toMatchObject({ x1: 200, y1: ys.get('n1'), x2: 300, y2: ys.get('n3'), cutAtNow: false });
  });

  it('sends a client’s messages to the client lane', () => {
    const [d] = layoutArrows([arrow({ from: 'c7', to: 'n2', kind: 'client.put', trafficClass: 'client' })], nodes, window, 50, frame);
    expect(d?.y1).toBe(ys.get(CLIENT_LANE));
  });

  it('draws a message still in flight the fraction of its way it has gone', () => {
    const [d] = layoutArrows([arrow({ end: 'in-flight', sentAtMs: 10, endAtMs: 30 })], nodes, window, 15, frame);
    expect(d?.cutAtNow).toBe(true);
    expect(d?.x2).toBe(250);
    expect(d?.y2).toBeCloseTo(ys.get('n1')! + (ys.get('n3')! - ys.get('n1')!) / 4, 9);
  });

  it('leaves out messages entirely outside the window', () => {
    const arrows = [arrow({ id: 1, sentAtMs: -50, endAtMs: -40 }), arrow({ id: 2, sentAtMs: 150, endAtMs: 160 }), arrow({ id: 3, sentAtMs: -5, endAtMs: 5 })];
    expect(layoutArrows(arrows, nodes, window, 200, frame).map((d) => d.arrow.id)).toEqual([3]);
  });
});

describe('picking with the pointer', () => {
  it('measures the distance to a segment, its ends included', () => {
    expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(3);
    expect(distanceToSegment({ x: 13, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
  });

  it('finds the arrow under the pointer and nothing away from every arrow', () => {
    const drawn = layoutArrows([arrow({ id: 1 }), arrow({ id: 2, sentAtMs: 60, endAtMs: 70, from: 'n2', to: 'n1' })], nodes, window, 100, frame);
    const second = drawn[1]!;
    const middle = { x: (second.x1 + second.x2) / 2, y: (second.y1 + second.y2) / 2 + 2 };
    expect(hitArrow(middle, drawn)?.arrow.id).toBe(2);
    expect(hitArrow({ x: 1000, y: 5 }, drawn)).toBeUndefined();
  });

  it('finds an operation bar and packs overlapping operations into separate rows', () => {
    const op = (opId: number, startMs: number, endMs: number): OperationSpan => ({
      opId, client: 'c1', kind: 'put', key: 'k', startMs, endMs, result: 'ok', stale: false, versions: undefined, messageIds: [],
    });
    const drawn = layoutOperations([op(1, 10, 40), op(2, 20, 50), op(3, 60, 70)], nodes, window, 100, frame);
    expect(drawn[0]?.y).not.toBe(drawn[1]?.y);
    expect(drawn[2]?.y).toBe(drawn[0]?.y);
    expect(hitOperation({ x: 300, y: drawn[1]!.y }, drawn)?.op.opId).toBe(2);
  });
});

describe('moving in time', () => {
  it('zooms around the time under the pointer, keeping it under the pointer', () => {
    const later = { startMs: 1000, endMs: 1100 };
    fc.assert(
      fc.property(fc.double({ min: 1000, max: 1100, noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }), (anchor, factor) => {
        const next = zoomWindow(later, anchor, factor);
        const before = (anchor - later.startMs) / (later.endMs - later.startMs);
        const after = (anchor - next.startMs) / (next.endMs - next.startMs);
        expect(after).toBeCloseTo(before, 6);
      }),
    );
  });

  it('never shows time before the run began: zooming out, panning, following or centring near 0 starts at 0', () => {
    expect(zoomWindow(window, 50, 4)).toEqual({ startMs: 0, endMs: 400 });
    expect(panWindow(window, -30)).toEqual({ startMs: 0, endMs: 100 });
    expect(followWindow(5000, 1200)).toEqual({ startMs: 0, endMs: 5000 });
    expect(centredWindow(200, 40)).toEqual({ startMs: 0, endMs: 200 });
  });

  it('keeps the span within its limits', () => {
    expect(zoomWindow(window, 50, 0.0001).endMs - zoomWindow(window, 50, 0.0001).startMs).toBe(2);
  });

  it('follows the playhead with the same span, and centres on a moment', () => {
    expect(followWindow(200, 1000)).toEqual({ startMs: 800, endMs: 1000 });
    expect(centredWindow(200, 1000)).toEqual({ startMs: 900, endMs: 1100 });
  });

  it('labels round times inside the window', () => {
    const ticks = timeTicks(window, frame);
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) {
      expect(t.ms).toBeGreaterThanOrEqual(0);
      expect(t.ms).toBeLessThanOrEqual(100);
      expect(t.ms % 10).toBe(0);
    }
  });

  it('gives every tick a label of its own, however far it zooms in, and keeps labels on the plot', () => {
    for (const span of [2, 0.5, 20, 5000, 80_000]) {
      const at = { startMs: 1532.1, endMs: 1532.1 + span };
      const labels = timeTicks(at, frame).map((t) => t.label);
      expect(new Set(labels).size, labels.join(' ')).toBe(labels.length);
      expect(labels.length).toBeGreaterThan(1);
    }
    expect(timeTicks({ startMs: 1532, endMs: 1534 }, frame).map((t) => t.label)).toContain('1532.2 ms');
    expect(timeTicks({ startMs: 0, endMs: 60_000 }, frame).map((t) => t.label)).toContain('10 s');
    // Larger type, ticks further apart; none whose label would cross the right edge.
    const wide = timeTicks({ startMs: 200, endMs: 310 }, frame, 190);
    expect(wide.length).toBeLessThan(timeTicks({ startMs: 200, endMs: 310 }, frame).length);
    for (const t of wide) expect(t.x + 190 * 0.4).toBeLessThanOrEqual(frame.width);
  });

  it('clips operation bars to the plot', () => {
    const op = (opId: number, startMs: number, endMs: number | undefined): OperationSpan => ({
      opId, client: 'c1', kind: 'get', key: 'k', startMs, endMs, result: endMs === undefined ? undefined : 'ok', stale: false, versions: undefined, messageIds: [],
    });
    const drawn = layoutOperations([op(1, -50, 20), op(2, 90, undefined), op(3, 100, undefined)], nodes, window, 100, frame);
    expect(drawn[0]?.x1).toBe(frame.gutterPx);
    expect(drawn[1]?.x2).toBe(frame.width - 12);
    // Begun just now, at the right edge: still 3 px wide.
    expect((drawn[2]?.x2 ?? 0) - (drawn[2]?.x1 ?? 0)).toBeCloseTo(3, 9);
  });
});

describe('downSpans', () => {
  it('pairs each crash with the recovery that ended it, and leaves a node still down open', () => {
    const spans = downSpans([
      { atMs: 100, fault: { kind: 'crash', node: 'n2' } },
      { atMs: 150, fault: { kind: 'partition' } },
      { atMs: 200, fault: { kind: 'crash', node: 'n2' } },
      { atMs: 300, fault: { kind: 'recover', node: 'n2' } },
      { atMs: 400, fault: { kind: 'crash', node: 'n4' } },
      { atMs: 500, fault: { kind: 'recover', node: 'n1' } },
      { atMs: 600, fault: { kind: 'crash', node: 'n2' } },
    ]);
    expect(spans).toEqual([
      { node: 'n2', fromMs: 100, toMs: 300 },
      { node: 'n4', fromMs: 400, toMs: undefined },
      { node: 'n2', fromMs: 600, toMs: undefined },
    ]);
  });

  it('has no span without a crash', () => {
    expect(downSpans([{ atMs: 5, fault: { kind: 'slow', node: 'n1' } }, { atMs: 9, fault: { kind: 'recover', node: 'n1' } }])).toEqual([]);
  });
});

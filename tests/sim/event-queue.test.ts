import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, type QueuedEvent } from '../../src/sim/event-queue.ts';

type Command = { kind: 'push'; timeMs: number } | { kind: 'pop' } | { kind: 'peek' } | { kind: 'clear' } | { kind: 'checkpoint' };

// Few distinct times so equal-time ties (the FIFO rule) happen constantly.
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('push' as const), timeMs: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.double({ min: 0, max: 1e6, noNaN: true })) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'pop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'peek' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

describe('EventQueue against a sorted-array model', () => {
  it('pops in (timeMs, seq) order with FIFO ties, through pushes, clears and checkpoints', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 300 }), (commands) => {
        let queue = new EventQueue<string>();
        let model: QueuedEvent<string>[] = [];
        let nextSeq = 0;
        for (const command of commands) {
          switch (command.kind) {
            case 'push': {
              const payload = `e${nextSeq}`;
              expect(queue.push(command.timeMs, payload)).toBe(nextSeq);
              model.push({ timeMs: command.timeMs, seq: nextSeq++, payload });
              model.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
              break;
            }
            case 'pop':
              expect(queue.pop()).toEqual(model.shift());
              break;
            case 'peek':
              expect(queue.peek()).toEqual(model[0]);
              expect(queue.peekTimeMs()).toBe(model[0]?.timeMs);
              break;
            case 'clear':
              queue.clear();
              model = [];
              break;
            case 'checkpoint':
              queue = EventQueue.fromSnapshot(queue.snapshot(), queue.nextSeq());
              break;
          }
          expect(queue.size).toBe(model.length);
          expect(queue.nextSeq()).toBe(nextSeq);
        }
        expect(queue.snapshot()).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});

describe('EventQueue', () => {
  it('runs events at the same instant in the order they were scheduled', () => {
    const queue = new EventQueue<string>();
    queue.push(5, 'deliver put to n2');
    queue.push(3, 'timer on n1');
    queue.push(5, 'deliver put to n3');
    queue.push(5, 'deliver put to n4');
    const order = [queue.pop(), queue.pop(), queue.pop(), queue.pop()].map((e) => e?.payload);
    expect(order).toEqual(['timer on n1', 'deliver put to n2', 'deliver put to n3', 'deliver put to n4']);
    expect(queue.pop()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
    expect(queue.peekTimeMs()).toBeUndefined();
  });

  it('holds 200k pending events and drains them in order', () => {
    const queue = new EventQueue<number>();
    let x = 12345;
    for (let i = 0; i < 200_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      queue.push(x % 1000, i);
    }
    let last = { timeMs: -1, seq: -1 };
    for (let i = 0; i < 200_000; i++) {
      const event = queue.pop();
      if (event === undefined) throw new Error('queue ran dry early');
      const inOrder = event.timeMs > last.timeMs || (event.timeMs === last.timeMs && event.seq > last.seq);
      if (!inOrder) throw new Error(`out of order at pop ${i}`);
      last = event;
    }
    expect(queue.size).toBe(0);
  });

  it('keeps the seq counter across clear and checkpoints, so seqs never repeat', () => {
    const queue = new EventQueue<string>();
    queue.push(1, 'a');
    queue.push(2, 'b');
    queue.pop();
    queue.pop();
    const restored = EventQueue.fromSnapshot(queue.snapshot(), queue.nextSeq());
    expect(restored.size).toBe(0);
    expect(restored.push(0, 'c')).toBe(2);
    restored.clear();
    expect(restored.push(0, 'd')).toBe(3);
  });

  it('without nextSeq resumes numbering after the largest seq', () => {
    const restored = EventQueue.fromSnapshot([{ timeMs: 4, seq: 9, payload: 'x' }]);
    expect(restored.push(4, 'y')).toBe(10);
    expect(restored.pop()?.payload).toBe('x');
  });

  it('refuses bad times and inconsistent snapshots by name', () => {
    const queue = new EventQueue<string>();
    expect(() => queue.push(Number.NaN, 'x')).toThrow(/timeMs/);
    expect(() => queue.push(Infinity, 'x')).toThrow(/timeMs/);
    expect(() => EventQueue.fromSnapshot([{ timeMs: 1, seq: 5, payload: 'x' }], 5)).toThrow(/nextSeq/);
    expect(() =>
      EventQueue.fromSnapshot([
        { timeMs: 1, seq: 5, payload: 'x' },
        { timeMs: 2, seq: 5, payload: 'y' },
      ]),
    ).toThrow(/twice/);
  });
});

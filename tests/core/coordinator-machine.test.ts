/**
 * The request machines (§5) stepped in place by RequestRun behave exactly as XState actors of the
 * same machines: same state, context and status after every event, for any event sequence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { getMachine, putMachine, RequestRun, requestRunCodec, type RequestEvent } from '../../src/core/coordinator-machine.ts';

const event: fc.Arbitrary<RequestEvent> = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'e').map((node) => ({ type: 'replica.replied' as const, node })),
  fc.constant({ type: 'target.added' as const }),
  fc.constant({ type: 'timer.expired' as const }),
  fc.constant({ type: 'repair.window-closed' as const }),
);

const input = fc.record({
  needed: fc.integer({ min: 1, max: 4 }),
  expected: fc.integer({ min: 1, max: 5 }),
  replied: fc.subarray(['a', 'b']),
});

function view(s: { value: unknown; context: unknown; status: string }) {
  return { value: s.value, context: s.context, status: s.status };
}

describe.each([
  ['put', putMachine],
  ['get', getMachine],
] as const)('the %s machine stepped in place', (_name, machine) => {
  it('agrees with an actor of the same machine after every event', () => {
    fc.assert(
      fc.property(input, fc.array(event, { maxLength: 12 }), (start, events) => {
        const actor = createActor(machine, { input: start }).start();
        const run = RequestRun.start(machine, start);
        expect(view(run.getSnapshot())).toEqual(view(actor.getSnapshot()));
        for (const e of events) {
          // The coordinator forgets a request once its machine is done; so does this test.
          if (actor.getSnapshot().status !== 'active') break;
          actor.send(e);
          run.send(e);
          expect(view(run.getSnapshot())).toEqual(view(actor.getSnapshot()));
        }
        actor.stop();
      }),
      { numRuns: 300 },
    );
  });

  it('survives a checkpoint: resumed from its image it goes on as the original', () => {
    fc.assert(
      fc.property(input, fc.array(event, { maxLength: 6 }), fc.array(event, { maxLength: 6 }), (start, before, after) => {
        const run = RequestRun.start(machine, start);
        for (const e of before) run.send(e);
        const copy = requestRunCodec.decode(structuredClone(requestRunCodec.encode(run))) as RequestRun;
        for (const e of after) {
          run.send(e);
          copy.send(e);
        }
        expect(view(copy.getSnapshot())).toEqual(view(run.getSnapshot()));
      }),
      { numRuns: 200 },
    );
  });
});

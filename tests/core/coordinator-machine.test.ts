/**
 * The request machines (§5) as RequestRun steps them — compiled from their XState definitions
 * (flat-machine.ts) — behave exactly as XState runs the same machines, as an actor and through its
 * pure `transition()`: same state, context and status after every event, for any event sequence,
 * duplicate replies, events a state does not listen for and events after the machine is done.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { getMachine, putMachine, RequestRun, requestRunCodec, type RequestEvent } from '../../src/core/coordinator-machine.ts';

/** Few node names, so the same replica often replies twice. */
const event: fc.Arbitrary<RequestEvent> = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'e').map((node) => ({ type: 'replica.replied' as const, node })),
  fc.constant({ type: 'target.added' as const }),
  fc.constant({ type: 'timer.expired' as const }),
  fc.constant({ type: 'repair.window-closed' as const }),
  // Neither machine knows it: both must ignore it.
  fc.constant({ type: 'replica.unknown' } as unknown as RequestEvent),
);

/** Includes the odd corners: nothing needed, fewer targets than replies in hand. */
const input = fc.record({
  needed: fc.integer({ min: 0, max: 4 }),
  expected: fc.integer({ min: 0, max: 5 }),
  replied: fc.subarray(['a', 'b', 'c']),
});

function view(s: { value: unknown; context: unknown; status: string }) {
  return { value: s.value, context: s.context, status: s.status };
}

describe.each([
  ['put', putMachine],
  ['get', getMachine],
] as const)('the %s machine as a request runs it', (_name, machine) => {
  it('agrees with an XState actor of the same machine after every event', () => {
    fc.assert(
      fc.property(input, fc.array(event, { maxLength: 14 }), (start, events) => {
        const actor = createActor(machine, { input: start }).start();
        const run = RequestRun.start(machine, start);
        expect(view(run.getSnapshot())).toEqual(view(actor.getSnapshot()));
        for (const e of events) {
          // An actor stops taking events once done; the coordinator forgets the request then.
          if (actor.getSnapshot().status !== 'active') break;
          actor.send(e);
          run.send(e);
          expect(view(run.getSnapshot())).toEqual(view(actor.getSnapshot()));
        }
        actor.stop();
      }),
      { numRuns: 400 },
    );
  });

  it("agrees with XState's pure transition() after every event, after done too", () => {
    fc.assert(
      fc.property(input, fc.array(event, { maxLength: 14 }), (start, events) => {
        let [snapshot] = initialTransition(machine, start);
        const run = RequestRun.start(machine, start);
        expect(view(run.getSnapshot())).toEqual(view(snapshot));
        for (const e of events) {
          const [next, actions] = transition(machine, snapshot, e);
          // The machines only assign: nothing is left for an executor to run.
          expect(actions).toEqual([]);
          snapshot = next;
          run.send(e);
          expect(view(run.getSnapshot())).toEqual(view(snapshot));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('survives a checkpoint: resumed from its image it goes on as the original', () => {
    fc.assert(
      fc.property(input, fc.array(event, { maxLength: 6 }), fc.array(event, { maxLength: 6 }), (start, before, after) => {
        const run = RequestRun.start(machine, start);
        for (const e of before) run.send(e);
        const copy = requestRunCodec.decode(structuredClone(requestRunCodec.encode(run))) as RequestRun;
        expect(view(copy.getSnapshot())).toEqual(view(run.getSnapshot()));
        expect(view(copy.getSnapshot())).toEqual(view(machine.resolveState(run.getSnapshot())));
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

/**
 * A flat machine compiled from an XState definition steps exactly as XState does, and the
 * compiler refuses, by name, any machine feature outside the subset it reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, assign, createMachine, initialTransition, raise, setup, transition, type AnyStateMachine } from 'xstate';
import { compileFlatMachine } from '../../src/core/flat-machine.ts';

type CounterEvent = { type: 'inc' } | { type: 'dec' } | { type: 'reset' } | { type: 'noise' };

/**
 * Every supported feature once: named and inline guards and assigns, assigns by value, by property
 * (all seeing the context before the action) and by function, guarded and unguarded alternatives.
 */
const counter = setup({
  types: { context: {} as { n: number; log: string[] }, events: {} as CounterEvent },
  actions: {
    inc: assign({ n: ({ context }) => context.n + 1 }),
    note: assign(({ context, event }) => ({ log: [...context.log, event.type] })),
  },
  guards: { high: ({ context }) => context.n >= 3 },
}).createMachine({
  id: 'counter',
  context: { n: 0, log: [] },
  initial: 'low',
  states: {
    low: {
      always: [{ guard: 'high', target: 'high' }],
      on: {
        inc: { actions: ['inc', 'note'] },
        dec: [{ guard: ({ context }) => context.n <= 0, target: 'stuck' }, { actions: [assign({ n: ({ context }) => context.n - 1 }), 'note'] }],
      },
    },
    high: {
      always: { guard: ({ context }) => context.n >= 5, target: 'top' },
      on: {
        inc: { actions: 'inc' },
        dec: { target: 'low', actions: assign({ n: 0 }) },
        reset: { target: 'low', actions: assign({ n: 1, log: ({ context }) => [...context.log, `reset from ${context.n}`] }) },
      },
    },
    stuck: { on: { inc: 'low' }, description: 'below zero' },
    top: { type: 'final' },
  },
});

describe('a compiled flat machine', () => {
  it("steps as XState's transition() does, event by event", () => {
    const flat = compileFlatMachine<{ n: number; log: string[] }, CounterEvent, undefined>(counter);
    const events = fc.constantFrom<CounterEvent>({ type: 'inc' }, { type: 'dec' }, { type: 'reset' }, { type: 'noise' });
    fc.assert(
      fc.property(fc.array(events, { maxLength: 16 }), (sequence) => {
        let [expected] = initialTransition(counter);
        let actual = flat.start(undefined);
        expect(actual).toEqual({ value: expected.value, context: expected.context, status: expected.status });
        for (const e of sequence) {
          [expected] = transition(counter, expected, e);
          actual = flat.step(actual, e);
          expect(actual).toEqual({ value: expected.value, context: expected.context, status: expected.status });
        }
      }),
      { numRuns: 300 },
    );
  });
});

const plain = setup({ actions: { log: () => undefined }, guards: { both: and([() => true, () => true]), open: () => true } });

const unsupported: Array<[string, AnyStateMachine, RegExp]> = [
  ['an entry action', createMachine({ initial: 'a', states: { a: { entry: assign({}) } } }), /state a uses entry/],
  ['a delayed transition', createMachine({ initial: 'a', states: { a: { after: { 100: 'b' } }, b: {} } }), /state a uses after/],
  ['parallel states', createMachine({ type: 'parallel', states: { a: {}, b: {} } }), /the machine uses type/],
  ['nested states', createMachine({ initial: 'a', states: { a: { initial: 'x', states: { x: {} } } } }), /state a uses initial/],
  ['an invoked actor', createMachine({ initial: 'a', states: { a: { invoke: { src: createMachine({}) } } } }), /state a uses invoke/],
  ['an action that is not an assign', plain.createMachine({ initial: 'a', states: { a: { on: { go: { actions: 'log' } } } } }), /runs log, which is not an assign/],
  ['a raised event', createMachine({ initial: 'a', states: { a: { on: { go: { actions: raise({ type: 'x' }) } } } } }), /runs an inline action, which is not an assign/],
  ['a higher-order guard', plain.createMachine({ initial: 'a', states: { a: { on: { go: { guard: 'both', target: 'b' } } }, b: {} } }), /higher-order guard/],
  ['a parameterized guard', plain.createMachine({ initial: 'a', states: { a: { on: { go: { guard: { type: 'open', params: {} }, target: 'b' } } }, b: {} } }), /parameterized guard/],
  ['a wildcard event', createMachine({ initial: 'a', states: { a: { on: { '*': 'b' } }, b: {} } }), /listens for \*/],
  ['an eventless transition that stays', createMachine({ initial: 'a', states: { a: { always: { actions: assign({}) } } } }), /eventless transition that stays/],
  ['output', createMachine({ initial: 'a', states: { a: { type: 'final', output: 1 } } }), /state a uses output/],
  ['tags', createMachine({ initial: 'a', states: { a: { tags: ['busy'] } } }), /state a uses tags/],
  ['a root transition', createMachine({ initial: 'a', on: { go: '.a' }, states: { a: {} } }), /the machine uses on/],
  ['a reentering transition', createMachine({ initial: 'a', states: { a: { on: { go: { target: 'a', reenter: true } } } } }), /reenter/],
];

describe('the flat machine compiler', () => {
  it.each(unsupported)('refuses a machine with %s', (_what, machine, message) => {
    expect(() => compileFlatMachine(machine)).toThrow(message);
  });
});

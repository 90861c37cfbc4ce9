/**
 * The state machines a coordinator runs for each client request (Dynamo §4.5, §5: "each client
 * request results in the creation of a state machine on the node that received the client
 * request"). The machine decides; the coordinator around it acts (sends, replies, repairs).
 *
 *   put:  waiting ──W acks──▶ succeeded ──all acked | timer.expired──▶ done
 *            └──timer.expired──▶ failed
 *   get:  waiting ──R replies──▶ read-repairing ──all replied | window over──▶ done
 *            └──timer.expired──▶ failed
 *
 * Timeouts are not XState delays: the coordinator sets node timers in virtual time and sends
 * `timer.expired`, so a run replays exactly and the machine's snapshot is plain data.
 */
import { setup, assign, Actor, createActor } from 'xstate';
import type { ImageCodec } from './memory-image.ts';
import type { NodeId } from './types.ts';

export interface RequestContext {
  /** Replies (put: acks, the coordinator's own write included) needed to succeed: W or R. */
  needed: number;
  /** Nodes the request went to. */
  expected: number;
  /** Nodes that have answered, in arrival order. */
  replied: NodeId[];
}

export type RequestEvent =
  | { type: 'replica.replied'; node: NodeId }
  | { type: 'target.added' }
  | { type: 'timer.expired' }
  | { type: 'repair.window-closed' };

export interface RequestInput {
  needed: number;
  expected: number;
  /** Replies already in hand when the machine starts (a coordinator's own local write or read). */
  replied: NodeId[];
}

const requestSetup = setup({
  types: {
    context: {} as RequestContext,
    events: {} as RequestEvent,
    input: {} as RequestInput,
  },
  actions: {
    countTarget: assign({ expected: ({ context }) => context.expected + 1 }),
    recordReply: assign({
      replied: ({ context, event }) =>
        event.type === 'replica.replied' && !context.replied.includes(event.node)
          ? [...context.replied, event.node]
          : context.replied,
    }),
  },
  guards: {
    quorumReached: ({ context }) => context.replied.length >= context.needed,
    allReplied: ({ context }) => context.replied.length >= context.expected,
  },
});

/**
 * put (§4.5): succeeds once W nodes, the coordinator included, have stored the new version; then
 * keeps listening until every target acked, so that a silent replica is noticed and its copy
 * handed to a fallback with a hint (§4.6) even when the client already has its answer.
 */
export const putMachine = requestSetup.createMachine({
  id: 'put',
  context: ({ input }) => ({ needed: input.needed, expected: input.expected, replied: [...input.replied] }),
  initial: 'waiting',
  states: {
    waiting: {
      always: { guard: 'quorumReached', target: 'succeeded' },
      on: {
        'replica.replied': { actions: 'recordReply' },
        'target.added': { actions: 'countTarget' },
        'timer.expired': { target: 'failed' },
      },
    },
    succeeded: {
      always: { guard: 'allReplied', target: 'done' },
      on: {
        'replica.replied': { actions: 'recordReply' },
        'target.added': { actions: 'countTarget' },
        'timer.expired': { target: 'done' },
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

/**
 * get (§4.5, §5): answers once R replicas replied, then keeps listening for late replies for a
 * short window so that stale replicas can be repaired.
 */
export const getMachine = requestSetup.createMachine({
  id: 'get',
  context: ({ input }) => ({ needed: input.needed, expected: input.expected, replied: [...input.replied] }),
  initial: 'waiting',
  states: {
    waiting: {
      always: { guard: 'quorumReached', target: 'read-repairing' },
      on: {
        'replica.replied': { actions: 'recordReply' },
        'timer.expired': { target: 'failed' },
      },
    },
    'read-repairing': {
      always: { guard: 'allReplied', target: 'done' },
      on: {
        'replica.replied': { actions: 'recordReply' },
        'repair.window-closed': { target: 'done' },
        'timer.expired': { target: 'done' },
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

export type RequestMachine = typeof putMachine | typeof getMachine;

const machines: Record<string, RequestMachine> = { put: putMachine, get: getMachine };

/**
 * A checkpoint images a live request actor as its persisted snapshot (plain data: state, context)
 * and restores it as a new actor started from that snapshot.
 */
export const requestActorCodec: ImageCodec = {
  prototype: Actor.prototype,
  name: 'RequestActor',
  encode(value) {
    const actor = value as Actor<RequestMachine>;
    return { machine: actor.logic.id, snapshot: structuredClone(actor.getPersistedSnapshot()) };
  },
  decode(data) {
    const { machine, snapshot } = data as { machine: string; snapshot: unknown };
    const logic = machines[machine];
    if (!logic) throw new Error(`requestActorCodec: no request machine named ${machine}`);
    const restored = structuredClone(snapshot) as { context: RequestInput };
    // With a snapshot the machine does not compute its context again; `input` only satisfies the type.
    return createActor(logic, { snapshot: restored as never, input: restored.context }).start();
  },
};

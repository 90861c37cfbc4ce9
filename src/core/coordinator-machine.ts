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
 * `timer.expired`, so a run replays exactly and the machine's snapshot is plain data. These XState
 * definitions are the behaviour; a request runs them compiled to tables (flat-machine.ts), which
 * refuses at load any machine feature it would not reproduce exactly.
 */
import { setup, assign } from 'xstate';
import { compileFlatMachine, type FlatMachine, type FlatSnapshot } from './flat-machine.ts';
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

type RequestStepper = FlatMachine<RequestContext, RequestEvent, RequestInput>;

export type RequestSnapshot = FlatSnapshot<RequestContext>;

// Compiled on load, so a machine edited outside the flat subset fails at import, not mid-run.
const steppers = new Map<RequestMachine, RequestStepper>(
  Object.values(machines).map((m) => [m, compileFlatMachine<RequestContext, RequestEvent, RequestInput>(m)]),
);

function stepperOf(machine: RequestMachine): RequestStepper {
  const stepper = steppers.get(machine);
  if (!stepper) throw new Error(`request machine ${machine.id}: not one of the compiled machines`);
  return stepper;
}

/**
 * One request's machine (§5: "each client request results in the creation of a state machine"),
 * stepped by the machine's compiled tables (flat-machine.ts): the same states, guards and assigns
 * as an XState actor of it (the tests drive both with the same events), without XState's
 * interpreter, whose macrostep per event cost ~17 µs per request (bench: engine.xstate).
 */
export class RequestRun {
  private snapshot: RequestSnapshot;

  private constructor(
    private readonly stepper: RequestStepper,
    snapshot: RequestSnapshot,
  ) {
    this.snapshot = snapshot;
  }

  /** The machine's initial state for `input`, eventless transitions taken (as `actor.start()`). */
  static start(machine: RequestMachine, input: RequestInput): RequestRun {
    const stepper = stepperOf(machine);
    return new RequestRun(stepper, stepper.start(input));
  }

  /** A run resumed from a state value and context (a checkpoint being restored). */
  static resume(machine: RequestMachine, value: string, context: RequestContext): RequestRun {
    const stepper = stepperOf(machine);
    return new RequestRun(stepper, stepper.resolve(value, context));
  }

  send(event: RequestEvent): void {
    this.snapshot = this.stepper.step(this.snapshot, event);
  }

  /** The id of the machine this run steps (`put` or `get`). */
  get machineId(): string {
    return this.stepper.id;
  }

  getSnapshot(): RequestSnapshot {
    return this.snapshot;
  }
}

/** A checkpoint images a request as its machine, state value and context, all plain data. */
export const requestRunCodec: ImageCodec = {
  prototype: RequestRun.prototype,
  name: 'RequestRun',
  encode(value) {
    const run = value as RequestRun;
    const { value: state, context } = run.getSnapshot();
    return { machine: run.machineId, state, context: structuredClone(context) };
  },
  decode(data) {
    const { machine, state, context } = data as { machine: string; state: string; context: RequestContext };
    const logic = machines[machine];
    if (!logic) throw new Error(`requestRunCodec: no request machine named ${machine}`);
    return RequestRun.resume(logic, state, structuredClone(context));
  },
};

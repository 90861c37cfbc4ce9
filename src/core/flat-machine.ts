/**
 * A flat XState v5 machine compiled into plain tables and stepped without XState's interpreter, so
 * a coordinator's per-request machine (Dynamo §4.5, §5: "each client request results in the
 * creation of a state machine") costs a few allocations instead of a macrostep. The XState
 * definition stays the only description of behaviour: `compileFlatMachine` reads the machine's own
 * state nodes and implementations, and refuses every feature outside the subset it reproduces
 * exactly, so an edit of the machine can never silently diverge from what runs.
 *
 * The subset: top-level atomic and final states; `on` transitions with exact event types, an
 * optional guard (named in `setup` or inline) and `assign` actions (named or inline);
 * eventless `always` transitions that change state; a string `initial`; context from a function
 * of the input or an object. Assigners and guards see `context` and `event` (no spawn, self or
 * system). A snapshot is `{ value, context, status }`, plain data for checkpoints.
 */
import type { AnyStateMachine } from 'xstate';

/** A machine's state as plain data: XState's snapshot less what a flat machine never has. */
export interface FlatSnapshot<TContext> {
  value: string;
  context: TContext;
  status: 'active' | 'done';
}

type Guard<TContext, TEvent> = (args: { context: TContext; event: TEvent }, params: undefined) => boolean;
type Assignment<TContext, TEvent> = (context: TContext, event: TEvent) => TContext;

interface FlatTransition<TContext, TEvent> {
  guard: Guard<TContext, TEvent> | undefined;
  actions: Array<Assignment<TContext, TEvent>>;
  /** Undefined for a transition that only assigns. */
  target: string | undefined;
}

interface FlatState<TContext, TEvent> {
  final: boolean;
  on: Map<string, Array<FlatTransition<TContext, TEvent>>>;
  always: Array<FlatTransition<TContext, TEvent>>;
}

/** XState's runaway guard: eventless transitions that never settle are a bug in the machine. */
const MAX_MICROSTEPS = 1000;

/**
 * A flat XState machine compiled to tables (see `compileFlatMachine`): `step` is XState's macrostep
 * for this subset — the first enabled transition for the event, its assigns in order, then
 * eventless `always` transitions to a fixed point, `done` on reaching a final state.
 */
export class FlatMachine<TContext, TEvent extends { type: string }, TInput> {
  constructor(
    readonly id: string,
    private readonly states: ReadonlyMap<string, FlatState<TContext, TEvent>>,
    private readonly initial: string,
    private readonly context: (input: TInput) => TContext,
  ) {}

  /** As `getInitialSnapshot`: context from input, the initial state, eventless transitions taken. */
  start(input: TInput): FlatSnapshot<TContext> {
    const init = { type: 'xstate.init', input } as unknown as TEvent;
    return this.settle(this.at(this.initial, this.context(input)), init);
  }

  /** As `resolveState`: a snapshot from a state value and context (a checkpoint being restored). */
  resolve(value: string, context: TContext): FlatSnapshot<TContext> {
    return this.at(value, context);
  }

  step(snapshot: FlatSnapshot<TContext>, event: TEvent): FlatSnapshot<TContext> {
    // A done machine takes no transitions, as XState's macrostep on a final snapshot.
    if (snapshot.status !== 'active') return snapshot;
    const candidates = this.stateOf(snapshot.value).on.get(event.type);
    const taken = candidates && select(candidates, snapshot.context, event);
    // A transition that only assigns changes neither the state nor, so, which eventless
    // transitions there are; settling still checks them, as the new context may enable one.
    return this.settle(taken ? this.take(snapshot, taken, event) : snapshot, event);
  }

  private settle(snapshot: FlatSnapshot<TContext>, event: TEvent): FlatSnapshot<TContext> {
    let next = snapshot;
    for (let microsteps = 0; next.status === 'active'; microsteps++) {
      if (microsteps > MAX_MICROSTEPS) throw new Error(`machine ${this.id}: eventless transitions do not settle`);
      const always = this.stateOf(next.value).always;
      if (always.length === 0) break;
      const taken = select(always, next.context, event);
      if (!taken) break;
      next = this.take(next, taken, event);
    }
    return next;
  }

  private take(snapshot: FlatSnapshot<TContext>, transition: FlatTransition<TContext, TEvent>, event: TEvent): FlatSnapshot<TContext> {
    let context = snapshot.context;
    const actions = transition.actions;
    for (let i = 0; i < actions.length; i++) context = (actions[i] as Assignment<TContext, TEvent>)(context, event);
    return this.at(transition.target ?? snapshot.value, context);
  }

  private at(value: string, context: TContext): FlatSnapshot<TContext> {
    return { value, context, status: this.stateOf(value).final ? 'done' : 'active' };
  }

  private stateOf(value: string): FlatState<TContext, TEvent> {
    const state = this.states.get(value);
    if (!state) throw new Error(`machine ${this.id}: no state ${value}`);
    return state;
  }
}

/**
 * The argument every guard is called with: one object for all of them, refilled per call, as
 * guards only read it while they run (a fresh one per guard list was a third of a step's garbage).
 */
const guardArgs: { context: unknown; event: unknown } = { context: undefined, event: undefined };

function select<TContext, TEvent>(
  transitions: ReadonlyArray<FlatTransition<TContext, TEvent>>,
  context: TContext,
  event: TEvent,
): FlatTransition<TContext, TEvent> | undefined {
  const args = guardArgs as { context: TContext; event: TEvent };
  for (let i = 0; i < transitions.length; i++) {
    const t = transitions[i] as FlatTransition<TContext, TEvent>;
    if (!t.guard) return t;
    args.context = context;
    args.event = event;
    const enabled = t.guard(args, undefined);
    args.context = undefined as TContext;
    args.event = undefined as TEvent;
    if (enabled) return t;
  }
  return undefined;
}

/** What XState's state nodes and transitions hold, as far as the compiler reads them. */
interface NodeView {
  key: string;
  type: string;
  config: Record<string, unknown>;
  states: Record<string, NodeView>;
  entry: unknown[];
  exit: unknown[];
  transitions: Map<string, TransitionView[]>;
  always?: TransitionView[];
}

interface TransitionView {
  target?: NodeView[];
  guard?: unknown;
  actions: unknown[];
  reenter: boolean;
}

const machineKeys = new Set(['id', 'context', 'initial', 'states', 'schemas', 'types', 'description', 'meta', 'version']);
const stateKeys = new Set(['on', 'always', 'type', 'description', 'meta']);
/** A formatted transition is its config spread plus these; the config may add only prose. */
const transitionKeys = new Set(['target', 'guard', 'actions', 'reenter', 'source', 'eventType', 'toJSON', 'description', 'meta']);

/**
 * Compiles `machine` for `FlatMachine`, or throws naming the first feature outside the subset
 * (entry, exit, delayed or invoked anything, nested or parallel states, wildcard events, raised
 * or custom actions, parameterized or higher-order guards, output, tags, reentry).
 */
export function compileFlatMachine<TContext extends object, TEvent extends { type: string }, TInput>(
  machine: AnyStateMachine,
): FlatMachine<TContext, TEvent, TInput> {
  const refuse = (where: string, what: string): never => {
    throw new Error(`compileFlatMachine: machine ${machine.id}: ${where} ${what}, outside the flat subset`);
  };
  const implementations = machine.implementations as { guards: Record<string, unknown>; actions: Record<string, unknown> };
  const checkKeys = (config: Record<string, unknown>, allowed: Set<string>, where: string) => {
    for (const key of Object.keys(config)) if (!allowed.has(key) && config[key] !== undefined) refuse(where, `uses ${key}`);
  };

  const guardOf = (guard: unknown, where: string): Guard<TContext, TEvent> | undefined => {
    if (guard === undefined) return undefined;
    const resolved = typeof guard === 'string' ? implementations.guards[guard] : guard;
    if (typeof resolved !== 'function') return refuse(where, typeof guard === 'string' ? `has guard ${guard}, not implemented as a function` : 'has a parameterized guard');
    if ('check' in resolved) return refuse(where, 'has a higher-order guard (and, or, not, stateIn)');
    return resolved as Guard<TContext, TEvent>;
  };

  const actionOf = (action: unknown, where: string): Assignment<TContext, TEvent> => {
    const resolved = typeof action === 'string' ? implementations.actions[action] : action;
    const named = typeof action === 'string' ? action : 'an inline action';
    if (typeof resolved !== 'function' || (resolved as { type?: unknown }).type !== 'xstate.assign') {
      return refuse(where, `runs ${named}, which is not an assign`);
    }
    return assignmentOf<TContext, TEvent>((resolved as unknown as { assignment: unknown }).assignment);
  };

  const root = machine.root as unknown as NodeView;
  checkKeys(root.config, machineKeys, 'the machine');
  if (root.entry.length || root.exit.length || root.transitions.size || root.always) refuse('the machine', 'has actions or transitions of its own');
  const initial = root.config.initial;
  if (typeof initial !== 'string') return refuse('the machine', 'has no string initial state');

  const states = new Map<string, FlatState<TContext, TEvent>>();
  for (const [key, node] of Object.entries(root.states)) {
    const where = `state ${key}`;
    checkKeys(node.config, stateKeys, where);
    if (node.type !== 'atomic' && node.type !== 'final') refuse(where, `is ${node.type}`);
    if (node.entry.length || node.exit.length) refuse(where, 'has entry or exit actions');
    const transitionOf = (t: TransitionView, on: string): FlatTransition<TContext, TEvent> => {
      checkKeys(t as unknown as Record<string, unknown>, transitionKeys, `${where} on ${on}`);
      if (t.reenter) refuse(`${where} on ${on}`, 'reenters');
      const targets = t.target ?? [];
      if (targets.length > 1 || targets.some((n) => root.states[n.key] !== n)) refuse(`${where} on ${on}`, 'targets a nested state or several states');
      return { guard: guardOf(t.guard, `${where} on ${on}`), actions: t.actions.map((a) => actionOf(a, `${where} on ${on}`)), target: targets[0]?.key };
    };
    const on = new Map<string, Array<FlatTransition<TContext, TEvent>>>();
    for (const [descriptor, transitions] of node.transitions) {
      if (descriptor.includes('*') || descriptor.startsWith('xstate.')) refuse(where, `listens for ${descriptor}`);
      on.set(descriptor, transitions.map((t) => transitionOf(t, descriptor)));
    }
    const always = (node.always ?? []).map((t) => {
      const compiled = transitionOf(t, 'always');
      // XState stops at a microstep that changes nothing; a flat machine has none to take.
      if (compiled.target === undefined || compiled.target === key) refuse(where, 'has an eventless transition that stays in it');
      return compiled;
    });
    states.set(key, { final: node.type === 'final', on, always });
  }
  if (!states.has(initial)) refuse('the machine', `has initial state ${initial} that it does not define`);
  return new FlatMachine(machine.id, states, initial, contextOf<TContext, TInput>(machine.config.context));
}

/** As XState's `assign`: property assigners all see the same context; the result is a fresh object. */
function assignmentOf<TContext extends object, TEvent>(assignment: unknown): Assignment<TContext, TEvent> {
  type Assigner = (args: { context: TContext; event: TEvent }, params: undefined) => unknown;
  if (typeof assignment === 'function') {
    const assigner = assignment as Assigner;
    return (context, event) => Object.assign({}, context, assigner({ context, event }, undefined));
  }
  const keys = Object.keys(assignment as Record<string, unknown>);
  const values = keys.map((key) => (assignment as Record<string, unknown>)[key]);
  if (keys.length === 1) {
    // The common case (one property per assign): no update object between the assigner and the copy.
    const key = keys[0] as string;
    const value = values[0];
    return (context, event) => {
      const next = { ...context } as Record<string, unknown>;
      next[key] = typeof value === 'function' ? (value as Assigner)({ context, event }, undefined) : value;
      return next as TContext;
    };
  }
  return (context, event) => {
    // Every assigner sees the context as it was before this assign, as in XState.
    const computed = values.map((value) => (typeof value === 'function' ? (value as Assigner)({ context, event }, undefined) : value));
    const next = Object.assign({}, context) as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) next[keys[i] as string] = computed[i];
    return next as TContext;
  };
}

/** As XState's initial context: a copy of what the context function returns for the input, or the object itself. */
function contextOf<TContext extends object, TInput>(context: unknown): (input: TInput) => TContext {
  if (typeof context === 'function') {
    const make = context as (args: { input: TInput }) => TContext;
    return (input) => Object.assign({}, make({ input }));
  }
  const fixed = (context ?? {}) as TContext;
  return () => fixed;
}

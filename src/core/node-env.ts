/**
 * The only way a node acts on the world (design.md "The node"): it collects the effects of one
 * input — sends, timers, disk writes, observations — for the host to carry out in order.
 */
import type { Effect, DiskWriteOp, Observation, TimerTag } from './effects.ts';
import type { MessageBody } from './messages.ts';
import type { EndpointId, NodeId, Prng } from './types.ts';

export class NodeEnv {
  private effects: Effect[] = [];
  private now = 0;
  private nextTimerId = 1;
  /** Live timers: id → why it was set, and when it falls due. */
  readonly timers = new Map<number, { tag: TimerTag; dueAtMs: number }>();

  constructor(
    readonly self: NodeId,
    readonly prng: Prng,
  ) {}

  /** Starts handling one input at virtual time `nowMs`. */
  begin(nowMs: number): void {
    this.now = nowMs;
  }

  /** Ends the input: hands over its effects. */
  drain(): Effect[] {
    const out = this.effects;
    this.effects = [];
    return out;
  }

  nowMs(): number {
    return this.now;
  }

  send(to: EndpointId, body: MessageBody): void {
    this.effects.push({ kind: 'send', to, body });
  }

  setTimer(delayMs: number, tag: TimerTag): number {
    const timerId = this.nextTimerId++;
    const dueAtMs = this.now + Math.max(0, delayMs);
    this.timers.set(timerId, { tag, dueAtMs });
    this.effects.push({ kind: 'set-timer', timerId, dueAtMs, tag });
    return timerId;
  }

  clearTimer(timerId: number): void {
    if (!this.timers.delete(timerId)) return;
    this.effects.push({ kind: 'clear-timer', timerId });
  }

  /** Takes a timer that fell due; undefined when it was cleared meanwhile. */
  takeTimer(timerId: number): TimerTag | undefined {
    const timer = this.timers.get(timerId);
    this.timers.delete(timerId);
    return timer?.tag;
  }

  persist(op: DiskWriteOp): void {
    this.effects.push({ kind: 'disk', op });
  }

  observe(observation: Observation): void {
    this.effects.push({ kind: 'observe', observation });
  }
}

/**
 * Where a client's own coordinator runs under client-driven coordination (Dynamo §6.4): the
 * client sends to replicas straight from the world, keeps its timers in its session and takes
 * the answer itself. A class rather than closures, so a checkpoint can image a client session.
 */
import type { CoordinatorEnv } from '../core/coordinator.ts';
import type { TimerTag } from '../core/effects.ts';
import type { MessageBody } from '../core/messages.ts';
import type { NodeConfig } from '../core/node-config.ts';
import type { RingState } from '../core/partitioning.ts';
import type { ClientId, EndpointId, NodeId } from '../core/types.ts';
import type { World } from './world.ts';

/** The part of a client session its coordinator's timers live in. */
export interface ClientTimers {
  readonly id: ClientId;
  nextTimerId: number;
  timers: Map<number, TimerTag>;
}

export interface CoordinatorAnswers {
  /** The client's coordinator finished an operation: the body is the reply a node would send. */
  answerFromOwnCoordinator(body: MessageBody, timeMs: number): void;
}

export class ClientCoordinatorEnv implements CoordinatorEnv {
  constructor(
    private readonly world: World,
    private readonly session: ClientTimers,
    private readonly answers: CoordinatorAnswers,
  ) {}

  get self(): EndpointId {
    return this.session.id;
  }

  get config(): NodeConfig {
    return this.world.setup.cluster.node;
  }

  nowMs(): number {
    return this.world.nowMs();
  }

  send(to: EndpointId, body: MessageBody): void {
    this.world.send(this.session.id, to, body, this.world.nowMs());
  }

  setTimer(delayMs: number, tag: TimerTag): number {
    const s = this.session;
    const timerId = s.nextTimerId++;
    s.timers.set(timerId, tag);
    this.world.setClientTimer(s.id, timerId, this.world.nowMs() + delayMs, tag);
    return timerId;
  }

  clearTimer(timerId: number): void {
    if (this.session.timers.delete(timerId)) this.world.cancelClientTimer(this.session.id, timerId);
  }

  /** A client's coordinator reports to no one: the world traces what its messages do. */
  readonly observes = false;

  observe(): void {}

  ring(): RingState {
    return this.world.ring();
  }

  isReachable(node: NodeId): boolean {
    return this.world.nodeStatus(node) !== undefined;
  }

  markUnreachable(): void {}

  answer(_opId: number, _client: ClientId, body: MessageBody): void {
    this.answers.answerFromOwnCoordinator(body, this.world.nowMs());
  }
}

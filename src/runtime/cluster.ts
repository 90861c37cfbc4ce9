/**
 * The cluster DSL (style.md §13): a whole simulated Dynamo cluster on the in-process host, driven
 * in the paper's words, for tests, the fuzzer and the experiments.
 *
 *   const c = cluster({ nodes: 5, N: 3, R: 2, W: 2, seed: 42 });
 *   c.crash('n2'); const w = c.put('cart', ['book']); c.runFor(1000);
 *   expect(c.result(w).ok).toBe(true); expect(c.hintsOn('n5')).toHaveLength(1);
 */
import type { Hint } from '../core/effects.ts';
import type { NodeConfig } from '../core/node-config.ts';
import { homeReplicas, preferenceList } from '../core/preference-list.ts';
import type { ClientId, Key, NodeId, PreferenceList, Value, VectorClock, Version } from '../core/types.ts';
import type { OpResult } from '../sim/clients.ts';
import { makeSetup, type SetupChoices } from '../sim/setup.ts';
import { World } from '../sim/world.ts';
import type { Fault } from '../sim/world-config.ts';
import { InProcessHost } from './in-process-host.ts';

export interface ClusterOptions extends SetupChoices, Partial<Pick<NodeConfig, 'N' | 'R' | 'W'>> {}

export class Cluster {
  readonly world: World;
  readonly host: InProcessHost;

  constructor(options: ClusterOptions = {}) {
    const { N, R, W, ...rest } = options;
    const node = { ...rest.node, ...(N === undefined ? {} : { N }), ...(R === undefined ? {} : { R }), ...(W === undefined ? {} : { W }) };
    this.host = new InProcessHost();
    this.world = new World(makeSetup({ ...rest, node }), this.host);
    const started = this.world.init();
    if (started instanceof Promise) throw new Error('the in-process host starts synchronously');
  }

  get now(): number {
    return this.world.nowMs();
  }

  private act(fault: Fault): void {
    this.world.inject(fault);
    this.world.runUntil(this.world.nowMs());
  }

  crash(node: NodeId, options: { loseDisk?: boolean } = {}): this {
    this.act({ kind: 'crash', node, ...(options.loseDisk ? { loseDisk: true } : {}) });
    return this;
  }
  recover(node: NodeId): this {
    this.act({ kind: 'recover', node });
    return this;
  }
  partition(...groups: NodeId[][]): this {
    this.act({ kind: 'partition', groups });
    return this;
  }
  heal(): this {
    this.act({ kind: 'heal' });
    return this;
  }
  cut(from: NodeId, to: NodeId): this {
    this.act({ kind: 'cut', from, to });
    return this;
  }
  join(node: NodeId): this {
    this.act({ kind: 'join', node });
    return this;
  }
  leave(node: NodeId): this {
    this.act({ kind: 'leave', node });
    return this;
  }

  /** Issues a put now; returns its operation id. The context defaults to the client's session. */
  put(key: Key, value: Value, options: { client?: ClientId; context?: VectorClock; coordinator?: NodeId } = {}): number {
    const { client = 'c1', ...rest } = options;
    return this.world.clients.put(client, key, value, this.now, rest);
  }

  get(key: Key, options: { client?: ClientId; coordinator?: NodeId } = {}): number {
    const { client = 'c1', ...rest } = options;
    return this.world.clients.get(client, key, this.now, rest);
  }

  /** Runs until the operation answered (or the client gave up). */
  await(opId: number): OpResult {
    const limit = this.now + this.world.setup.clientTimeoutMs + 1;
    while (!this.world.clients.results.has(opId) && this.now <= limit) this.world.runFor(1);
    const r = this.world.clients.results.get(opId);
    if (!r) throw new Error(`operation ${opId} never finished`);
    return r;
  }

  result(opId: number): OpResult {
    const r = this.world.clients.results.get(opId);
    if (!r) throw new Error(`operation ${opId} has not finished`);
    return r;
  }

  runFor(ms: number): this {
    this.world.runFor(ms);
    return this;
  }

  runUntil(ms: number): this {
    this.world.runUntil(ms);
    return this;
  }

  /** Versions a node holds for a key in its own store (hints excluded). */
  versionsOn(node: NodeId, key: Key): readonly Version[] {
    return this.host.read(node, key);
  }

  hintsOn(node: NodeId): Hint[] {
    return this.host.node(node).hintList();
  }

  homeReplicas(key: Key): readonly NodeId[] {
    return homeReplicas(this.world.ring(), key, this.world.setup.cluster.node.N);
  }

  preferenceList(key: Key): PreferenceList {
    return preferenceList(this.world.ring(), key, this.world.setup.cluster.node.N);
  }

  keysOn(node: NodeId): Key[] {
    return this.host.keys(node);
  }
}

export function cluster(options: ClusterOptions = {}): Cluster {
  return new Cluster(options);
}

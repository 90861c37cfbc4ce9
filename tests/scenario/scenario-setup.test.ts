import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultNodeConfig } from '../../src/core/node-config.ts';
import {
  parseScenario,
  scenarioToSetup,
  scenarioUntilMs,
  setupToScenario,
} from '../../src/scenario/scenario.ts';
import { makeSetup, type SetupChoices } from '../../src/sim/setup.ts';
import { defaultWorkload, type Fault, type WorkloadSpec } from '../../src/sim/world-config.ts';

describe('scenario → world setup', () => {
  it('fills every gap with the defaults of makeSetup: five nodes, strategy 3, (3,2,2)', () => {
    expect(scenarioToSetup({ version: 1 })).toEqual(makeSetup());
  });

  it('takes NodeConfig fields from the cluster section and leaves the rest at their defaults', () => {
    const setup = scenarioToSetup({
      version: 1,
      cluster: { N: 2, R: 1, W: 1, resolution: 'lww', gossipIntervalMs: 250 },
    });
    expect(setup.cluster.node).toEqual({
      ...defaultNodeConfig,
      N: 2,
      R: 1,
      W: 1,
      resolution: 'lww',
      gossipIntervalMs: 250,
    });
  });

  it('keeps the default latency for legs a scenario leaves out', () => {
    const setup = scenarioToSetup({ version: 1, network: { latency: { write: 'const(5)' } } });
    expect(setup.network.latency).toEqual({ default: 'exp(0.5) + 1', write: 'const(5)' });
  });

  it('pins Figure 2 tokens given as fractions of the ring at exact positions', () => {
    const setup = scenarioToSetup({
      version: 1,
      cluster: {
        nodes: ['A', 'B'],
        N: 1,
        strategy: 1,
        tokensPerNode: 1,
        placement: { A: [0.25], B: [0.5] },
      },
    });
    expect(setup.cluster.placement).toEqual({ A: ['4'.padEnd(32, '0')], B: ['8'.padEnd(32, '0')] });
  });

  it('gives workloads and workload-start faults the default workload fields', () => {
    const setup = scenarioToSetup({
      version: 1,
      workloads: [{ id: 'w', ratePerSec: 7 }],
      schedule: [{ atMs: 5, fault: { kind: 'workload-start', workload: { id: 'x' } } }],
    });
    expect(setup.workloads[0]).toEqual({ ...defaultWorkload, id: 'w', ratePerSec: 7 });
    expect(setup.schedule[0]?.fault).toEqual({
      kind: 'workload-start',
      workload: { ...defaultWorkload, id: 'x' },
    });
  });

  it('runs a while past the last fault when the scenario gives no end', () => {
    expect(scenarioUntilMs({ version: 1, untilMs: 1234 })).toBe(1234);
    expect(
      scenarioUntilMs({ version: 1, schedule: [{ atMs: 5000, fault: { kind: 'heal' } }] }),
    ).toBe(15_000);
  });
});

const ids = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
const workload: fc.Arbitrary<WorkloadSpec> = fc.record({
  ...Object.fromEntries(Object.entries(defaultWorkload).map(([k, v]) => [k, fc.constant(v)])),
  id: fc.constantFrom('w1', 'w2'),
  ratePerSec: fc.integer({ min: 0, max: 500 }),
  readFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  loop: fc.constantFrom('open' as const, 'closed' as const),
  popularity: fc.oneof(
    fc.constant({ kind: 'uniform' as const }),
    fc.record({
      kind: fc.constant('zipf' as const),
      exponent: fc.double({ min: 0, max: 2, noNaN: true }),
    }),
  ),
}) as fc.Arbitrary<WorkloadSpec>;

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), node: fc.constantFrom(...ids.slice(0, 3)) }),
  fc.record({ kind: fc.constant('recover' as const), node: fc.constantFrom(...ids.slice(0, 3)) }),
  fc.constant({ kind: 'heal' as const }),
  fc.record({
    kind: fc.constant('loss' as const),
    probability: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('latency' as const),
    leg: fc.constantFrom('default' as const, 'read' as const),
    spec: fc.constantFrom('const(2)', 'uniform(1, 4)'),
  }),
  fc.record({
    kind: fc.constant('put' as const),
    key: fc.string(),
    value: fc.oneof(fc.string(), fc.array(fc.string())),
  }),
  fc.record({ kind: fc.constant('workload-start' as const), workload }),
);

const choices: fc.Arbitrary<SetupChoices> = fc
  .record({
    seed: fc.nat(),
    count: fc.integer({ min: 3, max: 6 }),
    dc: fc.boolean(),
    strategy: fc.constantFrom(1 as const, 2 as const, 3 as const),
    N: fc.integer({ min: 1, max: 3 }),
    R: fc.integer({ min: 1, max: 3 }),
    resolution: fc.constantFrom('siblings' as const, 'lww' as const),
    gossipIntervalMs: fc.integer({ min: 1, max: 5000 }),
    loss: fc.constantFrom(0, 0.05),
    write: fc.option(fc.constantFrom('const(3)', 'exp(1) + 1')),
    workloads: fc.uniqueArray(workload, { selector: (w) => w.id, maxLength: 2 }),
    schedule: fc.array(fc.record({ atMs: fc.nat(60_000), fault }), { maxLength: 5 }),
    clientTimeoutMs: fc.constantFrom(2000, 900),
  })
  .map((c) => ({
    seed: c.seed,
    nodes: ids.slice(0, c.count),
    ...(c.dc ? { dataCenters: { n1: 'east', n2: 'west' } } : {}),
    ring:
      c.strategy === 3
        ? { strategy: 3, partitionCount: 64 }
        : c.strategy === 2
          ? { strategy: 2, tokensPerNode: 4, partitionCount: 128 }
          : { strategy: 1, tokensPerNode: 8 },
    node: {
      N: c.N,
      R: Math.min(c.R, c.N),
      W: Math.min(c.R, c.N),
      resolution: c.resolution,
      gossipIntervalMs: c.gossipIntervalMs,
    },
    network: {
      lossProbability: c.loss,
      latency: { default: 'exp(0.5) + 1', ...(c.write ? { write: c.write } : {}) },
    },
    workloads: c.workloads,
    schedule: c.schedule,
    clientTimeoutMs: c.clientTimeoutMs,
  }));

describe('world setup → scenario (export)', () => {
  it('exports the default setup as the smallest file', () => {
    expect(setupToScenario(makeSetup({ seed: 4 }))).toEqual({ version: 1, seed: 4 });
  });

  it('a valid scenario that rebuilds the same setup, through JSON', () => {
    fc.assert(
      fc.property(choices, (c) => {
        const setup = makeSetup(c);
        const exported = JSON.parse(JSON.stringify(setupToScenario(setup))) as unknown;
        const parsed = parseScenario(exported);
        if (!parsed.ok) throw new Error(`${parsed.error.path}: ${parsed.error.message}`);
        expect(scenarioToSetup(parsed.scenario)).toEqual(setup);
      }),
      { numRuns: 200 },
    );
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { homeReplicas } from '../../src/core/preference-list.ts';
import { createRing } from '../../src/core/partitioning.ts';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { parseScenarioText, scenarioToSetup, type Scenario } from '../../src/scenario/scenario.ts';
import { runScenario, type RunSummary } from '../../src/scenario/scenario-run.ts';
import { encodeScenarioForUrl, fitsInUrl } from '../../src/scenario/scenario-url.ts';
import { createPrng } from '../../src/sim/prng.ts';

const examples = new URL('../../public/scenarios/', import.meta.url);

function example(file: string): Scenario {
  const r = parseScenarioText(readFileSync(new URL(file, examples), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.error.path}: ${r.error.message}`);
  return r.scenario;
}

const run = (
  scenario: Scenario,
  options: { seed?: number; progressEveryMs?: number } = {},
): Promise<RunSummary> => runScenario(scenario, { host: new InProcessHost(), ...options });

describe('the example scenarios', () => {
  const index = JSON.parse(readFileSync(new URL('index.json', examples), 'utf8')) as {
    scenarios: { file: string; name: string; description: string }[];
  };

  it('are all listed in index.json with their own name and description', () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.json') && f !== 'index.json');
    expect(index.scenarios.map((s) => s.file).sort()).toEqual(files.sort());
    for (const entry of index.scenarios) {
      const s = example(entry.file);
      expect(entry).toEqual({ file: entry.file, name: s.name, description: s.description });
      expect(fitsInUrl(encodeScenarioForUrl(s))).toBe(true);
    }
  });

  it('quiet-cluster: every operation succeeds, no stale read, siblings only from concurrent clients, replicas agree', async () => {
    const s = await run(example('quiet-cluster.json'));
    expect(s.operations.get.ok + s.operations.put.ok).toBeGreaterThan(500);
    expect(s.operations.get.failed + s.operations.put.failed).toBe(0);
    expect(s).toMatchObject({ staleReads: 0, hintsPending: 0, converged: true });
    // Puts of a key all go through its first home replica; with dotted version vectors two clients
    // writing over the same context are siblings, at most one per client (4), never overwritten.
    expect(s.maxVersionsPerRead).toBeLessThanOrEqual(4);
  });

  it('crash-during-writes: stand-ins keep hints while n2 is down and hand them all back', async () => {
    const s = await run(example('crash-during-writes.json'));
    expect(s.hintsPeak).toBeGreaterThan(0);
    expect(s).toMatchObject({ hintsPending: 0, converged: true });
    expect(s.nodes.every((n) => n.status === 'up')).toBe(true);
  });

  it('partition-heals: the sides drift apart, then handoff and anti-entropy bring them together', async () => {
    const s = await run(example('partition-heals.json'));
    expect(s.hintsPeak).toBeGreaterThan(0);
    expect(s.antiEntropy.exchanges).toBeGreaterThan(0);
    expect(s).toMatchObject({ hintsPending: 0, converged: true });
  });

  it('concurrent-writers: a read returns both carts as siblings', async () => {
    const s = await run(example('concurrent-writers.json'));
    expect(s.maxVersionsPerRead).toBeGreaterThanOrEqual(2);
    expect(s.operations.put).toMatchObject({ ok: 4, failed: 0 });
    expect(s.converged).toBe(true);
  });

  it('figure-2-ring: key K lives on B, C, D; E keeps a hint for B while B is down', async () => {
    const scenario = example('figure-2-ring.json');
    const setup = scenarioToSetup(scenario);
    const ring = createRing({
      params: setup.cluster.ring,
      nodes: setup.cluster.nodes,
      N: 3,
      prng: createPrng(setup.seed, 'ring'),
      placement: setup.cluster.placement ?? {},
    });
    expect(ring.tokens.map((t) => t.node)).toEqual(['D', 'E', 'F', 'G', 'A', 'B', 'C']);
    expect(homeReplicas(ring, 'K', 3)).toEqual(['B', 'C', 'D']);
    const s = await run(scenario);
    expect(s).toMatchObject({ hintsPeak: 1, hintsPending: 0, converged: true });
  });
});

describe('running a scenario', () => {
  const scenario = example('crash-during-writes.json');

  it('gives the same trace hash whatever the progress slices, another one for another seed', async () => {
    const a = await run(scenario, { progressEveryMs: 700 });
    const b = await run(scenario, { progressEveryMs: 10_000 });
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.events).toBe(a.events);
    expect((await run(scenario, { seed: 8 })).traceHash).not.toBe(a.traceHash);
  });

  it('reports replicas that disagree when nothing repairs them', async () => {
    // The coordinator cannot reach one home replica of `cart`; W = 2 still succeeds. A strict quorum
    // leaves no hint, and with read repair and anti-entropy off nothing copies the write there.
    const base: Scenario = {
      version: 1,
      seed: 2,
      untilMs: 3000,
      cluster: { quorumMode: 'strict', readRepair: false, antiEntropy: false },
    };
    const setup = scenarioToSetup(base);
    const ring = createRing({
      params: setup.cluster.ring,
      nodes: setup.cluster.nodes,
      N: 3,
      prng: createPrng(setup.seed, 'ring'),
    });
    const [first, second] = homeReplicas(ring, 'cart', 3);
    const cut: Scenario = {
      ...base,
      schedule: [
        { atMs: 0, fault: { kind: 'cut', from: first!, to: second! } },
        { atMs: 100, fault: { kind: 'put', key: 'cart', value: ['book'], coordinator: first! } },
      ],
    };
    const s = await run(cut);
    expect(s.operations.put.ok).toBe(1);
    expect(s).toMatchObject({ converged: false, divergentKeys: ['cart'], trafficAtEnd: false });
  });
});

/**
 * The concurrent-writers scenario with every request coordinated by n1 (Dynamo §4.4, paper notes
 * §6.3): Alice's and Bob's puts share a context and a coordinator, so plain clocks would order
 * them and drop Bob's acknowledged cart; with dotted version vectors both are siblings and Alice's
 * merge keeps both items.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { parseScenario } from '../../src/scenario/scenario.ts';
import { runScenario } from '../../src/scenario/scenario-run.ts';
import type { Scenario } from '../../src/scenario/scenario-schema.ts';

function throughOneCoordinator(): Scenario {
  const json = JSON.parse(readFileSync('public/scenarios/concurrent-writers.json', 'utf8')) as {
    schedule: { fault: { coordinator?: string } }[];
  };
  for (const entry of json.schedule) if (entry.fault.coordinator !== undefined) entry.fault.coordinator = 'n1';
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.scenario;
}

describe('concurrent writers through one coordinator, seed 3', () => {
  it("keeps Bob's acknowledged cart as a sibling of Alice's until her merge", async () => {
    const host = new InProcessHost();
    const summary = await runScenario(throughOneCoordinator(), { host, seed: 3, untilMs: 3200 });
    expect(summary.operations.put.failed).toBe(0);
    expect(summary.staleReads).toBe(0);
    expect(summary.maxVersionsPerRead).toBe(2);
    const held = host.read('n1', 'cart').map((v) => v.value);
    expect(held).toHaveLength(2);
    expect(held).toEqual(expect.arrayContaining([['book', 'pen'], ['book', 'mug']]));
  });

  it("ends with Alice's merge of both items on every live home replica", async () => {
    const host = new InProcessHost();
    const summary = await runScenario(throughOneCoordinator(), { host, seed: 3 });
    expect(summary.converged).toBe(true);
    expect(summary.staleReads).toBe(0);
    expect(summary.maxVersionsPerRead).toBe(2);
    expect(host.read('n1', 'cart').map((v) => v.value)).toEqual([['book', 'mug', 'pen']]);
  });
});

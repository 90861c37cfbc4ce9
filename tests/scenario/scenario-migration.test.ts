import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  migrateScenario,
  parseScenarioText,
  scenarioToSetup,
} from '../../src/scenario/scenario.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('upgrading older scenario files', () => {
  it('turns the flat version 0 file into version 1: cluster nested, faults scheduled at atMs', () => {
    const r = migrateScenario(JSON.parse(fixture('legacy-v0.json')));
    expect(r).toEqual({
      ok: true,
      from: 0,
      json: {
        version: 1,
        name: 'An early file',
        seed: 9,
        untilMs: 5000,
        cluster: { nodes: 4, N: 3, R: 2, W: 2 },
        schedule: [
          { atMs: 1000, fault: { kind: 'put', key: 'cart', value: ['book'] } },
          { atMs: 2000, fault: { kind: 'crash', node: 'n2' } },
          { atMs: 3000, fault: { kind: 'recover', node: 'n2' } },
          { atMs: 4000, fault: { kind: 'get', key: 'cart' } },
        ],
      },
    });
  });

  it('reads a version 0 file as a valid scenario and says it was upgraded', () => {
    const r = parseScenarioText(fixture('legacy-v0.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(0);
    const setup = scenarioToSetup(r.scenario);
    expect(setup.cluster.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(setup.schedule[1]).toEqual({ atMs: 2000, fault: { kind: 'crash', node: 'n2' } });
  });

  it('leaves a current file as it is', () => {
    const json = { version: 1, seed: 3 };
    expect(migrateScenario(json)).toEqual({ ok: true, json, from: 1 });
  });

  it('refuses versions it does not know', () => {
    expect(migrateScenario({ version: 7 })).toMatchObject({
      ok: false,
      error: { path: 'version' },
    });
    expect(migrateScenario({ version: 0.5 })).toMatchObject({
      ok: false,
      error: { path: 'version' },
    });
    expect(migrateScenario({ version: '1' })).toMatchObject({
      ok: false,
      error: { path: 'version' },
    });
  });

  it('refuses an unknown field of version 0 with its version 0 path', () => {
    expect(migrateScenario({ version: 0, nodez: 3 })).toMatchObject({
      ok: false,
      error: { path: 'nodez' },
    });
  });
});

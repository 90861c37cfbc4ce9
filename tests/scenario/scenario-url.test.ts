import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, type Scenario } from '../../src/scenario/scenario.ts';
import {
  decodeScenarioFromUrl,
  encodeScenarioForUrl,
  fitsInUrl,
  maxUrlParamLength,
} from '../../src/scenario/scenario-url.ts';

function fixtureScenario(): Scenario {
  const r = parseScenarioText(
    readFileSync(new URL('fixtures/valid-v1.json', import.meta.url), 'utf8'),
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.scenario;
}

describe('a scenario in a link', () => {
  it('comes back exactly, with the time and the hand-made faults', () => {
    const scenario = fixtureScenario();
    const interventions = [{ atMs: 2500, fault: { kind: 'crash' as const, node: 'b1' } }];
    const param = encodeScenarioForUrl(scenario, { atMs: 4200, interventions });
    expect(param).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
    expect(decodeScenarioFromUrl(param)).toEqual({ ok: true, scenario, atMs: 4200, interventions });
  });

  it('is compressed well below the link limit for a full scenario', () => {
    const param = encodeScenarioForUrl(fixtureScenario());
    expect(param.length).toBeLessThan(JSON.stringify(fixtureScenario()).length);
    expect(fitsInUrl(param)).toBe(true);
    expect(fitsInUrl('x'.repeat(maxUrlParamLength + 1))).toBe(false);
  });

  it('round-trips any names and values', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.array(fc.string()),
        fc.nat(1e9),
        (name, key, value, seed) => {
          const scenario: Scenario = {
            version: 1,
            name,
            seed,
            schedule: [{ atMs: 1, fault: { kind: 'put', key, value } }],
          };
          expect(decodeScenarioFromUrl(encodeScenarioForUrl(scenario))).toEqual({
            ok: true,
            scenario,
            interventions: [],
          });
        },
      ),
    );
  });

  it('says what is wrong with a link that does not decode', () => {
    const good = encodeScenarioForUrl({ version: 1, seed: 5 });
    const cases: [string, string][] = [
      ['', 'does not hold a scenario'],
      ['hello', 'does not hold a scenario'],
      ['s1.%%%', 'damaged'],
      [good.slice(0, good.length - 4), 'damaged'],
      ['s1.' + btoa('not deflate at all').replace(/=+$/, ''), 'damaged'],
      ['s9.abc', 'made by a newer version of the playground (link format s9; this one reads s1)'],
    ];
    for (const [param, words] of cases) {
      const r = decodeScenarioFromUrl(param);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(words);
    }
  });

  it('refuses a scenario or an intervention that is invalid, with its path inside the link', () => {
    const bad = encodeScenarioForUrl({ version: 1, cluster: { N: 9 } });
    expect(decodeScenarioFromUrl(bad)).toMatchObject({
      ok: false,
      error: { path: 'scenario.cluster.N' },
    });
    const unknownNode = encodeScenarioForUrl(
      { version: 1 },
      { interventions: [{ atMs: 1, fault: { kind: 'crash', node: 'n42' } }] },
    );
    expect(decodeScenarioFromUrl(unknownNode)).toMatchObject({
      ok: false,
      error: { path: 'interventions[0].fault.node', message: 'unknown node "n42"' },
    });
    const negative = encodeScenarioForUrl(
      { version: 1 },
      { interventions: [{ atMs: -1, fault: { kind: 'heal' } }] },
    );
    expect(decodeScenarioFromUrl(negative)).toMatchObject({
      ok: false,
      error: { path: 'interventions[0].atMs' },
    });
  });
});

/**
 * The example scenarios as the app fetches them: the index lists files that read as scenarios, a
 * link's `example` names only plain files, a missing or broken example says why — and the big
 * cluster example is what its description promises: 64 nodes × 256 tokens and some 2,000 messages
 * in flight while it plays.
 */
import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../../src/runtime/in-process-host.ts';
import { meanOf, minOf, parseDistribution } from '../../../src/sim/distribution.ts';
import { World } from '../../../src/sim/world.ts';
import {
  exampleFile,
  fetchExample,
  listExamples,
  parseExampleIndex,
  type FetchText,
} from '../../../src/ui/library/example-scenarios.ts';
import { LIVE_TRACE_WINDOW } from '../../../src/ui/live/run-setup.ts';
import {
  liveScenarioSetup,
  settingsFromScenario,
} from '../../../src/ui/share/scenario-settings.ts';

/** The files of public/scenarios/ as text, by name. */
const files = import.meta.glob<string>('../../../public/scenarios/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});
/** Serves public/scenarios/ the way the site does, at the app's base path. */
const fromDisk: FetchText = (url) => {
  const text = files[url.replace(/^\/scenarios\//, '../../../public/scenarios/')];
  return text === undefined ? Promise.reject(new Error(`no ${url}`)) : Promise.resolve(text);
};

describe('example scenarios', () => {
  it('lists every example of the index, each readable as a scenario', async () => {
    const examples = await listExamples(fromDisk);
    expect(examples.map((e) => e.file)).toContain('big-cluster.json');
    for (const entry of examples) {
      const result = await fetchExample(entry.file, fromDisk);
      expect(result.ok && result.scenario.name).toBe(entry.name);
    }
  });

  it('names only plain files from a link', () => {
    expect(exampleFile('big-cluster')).toBe('big-cluster.json');
    expect(exampleFile('big-cluster.json')).toBe('big-cluster.json');
    for (const bad of ['../secret', 'index', 'a/b', '', 'Big Cluster'])
      expect(exampleFile(bad)).toBeUndefined();
  });

  it('leaves out index entries that are not a file, a name and a description', () => {
    const text = JSON.stringify({
      scenarios: [
        { file: 'ok.json', name: 'OK', description: 'fine' },
        { file: '../up.json', name: 'Up', description: 'escapes' },
        { file: 'no-name.json', description: 'nameless' },
      ],
    });
    expect(parseExampleIndex(text).map((e) => e.file)).toEqual(['ok.json']);
  });

  it('says why an example cannot be fetched or read', async () => {
    const missing = await fetchExample('gone.json', () => Promise.reject(new Error('404')));
    expect(missing).toEqual({
      ok: false,
      message: 'The example gone.json could not be fetched: 404',
    });
    const broken = await fetchExample('broken.json', () =>
      Promise.resolve('{"version": 1, "seed": -1}'),
    );
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(
      /^The example broken.json could not be read: seed/,
    );
  });

  it('big cluster: 64 nodes × 256 tokens, and about 2,000 messages in flight once traffic is under way', async () => {
    const result = await fetchExample('big-cluster.json', fromDisk);
    if (!result.ok) throw new Error(result.message);
    const settings = settingsFromScenario(result.scenario);
    const world = new World(
      liveScenarioSetup(result.scenario, settings, LIVE_TRACE_WINDOW),
      new InProcessHost(),
    );
    await world.init();
    expect(world.ring().tokens.length).toBe(64 * 256);
    const inFlight: number[] = [];
    for (let t = 1500; t <= 3000; t += 500) {
      await world.runUntilAsync(t);
      inFlight.push(world.inFlight.size);
    }
    for (const count of inFlight) {
      expect(count).toBeGreaterThan(1700);
      expect(count).toBeLessThan(2400);
    }
  });

  it('big cluster: one-way latency of at least 200 ms averaging a quarter of a second, as its description says', async () => {
    const result = await fetchExample('big-cluster.json', fromDisk);
    if (!result.ok) throw new Error(result.message);
    const latency = parseDistribution(result.scenario.network?.latency?.default ?? '');
    expect(minOf(latency)).toBe(200);
    expect(meanOf(latency)).toBeCloseTo(250, 6);
    expect(result.scenario.description).toContain('averages a quarter of a second');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatScenarioError,
  parseScenario,
  parseScenarioText,
} from '../../src/scenario/scenario.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

function errorOf(json: unknown): { path: string; message: string } {
  const r = parseScenario(json);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.error;
}

describe('reading a scenario file', () => {
  it('accepts a file using every field of version 1', () => {
    const r = parseScenarioText(fixture('valid-v1.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.cluster?.strategy).toBe(2);
    expect(r.scenario.schedule).toHaveLength(16);
    expect(r.scenario.lesson?.steps[1]?.question?.answer).toBe(1);
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseScenarioText('\uFEFF{ "version": 1, "seed": 3 }')).toEqual({ ok: true, scenario: { version: 1, seed: 3 } });
  });

  it('accepts the smallest file, { version: 1 }', () => {
    expect(parseScenario({ version: 1 })).toEqual({ ok: true, scenario: { version: 1 } });
  });

  // Each invalid fixture with the path of its first bad field and words from the sentence.
  const invalid: [file: string, path: string, words: string][] = [
    ['n-larger-than-cluster.json', 'cluster.N', 'N (6) is larger than the cluster (5 nodes)'],
    ['r-larger-than-n.json', 'cluster.R', 'R (4) must be at most N (3)'],
    ['unknown-node-in-fault.json', 'schedule[2].fault.node', 'unknown node "n9"'],
    ['bad-latency.json', 'network.latency.write', 'at column 9: expected'],
    ['negative-time.json', 'schedule[0].atMs', 'must be at least 0 (got -5)'],
    ['run-too-long.json', 'untilMs', 'must be at most 86400000 (got 1000000000000)'],
    ['unknown-field.json', 'cluster.Nodes', 'unknown field'],
    ['unknown-fault-kind.json', 'schedule[0].fault.kind', 'unknown kind "explode"'],
    ['seed-not-a-number.json', 'seed', 'got "seven"'],
    ['missing-version.json', 'version', 'missing'],
    ['newer-version.json', 'version', '2 is newer'],
    ['pin-off-partition-end.json', 'cluster.placement.n1[0]', 'partition ends'],
    ['stop-unknown-workload.json', 'schedule[0].fault.id', 'unknown workload "nobody"'],
    [
      'lesson-answer-out-of-range.json',
      'lesson.steps[0].question.answer',
      'not one of the 2 choices',
    ],
    ['legacy-fault-without-time.json', 'faults[0].at', 'missing'],
    ['legacy-n-too-large.json', 'cluster.N', 'upgraded from version 0'],
  ];
  it.each(invalid)('refuses invalid/%s at %s', (file, path, words) => {
    const r = parseScenarioText(fixture(`invalid/${file}`));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe(path);
    expect(r.error.message).toContain(words);
  });

  it('says where JSON text breaks', () => {
    const r = parseScenarioText('{ "version": 1, ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatScenarioError(r.error)).toMatch(/^not valid JSON: /);
  });

  it('formats an error as "path: sentence"', () => {
    expect(
      formatScenarioError({
        path: 'cluster.N',
        message: 'N (6) is larger than the cluster (5 nodes)',
      }),
    ).toBe('cluster.N: N (6) is larger than the cluster (5 nodes)');
    expect(formatScenarioError({ path: '', message: 'not valid JSON' })).toBe('not valid JSON');
  });
});

describe('checks across fields', () => {
  it('counts nodes from a list as well as from a number', () => {
    expect(errorOf({ version: 1, cluster: { nodes: ['A', 'B'], N: 3 } })).toEqual({
      path: 'cluster.N',
      message: 'N (3) is larger than the cluster (2 nodes)',
    });
  });

  it('refuses a node listed twice', () => {
    expect(errorOf({ version: 1, cluster: { nodes: ['A', 'B', { id: 'A' }] } }).path).toBe(
      'cluster.nodes[2]',
    );
  });

  it('lets a fault name a node that joins later, but not one that never exists', () => {
    const join = { atMs: 10, fault: { kind: 'join', node: 'n6' } };
    expect(
      parseScenario({
        version: 1,
        schedule: [{ atMs: 5, fault: { kind: 'crash', node: 'n6' } }, join],
      }).ok,
    ).toBe(true);
    expect(
      errorOf({ version: 1, schedule: [join, { atMs: 20, fault: { kind: 'leave', node: 'n7' } }] })
        .path,
    ).toBe('schedule[1].fault.node');
  });

  it('checks partition groups, cut links and coordinators against nodes and clients', () => {
    expect(
      errorOf({
        version: 1,
        schedule: [{ atMs: 0, fault: { kind: 'partition', groups: [['n1'], ['n2', 'n1']] } }],
      }),
    ).toEqual({
      path: 'schedule[0].fault.groups[1][1]',
      message: '"n1" is already in group 0',
    });
    expect(
      errorOf({ version: 1, schedule: [{ atMs: 0, fault: { kind: 'cut', from: 'n1', to: 'zz' } }] })
        .path,
    ).toBe('schedule[0].fault.to');
    expect(
      errorOf({
        version: 1,
        schedule: [{ atMs: 0, fault: { kind: 'get', key: 'k', coordinator: 'n8' } }],
      }).path,
    ).toBe('schedule[0].fault.coordinator');
    const withClient = {
      version: 1,
      workloads: [{ id: 'w', clients: 2 }],
      schedule: [{ atMs: 0, fault: { kind: 'partition', groups: [['n1', 'w-c2'], ['n2']] } }],
    };
    expect(parseScenario(withClient).ok).toBe(true);
  });

  it('refuses ring parameters that do not apply to the strategy', () => {
    expect(errorOf({ version: 1, cluster: { strategy: 3, tokensPerNode: 4 } }).path).toBe(
      'cluster.tokensPerNode',
    );
    expect(errorOf({ version: 1, cluster: { strategy: 1, partitionCount: 64 } }).path).toBe(
      'cluster.partitionCount',
    );
    expect(errorOf({ version: 1, cluster: { nodes: 8, partitionCount: 4 } })).toMatchObject({
      path: 'cluster.partitionCount',
      message: expect.stringContaining('S=8') as unknown,
    });
  });

  it('refuses a workload that stops before it starts, and duplicate workload ids', () => {
    expect(errorOf({ version: 1, workloads: [{ id: 'w', startMs: 500, stopMs: 100 }] }).path).toBe(
      'workloads[0].stopMs',
    );
    expect(errorOf({ version: 1, workloads: [{ id: 'w' }, { id: 'w' }] }).path).toBe(
      'workloads[1].id',
    );
  });

  it('refuses a document that is not an object', () => {
    expect(errorOf([1, 2]).path).toBe('');
    expect(errorOf('hello').message).toContain('JSON object');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/scenario/scenario-run.ts';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const quiet = ['run', '--scenario', 'public/scenarios/quiet-cluster.json', '--until', '4000'];

function summaryOf(...args: string[]): RunSummary {
  const { status, stdout, stderr } = cli(...args, '--json');
  expect(status, stderr).toBe(0);
  expect(stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(stdout) as RunSummary;
}

describe('npm run cli -- run (spawned)', () => {
  it('prints one JSON summary on stdout and its progress on stderr', () => {
    const { status, stdout, stderr } = cli(...quiet, '--json');
    expect(status).toBe(0);
    const s = JSON.parse(stdout) as RunSummary;
    expect(s).toMatchObject({
      name: 'A quiet cluster',
      seed: 1,
      untilMs: 4000,
      host: 'inprocess',
      staleReads: 0,
      hintsPending: 0,
      converged: true,
    });
    expect(s.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(s.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(s.operations.get.ok).toBeGreaterThan(0);
    expect(s.operations.put.latencyMs.p99).toBeGreaterThan(0);
    expect(stderr).toContain('run: 4000/4000 ms virtual');
  });

  it('the same seed gives the same trace hash; another seed another one', () => {
    const a = summaryOf(...quiet, '--seed', '5');
    const b = summaryOf(...quiet, '--seed', '5');
    const c = summaryOf(...quiet, '--seed', '6');
    expect(b.traceHash).toBe(a.traceHash);
    expect(a.seed).toBe(5);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it('prints a readable summary without --json', () => {
    const { status, stdout } = cli(...quiet);
    expect(status).toBe(0);
    expect(stdout).toContain('Scenario "A quiet cluster": seed 1, 4000 ms of virtual time');
    expect(stdout).toMatch(/Trace hash [0-9a-f]{16}/);
    expect(stdout).toContain('Converged: yes');
  });

  it('refuses a bad scenario file with exit code 2 and the path of the bad field', () => {
    const file = 'tests/scenario/fixtures/invalid/n-larger-than-cluster.json';
    const { status, stdout, stderr } = cli('run', '--scenario', file, '--json');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`run: ${file}: cluster.N: N (6) is larger than the cluster (5 nodes)\n`);
  });

  it.each([
    [
      ['run', '--scenario', 'no/such/file.json'],
      'cannot read scenario file "no/such/file.json": no such file',
    ],
    [
      ['run', '--scenario', 'package.json'],
      'run: package.json: version: must be a whole number such as 1, got "0.1.0"',
    ],
    [['run', '--scenario', 'README.md'], 'not valid JSON'],
    [['run'], '--scenario is required'],
    [[...quiet, '--seed', '-1'], '--seed must be a non-negative integer'],
    [
      ['run', '--scenario', 'public/scenarios/quiet-cluster.json', '--until', 'soon'],
      '--until must be a number',
    ],
    [[...quiet, '--host', 'mars'], '--host must be inprocess or worker'],
    [['run', '--scenario', 'public/scenarios/quiet-cluster.json', '--until', '1e12'], '--until must be a time from 0 to 86400000 ms'],
    [[...quiet, '--speed', '2'], 'unknown flag --speed'],
  ])('exits 2 with one line for %j', (args, words) => {
    const { status, stdout, stderr } = cli(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(words);
  });

  it('runs on worker threads with the same trace hash, or says the worker host is missing', () => {
    const args = ['run', '--scenario', 'public/scenarios/concurrent-writers.json', '--json'];
    const inProcess = summaryOf(...args.slice(0, -1));
    if (existsSync('src/runtime/node/node-thread-host.ts')) {
      const worker = summaryOf(...args.slice(0, -1), '--host', 'worker');
      expect(worker.host).toBe('worker');
      expect(worker.traceHash).toBe(inProcess.traceHash);
    } else {
      const { status, stderr } = cli(...args, '--host', 'worker');
      expect(status).toBe(2);
      expect(stderr).toContain('--host worker is not available');
    }
  });

  it('warns on stderr of scheduled changes that will not happen, and of faults after the end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynamo-run-'));
    try {
      const file = join(dir, 'bad-schedule.json');
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          untilMs: 1000,
          cluster: { nodes: 4, N: 3 },
          schedule: [
            { atMs: 100, fault: { kind: 'join', node: 'n1' } },
            { atMs: 200, fault: { kind: 'leave', node: 'n1' } },
            { atMs: 300, fault: { kind: 'leave', node: 'n2' } },
            { atMs: 5000, fault: { kind: 'crash', node: 'n3' } },
          ],
        }),
      );
      const { status, stderr } = cli('run', '--scenario', file, '--json');
      expect(status).toBe(0);
      expect(stderr).toContain('run: warning: schedule[0].fault: node "n1" is already in the ring at 100 ms, so this join will not happen');
      expect(stderr).toContain('run: warning: schedule[2].fault: node "n2" leaving at 300 ms would leave 2 nodes, fewer than N = 3');
      expect(stderr).toContain("1 scheduled fault is after the run's end at 1000 ms and did not happen (the first: crash at 5000 ms)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps stderr empty with --quiet', () => {
    const { status, stderr } = cli(...quiet, '--quiet', '--json');
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });

  it('says traffic was still running when the replicas are compared under load', () => {
    const { status, stdout } = cli('run', '--scenario', 'public/scenarios/big-cluster.json', '--until', '1500', '--quiet');
    expect(status).toBe(0);
    expect(stdout).toMatch(/Converged: no, .*\(traffic was still running at the end, so writes were in flight/);
  });
});

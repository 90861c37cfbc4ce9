import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PartitioningReport } from '../../src/experiments/partitioning-experiment.ts';
import type { StalenessReport } from '../../src/experiments/staleness-experiment.ts';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'experiment', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run cli -- experiment (spawned)', () => {
  it('prints one JSON document for staleness, progress on stderr only', () => {
    const { status, stdout } = cli('staleness', '--N', '3', '--R', '2', '--W', '2', '--trials', '50', '--t', '0,1', '--latency', 'const(1)', '--json');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as StalenessReport;
    expect(report.pConsistent).toEqual([{ tMs: 0, p: 1 }, { tMs: 1, p: 1 }]);
    expect(report.writeLatencyMs).toEqual({ p50: 2, p99: 2, p999: 2 });
  });

  it('prints one JSON document for partitioning', () => {
    const { status, stdout } = cli('partitioning', '--strategy', '3', '--nodes', '4', '--partitions', '16', '--requests', '1000', '--key-count', '500', '--json', '--quiet');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as PartitioningReport;
    expect(report.hashSpaceEfficiency).toBeCloseTo(1, 9);
  });

  it.each([
    [['staleness', '--R', '4'], /^experiment: --R: must be at most the default of --N \(3\): a read waits for replies from at most the N replicas; give a smaller --R or a larger --N \(got 4\)\n$/],
    [['availability', '--nodes', '2'], /^experiment: --nodes: must be at least the default of --N \(3\): each of a key’s N replicas is on a node of its own; give a larger --nodes or a smaller --N \(got 2\)\n$/],
    [['divergence', '--nodes', '2', '--N', '3'], /^experiment: --N: must be at most --nodes \(2\): each of a key’s N replicas/],
    [['partitioning', '--partitions', '16'], /^experiment: --partitions: must be at least the default of --nodes \(30\): strategy 3 gives every node/],
    [['staleness', '--latency', 'exp('], /^experiment: --latency: "exp\(": at column 5/],
    [['staleness', '--read-repair', 'maybe'], /^experiment: --read-repair must be on or off/],
    [['partitioning', '--keys', 'zipf(x)'], /^experiment: --keys: must be uniform or zipf\(S\)/],
    [['partitioning', '--strategy', '3', '--tokens', '8'], /^experiment: --tokens: does not apply to strategy 3/],
    [['nosuch'], /^experiment: unknown experiment "nosuch"/],
    [['staleness', '--sweep', '--R', '2'], /^experiment: --R does not apply with --sweep: it runs every R and W from 1 to N\n$/],
    [['partitioning', '--sweep', '--tokens', '8'], /^experiment: --tokens does not apply with --sweep: it runs all three strategies/],
    [['divergence', '--sweep'], /^experiment: unknown flag --sweep\n$/],
    [['staleness', '--t', '1,,2'], /^experiment: --t: item 2 is empty \(got "1,,2"\)\n$/],
    [['staleness', '--t', '1,x'], /^experiment: --t: items must be numbers \(got "x"\)\n$/],
  ])('refuses %j with one line and exit code 2', (args, message) => {
    const { status, stdout, stderr } = cli(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('lists each experiment’s own defaults and its sweep only where there is one', () => {
    const help = (name: string) => cli(name, '--help').stdout;
    expect(help('availability')).toMatch(/--crashes-per-minute <number> .*\(default 6\)/);
    expect(help('divergence')).toMatch(/--crashes-per-minute <number> .*\(default 0\)/);
    expect(help('divergence')).not.toContain('--sweep');
    expect(help('staleness')).toMatch(/--sweep .*every R and W/);
    expect(cli('staleness', '--help=true').stdout).toContain('usage: npm run cli -- experiment staleness');
  });
});

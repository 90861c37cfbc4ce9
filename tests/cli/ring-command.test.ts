import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ringPosition } from '../../src/core/hash.ts';
import { CliUsageError } from '../../src/cli/args.ts';
import { parsePlacement, ringReport } from '../../src/cli/ring-command.ts';
import type { RingReport } from '../../src/cli/ring-command.ts';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const figure2 = [
  '--nodes',
  'A,B,C,D,E,F,G',
  '--strategy',
  '1',
  '--tokens',
  '1',
  '--place',
  'A=0.0625,B=0.125,C=0.1875,D=0.25,E=0.3125,F=0.375,G=0.4375',
];

/** A real key hashed into (A, B] = (1/16, 2/16] of the ring. */
function keyBetweenAAndB(): string {
  for (let i = 0; ; i++) {
    const position = ringPosition(`K${i}`);
    if (position > '1'.padEnd(32, '0') && position <= '2'.padEnd(32, '0')) return `K${i}`;
  }
}

describe('npm run cli -- ring (spawned)', () => {
  it('prints the Figure 2 ring as one JSON document', () => {
    const key = keyBetweenAAndB();
    const { status, stdout, stderr } = cli('ring', ...figure2, '--key', key, '--json');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as RingReport;
    expect(report.nodes).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(report).toMatchObject({ strategy: 1, N: 3, metadataBytesPerNode: 7 * 16 + 7 });
    expect(report.tokens[1]).toEqual({ node: 'B', position: '2'.padEnd(32, '0') });
    expect(report.partitions[1]).toEqual({
      start: '1'.padEnd(32, '0'),
      end: '2'.padEnd(32, '0'),
      owners: ['B', 'C', 'D'],
    });
    expect(report.keys[0]?.preferenceList.map((e) => `${e.node}:${e.role}`)).toEqual([
      'B:primary',
      'C:primary',
      'D:primary',
      'E:fallback',
      'F:fallback',
      'G:fallback',
      'A:fallback',
    ]);
    expect(report.loadShare.A).toBe(10 / 16);
  });

  it('is reproducible from the seed', () => {
    const run = (seed: string): string =>
      cli(
        'ring',
        '--nodes',
        'n1,n2,n3,n4',
        '--strategy',
        '2',
        '--tokens',
        '4',
        '--partitions',
        '16',
        '--seed',
        seed,
        '--json',
      ).stdout;
    expect(run('7')).toBe(run('7'));
    expect(run('7')).not.toBe(run('8'));
  });

  it.each([
    [
      ['ring', '--nodes', 'A,B,C', '--strategy', '1', '--bogus', '1'],
      /^ring: unknown flag --bogus\n$/,
    ],
    [['ring', '--strategy', '1', '--nodes'], /--nodes needs a value/],
    [
      ['ring', '--nodes', 'A,B,C', '--strategy', '1', '--tokens', 'many'],
      /--tokens must be an integer \(got "many"\)/,
    ],
    [
      ['ring', '--nodes', 'A,B,C', '--strategy', '3', '--partitions', '2'],
      /--partitions: Q must be at least the number of nodes S=3 \(got 2\)/,
    ],
    [
      ['ring', '--nodes', 'A,B', '--strategy', '1'],
      /--N: N must not exceed the number of nodes 2 \(got 3\)/,
    ],
    [['ring', '--nodes', 'A,B,C', '--strategy', '1', '--place', 'A=xyz'], /--place position/],
    [['ring', '--nodes', 'A,B,C'], /--strategy is required/],
    [['spin'], /unknown command "spin"/],
  ])('exits 2 with one line on stderr for %j', (args, message) => {
    const { status, stdout, stderr } = cli(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('prints a readable table without --json', () => {
    const { status, stdout } = cli('ring', ...figure2, '--key', 'cart');
    expect(status).toBe(0);
    expect(stdout).toMatch(/Load share \(first owner\):\n {2}A {2}62\.50%/);
    expect(stdout).toMatch(/Key "cart" at [0-9a-f]{32}/);
  });
});

describe('ring report (in process)', () => {
  it('strategy 3 gives each partition N distinct owners and equal load when S divides Q', () => {
    const report = ringReport({
      nodes: ['A', 'B', 'C', 'D'],
      strategy: 3,
      partitionCount: 16,
      N: 3,
      seed: 1,
      keys: ['cart'],
    });
    expect(report.partitions).toHaveLength(16);
    expect(report.partitions.every((p) => new Set(p.owners).size === 3)).toBe(true);
    expect(Object.values(report.loadShare)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(report.keys[0]?.preferenceList).toHaveLength(4);
  });

  it('reads placements as hex or as fractions of the ring, a node possibly twice', () => {
    expect(parsePlacement(['A=0.5,B=ABCDEF0123456789ABCDEF0123456789', 'A=.25'])).toEqual({
      A: ['8'.padEnd(32, '0'), '4'.padEnd(32, '0')],
      B: ['abcdef0123456789abcdef0123456789'],
    });
    expect(parsePlacement([])).toBeUndefined();
    expect(() => parsePlacement(['A'])).toThrow(CliUsageError);
  });

  it('answers `help ring` as `ring --help`', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'help', 'ring'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npm run cli -- ring --nodes A,B,C');
  });
});

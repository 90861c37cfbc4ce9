/**
 * `npm run cli -- fuzz` (spawned): one JSON report on stdout, the mix named in it and in every
 * failing seed's replay line, and a clear usage error for a mix that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FuzzReport } from '../../src/check/fuzz.ts';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'fuzz', ...args],
    {
      encoding: 'utf8',
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run cli -- fuzz (spawned)', () => {
  it('runs the heavy mix and says so in its JSON report', () => {
    const { status, stdout, stderr } = cli(
      '--seeds',
      '2',
      '--from',
      '2201441',
      '--mix',
      'heavy',
      '--json',
      '--quiet',
    );
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout) as FuzzReport;
    expect(report.mix).toBe('heavy');
    expect(report.seeds).toEqual({ from: 2201441, count: 2 });
    expect(report.passed).toBe(2);
    expect(report.events).toBeGreaterThan(0);
  });

  it('refuses a mix that does not exist, naming the ones that do', () => {
    const { status, stdout, stderr } = cli('--seeds', '1', '--mix', 'huge');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--mix must be standard or heavy (got "huge")');
  });

  it.each([
    [['--seeds', '1e15'], '--seeds must be from 1 to 1000000 (got 1000000000000000)'],
    [['--from', '9007199254740991', '--seeds', '2'], '--from + --seeds must stay within 9007199254740991'],
  ])('refuses a sweep that would never end or run past the exact seeds: %j', (args, words) => {
    const { status, stdout, stderr } = cli(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(words);
  });
});

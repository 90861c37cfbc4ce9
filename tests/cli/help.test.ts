import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('help asked for goes to stdout with exit code 0 (spawned)', () => {
  it.each([
    [['--help'], 'usage: npm run cli -- <command>'],
    [['-h'], 'usage: npm run cli -- <command>'],
    [['help'], 'usage: npm run cli -- <command>'],
    [['ring', '-h'], 'usage: npm run cli -- ring'],
    [['fuzz', '-h'], 'usage: npm run cli -- fuzz'],
    [['experiment', '--help'], 'usage: npm run cli -- experiment <name>'],
    [['experiment', '-h'], 'usage: npm run cli -- experiment <name>'],
    [['experiment', 'staleness', '-h'], 'usage: npm run cli -- experiment staleness'],
    [['experiment', 'help', 'staleness'], 'usage: npm run cli -- experiment staleness'],
  ])('%j', (args, usage) => {
    const { status, stdout, stderr } = cli(...args);
    expect(status).toBe(0);
    expect(stdout.startsWith(usage)).toBe(true);
    expect(stderr).toBe('');
  });
});

describe('usage printed for a mistake goes to stderr with exit code 2 (spawned)', () => {
  it.each([
    [[], /^usage: npm run cli -- <command>/],
    [['nosuch'], /^unknown command "nosuch"; usage: /],
    [['help', 'nosuch'], /^unknown command "nosuch"; usage: /],
    [['experiment'], /^usage: npm run cli -- experiment <name>/],
    [['ring', '--bogus'], /^ring: unknown flag --bogus\n$/],
  ])('%j', (args, message) => {
    const { status, stdout, stderr } = cli(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});

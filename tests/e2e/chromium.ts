/**
 * Where the browser tests find Chromium ($CHROMIUM_PATH, else /usr/bin/chromium, else
 * chromium-browser on PATH) and the flags they and the UI bench launch it with.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium-browser', 'chromium']) {
    const which = spawnSync('which', [name], { encoding: 'utf8' });
    const path = which.stdout.trim();
    if (which.status === 0 && path) return path;
  }
  return undefined;
}

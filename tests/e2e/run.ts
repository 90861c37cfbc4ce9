/**
 * Runs the browser tests: finds a Chromium, then hands over to Vitest with the e2e config
 * (which builds the app and serves it on 127.0.0.1). Without a Chromium it says so loudly and
 * skips, unless REQUIRE_BROWSER=1, where a missing browser fails the run.
 */
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.ts';

const chromium = findChromium();
if (!chromium) {
  const line =
    '!!! BROWSER TESTS SKIPPED: no Chromium found. Install it (Debian/Ubuntu: `apt-get install -y chromium`) or set CHROMIUM_PATH.';
  console.error(`\n${line}\n`);
  process.exit(process.env.REQUIRE_BROWSER === '1' ? 1 : 0);
}
const extra = process.argv.slice(2);
const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...extra], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
process.exit(result.status ?? 1);

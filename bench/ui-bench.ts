/**
 * Figure 7 of the bench: the app in headless Chromium (playwright-core, Debian's /usr/bin/chromium)
 * against a Vite build served on 127.0.0.1 by Vite's preview API: the main bundle's gzip size, time
 * from navigation to the first render of the default cluster, and the frame time while a big
 * cluster plays — when the app offers a way to start one (see `frameMsP95` below).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS } from '../tests/e2e/chromium.ts';
import { median, progress, round } from './bench-stats.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The first render of the default cluster: the live cluster view, or the ring view before it exists. */
const readySelector = '[data-testid="cluster-view"], [data-testid="ring-view"]';

export interface UiFigures {
  gzipKB: number | null;
  readyMs: number | null;
  frameMsP95: number | null;
  /** Why a figure is null, one sentence each. */
  missing: Record<string, string>;
}

function mainBundleGzipKB(outDir: string): number {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const src = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('index.html has no module script');
  const code = readFileSync(join(outDir, src.replace(/^\//, '')));
  return round(gzipSync(code).length / 1024);
}

export async function measureUi(loads: number): Promise<UiFigures> {
  const missing: Record<string, string> = {};
  const outDir = mkdtempSync(join(tmpdir(), 'dynamo-bench-ui-'));
  try {
    progress('ui: vite build');
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const gzipKB = mainBundleGzipKB(outDir);
    if (!existsSync(chromiumPath)) {
      missing.readyMs =
        missing.frameMsP95 = `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
      return { gzipKB, readyMs: null, frameMsP95: null, missing };
    }
    const server = await preview({
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
      logLevel: 'warn',
    });
    const url = server.resolvedUrls?.local[0];
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      if (!url) throw new Error('the preview server did not report a URL');
      const times: number[] = [];
      for (let i = 0; i < loads; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'commit' });
        await page.waitForSelector(readySelector, { state: 'visible', timeout: 30_000 });
        // performance.now() counts from the navigation's start in the page's own clock.
        const ms = await page.evaluate(() => performance.now());
        times.push(ms);
        progress(`ui: load ${i + 1}/${loads}: ready after ${Math.round(ms)} ms`);
        await context.close();
      }
      missing.frameMsP95 =
        'the app has no way yet to start a 64-node, 256-token cluster with 2,000 messages in flight (no scenario from the URL, the live cluster view is still being built)';
      return { gzipKB, readyMs: Math.round(median(times)), frameMsP95: null, missing };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

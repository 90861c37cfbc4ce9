/**
 * Figure 7 of the bench: the app in headless Chromium (playwright-core, Debian's /usr/bin/chromium)
 * against a Vite build served on 127.0.0.1 by Vite's preview API: the main bundle's gzip size, time
 * from navigation to the first render of the default cluster, and the frame time while a big
 * cluster plays — the big-cluster example (64 nodes × 256 tokens, ~2,000 messages in flight)
 * opened as a person would from a link, `?example=big-cluster`, with its nodes in Web Workers.
 * Frame times are the deltas between requestAnimationFrame callbacks in the page over a few
 * seconds: what a person sees as smoothness, whatever thread the time went to.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS } from '../tests/e2e/chromium.ts';
import { median, progress, quantile, round } from './bench-stats.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The first render of the default cluster: the live cluster view, or the ring view before it exists. */
const readySelector = '[data-testid="cluster-view"], [data-testid="ring-view"]';

/** The big run whose frame time the issue sets a target for: an example scenario of the app. */
const BIG_RUN_PATH = '?example=big-cluster&v=cluster';
/** The in-flight count the issue names; the run must reach most of it before frames are timed. */
const IN_FLIGHT_WANTED = 2000;
const IN_FLIGHT_AT_LEAST = 1500;

export interface UiFigures {
  gzipKB: number | null;
  readyMs: number | null;
  /** p95 of frame times on the live cluster view while the big run plays, ms (median of runs). */
  frameMsP95: number | null;
  /** The same on the Ring view (64 × 256 tokens drawn) while the run plays on behind it. */
  ringFrameMsP95: number | null;
  /** Messages in flight the live view showed while its frames were timed (median of samples). */
  inFlight: number | null;
  /** Virtual ms the run advanced per real second while timed (the speed asks for 100). */
  virtualMsPerSec: number | null;
  /** Why a figure is null, one sentence each. */
  missing: Record<string, string>;
}

export interface UiOptions {
  /** Page loads timed for `readyMs`. */
  loads: number;
  /** Runs of frame timing per view; the figure is their median p95. */
  frameRuns: number;
  /** Length of one run of frame timing, real seconds. */
  frameSeconds: number;
}

interface FrameSample {
  /** Real ms between consecutive animation frames. */
  deltas: number[];
  /** The live view's in-flight count at each frame (empty on other views). */
  inFlight: number[];
  virtualStartMs: number;
  virtualEndMs: number;
  realMs: number;
}

/**
 * Deltas between animation frames over `ms` real ms, with the in-flight count and the virtual
 * clock read off the page. A string, not a function: the bench runs through tsx, whose helpers
 * (`__name`) do not exist in the page.
 */
const sampleFramesScript = (ms: number) => `(async () => {
  const count = () => {
    const text = document.querySelector('[data-testid="in-flight-count"]')?.textContent;
    return text ? Number(text.split(' ')[0]) : undefined;
  };
  const virtual = () => Number(document.querySelector('[data-testid="virtual-time"]')?.dataset.nowMs ?? NaN);
  const deltas = [];
  const inFlight = [];
  const virtualStartMs = virtual();
  const start = performance.now();
  let last = start;
  await new Promise((done) => {
    const tick = (t) => {
      deltas.push(t - last);
      last = t;
      const c = count();
      if (c !== undefined) inFlight.push(c);
      if (t - start < ${ms}) requestAnimationFrame(tick);
      else done();
    };
    requestAnimationFrame(() => requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); }));
  });
  return { deltas, inFlight, virtualStartMs, virtualEndMs: virtual(), realMs: performance.now() - start };
})()`;

async function sampleFrames(page: Page, seconds: number): Promise<FrameSample> {
  return page.evaluate<FrameSample>(sampleFramesScript(seconds * 1000));
}

const virtualNowScript = `Number(document.querySelector('[data-testid="virtual-time"]')?.dataset.nowMs ?? 0)`;
const inFlightScript = `Number(document.querySelector('[data-testid="in-flight-count"]')?.textContent?.split(' ')[0] ?? 0)`;

/** Opens the big run, plays it, waits for its traffic, then times frames on the live view and the Ring view. */
async function measureBigRun(
  browser: Browser,
  url: string,
  options: UiOptions,
  missing: Record<string, string>,
): Promise<Pick<UiFigures, 'frameMsP95' | 'ringFrameMsP95' | 'inFlight' | 'virtualMsPerSec'>> {
  const none = { frameMsP95: null, ringFrameMsP95: null, inFlight: null, virtualMsPerSec: null };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(new URL(BIG_RUN_PATH, url).toString());
    await page
      .locator('[data-testid="playback-state"][data-state="paused"]')
      .waitFor({ timeout: 120_000 });
    const nodes = await page.locator('[data-testid="cluster-view"] .cluster-node').count();
    progress(`ui: big run open (${nodes} nodes), playing`);
    await page.getByTestId('play').click();
    await page.locator('[data-testid="playback-state"][data-state="playing"]').waitFor();
    const reached = await page
      .waitForFunction(`${inFlightScript} >= ${IN_FLIGHT_AT_LEAST}`, undefined, { timeout: 90_000 })
      .then(
        () => true,
        () => false,
      );
    if (!reached) {
      const seen = await page.evaluate<number>(inFlightScript);
      missing.frameMsP95 =
        missing.ringFrameMsP95 = `the big run showed only ${seen} messages in flight after 90 s of playing (wanted ~${IN_FLIGHT_WANTED})`;
      return none;
    }
    const liveP95: number[] = [];
    const inFlight: number[] = [];
    const virtualRates: number[] = [];
    for (let i = 0; i < options.frameRuns; i++) {
      const sample = await sampleFrames(page, options.frameSeconds);
      liveP95.push(quantile(sample.deltas, 0.95));
      inFlight.push(median(sample.inFlight));
      virtualRates.push(((sample.virtualEndMs - sample.virtualStartMs) / sample.realMs) * 1000);
      progress(
        `ui: live view run ${i + 1}/${options.frameRuns}: p95 ${round(quantile(sample.deltas, 0.95))} ms over ${sample.deltas.length} frames, ${median(sample.inFlight)} in flight`,
      );
    }
    await page.screenshot({ path: join(tmpdir(), 'dynamo-bench-big-cluster.png') });
    const liveVirtualMs = await page.evaluate<number>(virtualNowScript);
    await page.getByTestId('tab-ring').click();
    await page.getByTestId('ring-view').waitFor();
    const ring: number[] = [];
    for (let i = 0; i < options.frameRuns; i++) {
      const sample = await sampleFrames(page, options.frameSeconds);
      ring.push(quantile(sample.deltas, 0.95));
      progress(
        `ui: ring view run ${i + 1}/${options.frameRuns}: p95 ${round(quantile(sample.deltas, 0.95))} ms over ${sample.deltas.length} frames`,
      );
    }
    await page.screenshot({ path: join(tmpdir(), 'dynamo-bench-big-ring.png') });
    // The Ring view has no time controls: back on the live view, the run must still be playing.
    await page.getByTestId('tab-cluster').click();
    const playing = await page
      .locator('[data-testid="playback-state"][data-state="playing"]')
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    const ringVirtualMs = await page.evaluate<number>(virtualNowScript);
    const live = {
      frameMsP95: round(median(liveP95)),
      inFlight: Math.round(median(inFlight)),
      virtualMsPerSec: round(median(virtualRates)),
    };
    if (!playing || ringVirtualMs <= liveVirtualMs) {
      missing.ringFrameMsP95 = 'the big run did not play on while the Ring view was timed';
      return { ...live, ringFrameMsP95: null };
    }
    return { ...live, ringFrameMsP95: round(median(ring)) };
  } finally {
    await context.close();
  }
}

/**
 * The main bundle as the page loads it: index.html's module script and the chunks it imports
 * statically (its modulepreload links), gzipped one by one. Views loaded on demand are not counted.
 */
function mainBundleGzipKB(outDir: string): number {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const src = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('index.html has no module script');
  const preloaded = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? '');
  let bytes = 0;
  for (const file of [src, ...preloaded]) bytes += gzipSync(readFileSync(join(outDir, file.replace(/^\//, '')))).length;
  return round(bytes / 1024);
}

export async function measureUi(options: UiOptions): Promise<UiFigures> {
  const { loads } = options;
  const missing: Record<string, string> = {};
  const outDir = mkdtempSync(join(tmpdir(), 'dynamo-bench-ui-'));
  try {
    progress('ui: vite build');
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const gzipKB = mainBundleGzipKB(outDir);
    if (!existsSync(chromiumPath)) {
      const why = `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
      missing.readyMs = missing.frameMsP95 = missing.ringFrameMsP95 = why;
      return {
        gzipKB,
        readyMs: null,
        frameMsP95: null,
        ringFrameMsP95: null,
        inFlight: null,
        virtualMsPerSec: null,
        missing,
      };
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
      const big = await measureBigRun(browser, url, options, missing);
      return { gzipKB, readyMs: Math.round(median(times)), ...big, missing };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

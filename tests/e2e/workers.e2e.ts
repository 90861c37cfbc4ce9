/**
 * The worker runtime in Chromium: the scheduler in its own worker and each node in its own module
 * Web Worker give the same trace hash as the in-process host, in the browser and in Node, for the
 * same seed; a node worker that throws pauses the run with the fault on screen, leaves no unhandled
 * rejection and no blank page, and restarting the node resumes the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { InProcessHost } from '../../src/runtime/in-process-host.ts';
import { workerCheckSetup, workerCheckUntilMs } from '../../src/runtime/browser/worker-check-scenario.ts';
import { World } from '../../src/sim/world.ts';
import { launchBrowser, openApp, screenshot } from './browser.ts';

/** What worker-check.html puts on `window` (src/runtime/browser/worker-check.ts). */
interface RunStatus {
  events: number;
  nowMs: number;
  traceHash: string;
  pause: { node: string; error: string; seed: number; eventIndex: number } | undefined;
}
interface WorkerCheck {
  run(seed: number, host: 'inprocess' | 'worker'): Promise<RunStatus>;
  faultAndRecover(
    seed: number,
    node: string,
  ): Promise<{ paused: RunStatus & { events: number }; faulted: { id: string; status: string } | undefined; resumed: RunStatus; recovered: { id: string; status: string } | undefined }>;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

function nodeInProcessHash(seed: number): string {
  const world = new World(workerCheckSetup(seed), new InProcessHost());
  void world.init();
  world.runUntil(workerCheckUntilMs);
  return world.trace.hash();
}

async function openCheck(): Promise<{ page: Page; problems: string[] }> {
  const opened = await openApp(browser, '/worker-check.html');
  await opened.page.locator('body[data-ready="true"]').waitFor();
  return opened;
}

describe('nodes in Web Workers', () => {
  it.each([42, 7])('seed %i gives the Node in-process trace hash, in-process and in workers in Chromium', async (seed) => {
    const { page, problems } = await openCheck();
    const inBrowser = await page.evaluate(
      (s) => (window as unknown as { workerCheck: WorkerCheck }).workerCheck.run(s, 'inprocess'),
      seed,
    );
    const inWorkers = await page.evaluate((s) => (window as unknown as { workerCheck: WorkerCheck }).workerCheck.run(s, 'worker'), seed);
    const expected = nodeInProcessHash(seed);
    expect(inBrowser.traceHash).toBe(expected);
    expect(inWorkers.traceHash).toBe(expected);
    expect(inWorkers.events).toBe(inBrowser.events);
    expect(inWorkers.pause).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('contains a node worker that throws: the run pauses with seed and event index, the page stays, restart resumes', async () => {
    const { page, problems } = await openCheck();
    const check = await page.evaluate(() => (window as unknown as { workerCheck: WorkerCheck }).workerCheck.faultAndRecover(42, 'n3'));
    expect(check.paused.pause).toMatchObject({ node: 'n3', seed: 42, eventIndex: check.paused.events });
    expect(check.paused.pause?.error).toMatch(/injected fault/);
    expect(check.paused.nowMs).toBeLessThan(workerCheckUntilMs);
    expect(check.faulted).toMatchObject({ id: 'n3', status: 'faulted' });
    expect(check.resumed.pause).toBeUndefined();
    expect(check.resumed.nowMs).toBeGreaterThanOrEqual(workerCheckUntilMs);
    expect(check.recovered).toMatchObject({ id: 'n3', status: 'up' });

    await expect(page.getByText(/paused: node n3 faulted .* at seed 42, event \d+/).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Worker check');
    await screenshot(page, 'worker-fault-contained');
    expect(problems.filter((p) => /unhandled rejection|page error/.test(p))).toEqual([]);
    expect(problems).toEqual([]);
  });
});

/**
 * The live metrics as a person reads them (Dynamo §6): start a workload, let it run a few seconds
 * of virtual time, and find every chart drawn with both axes, a unit and lines that have points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser.ts';
import { encodeScenarioForUrl } from '../../src/scenario/scenario-url.ts';
import type { Scenario } from '../../src/scenario/scenario-schema.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

const CHARTS = ['read-latency', 'write-latency', 'stale-reads', 'versions', 'hints', 'anti-entropy', 'messages'];

describe('the live metrics', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`draws every chart with axes and points under a workload at ${viewport.width}×${viewport.height}`, async () => {
      const { page, problems } = await openApp(browser, '/', viewport);
      await page.getByTestId('tab-cluster').click();
      await page.getByTestId('workload-start').click({ timeout: 30_000 });
      // Fast forward (10×): a few seconds of virtual time pass quickly even on a busy machine.
      await page.getByTestId('speed').fill('1');
      await expect.poll(() => page.getByTestId('speed-value').textContent()).toBe('10×');
      await page.getByTestId('play').click();
      await page.getByTestId('tab-metrics').click();
      const metrics = page.getByTestId('metrics');
      await metrics.waitFor();
      // Three closed seconds give each latency line three points.
      await expect.poll(async () => Number(await page.getByTestId('line-write-latency-p50').getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      await page.getByTestId('pause').click();
      for (const id of CHARTS) {
        const chart = page.getByTestId(`chart-${id}`);
        await expect(chart.getByTestId('x-axis').locator('text').count()).resolves.toBeGreaterThan(1);
        await expect(chart.getByTestId('y-axis').locator('text').count()).resolves.toBeGreaterThan(1);
        await expect(chart.locator('.unit').textContent()).resolves.not.toBe('');
        await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
      }
      await expect(page.getByTestId('line-read-latency-p99').locator('path').getAttribute('d')).resolves.toMatch(/^M[\d.]+,[\d.]+L/);
      await expect(page.getByTestId('stat-reads').textContent()).resolves.toMatch(/^[1-9]\d* \/ \d+/);
      await screenshot(page, `metrics-${viewport.width}x${viewport.height}`);
      expect(problems).toEqual([]);
    });
  }

  /** R = W = 1 and a disk lost at 1 s: reads miss acknowledged writes; by 12 s the first have left the trace window. */
  const lostDisk: Scenario = {
    version: 1,
    name: 'Stale reads after a lost disk',
    seed: 11,
    untilMs: 12000,
    cluster: { nodes: 5, N: 3, R: 1, W: 1 },
    workloads: [{ id: 'w', ratePerSec: 200, readFraction: 0.5, keyCount: 20 }],
    schedule: [
      { atMs: 1000, fault: { kind: 'crash', node: 'n1', loseDisk: true } },
      { atMs: 1300, fault: { kind: 'recover', node: 'n1' } },
    ],
  };

  it('marks the changes made to the run on every chart, and says what the totals and the share of one-version reads are', async () => {
    const link = `/?s=${encodeScenarioForUrl(lostDisk, { atMs: 12000 })}&v=metrics`;
    const { page, problems } = await openApp(browser, link, { width: 1280, height: 800 });
    await expect.poll(async () => Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms')), { timeout: 90_000 }).toBeGreaterThanOrEqual(12000);
    for (const id of CHARTS) {
      const labels = await page.getByTestId(`fault-mark-${id}`).evaluateAll((marks) => marks.map((m) => m.getAttribute('data-label')));
      expect(labels).toEqual(['crash n1 (disk lost)', 'recover n1']);
    }
    // Written on the chart, not only in a tooltip.
    await expect(page.getByTestId('chart-hints').locator('.fault-mark text').first().textContent()).resolves.toBe('crash n1 (disk lost)');
    await expect(page.getByTestId('stats-note').textContent()).resolves.toContain('Totals over the whole run');
    await expect(page.getByTestId('stat-one-version').textContent()).resolves.toMatch(/^\d+(\.\d+)? %reads with one version$/);
    await screenshot(page, 'metrics-fault-marks-1280x800');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says so when showing a stale read means going back in the run, and offers the way back', async () => {
    const link = `/?s=${encodeScenarioForUrl(lostDisk, { atMs: 12000 })}&v=metrics`;
    const { page, problems } = await openApp(browser, link, { width: 1280, height: 800 });
    await expect.poll(async () => Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms')), { timeout: 90_000 }).toBeGreaterThanOrEqual(12000);
    const reached = Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    // The earliest stale read, at about 1.1 s: its messages left the 20,000-record trace window long ago.
    const marks = page.locator('[data-testid^="stale-read-"]');
    await expect.poll(() => marks.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await marks.first().locator('circle').click();
    const notice = page.getByTestId('scenario-notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/The run went back to 1\.\d{3} s to show stale read op #\d+: its messages had left the trace window\./);
    await expect.poll(() => page.getByTestId('tab-spacetime').getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms')), { timeout: 60_000 }).toBeLessThan(2000);
    await screenshot(page, 'metrics-stale-read-went-back-1280x800');
    await page.getByTestId('scenario-notice-action').click();
    await expect.poll(async () => Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms')), { timeout: 60_000 }).toBe(reached);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

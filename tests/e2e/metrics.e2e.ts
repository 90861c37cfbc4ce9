/**
 * The live metrics as a person reads them (Dynamo §6): start a workload, let it run a few seconds
 * of virtual time, and find every chart drawn with both axes, a unit and lines that have points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser.ts';

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
});

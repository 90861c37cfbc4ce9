/** The live cluster opens, plays with traffic, and looks right at a classroom's screen sizes. */
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

describe('the live cluster', () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
    it(`plays with background traffic at ${viewport.width}×${viewport.height}`, async () => {
      const { page, problems } = await openApp(browser, '/', viewport);
      await page.getByTestId('tab-cluster').click();
      await page.getByTestId('cluster-view').waitFor();
      await page.locator('[data-testid="node-n1"][data-state="up"]').waitFor();
      await page.getByTestId('play').click();
      await page.getByTestId('workload-start').click();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="in-flight-count"]')?.textContent?.split(' ')[0]) > 3, undefined, { timeout: 30_000 });
      await screenshot(page, `cluster-${viewport.width}x${viewport.height}`);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }
});

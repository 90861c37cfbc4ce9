/**
 * A narrow window (800 px, a small laptop's split screen): every view fits the width, one column
 * with the settings panel below, and the client form is not covered by anything.
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

describe('an 800 px wide window', () => {
  it('shows every view within the width, and the client form uncovered', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 800, height: 900 });
    for (const view of [
      'ring',
      'strategies',
      'cluster',
      'spacetime',
      'metrics',
      'experiments',
      'lessons',
    ]) {
      await page.getByTestId(`tab-${view}`).click();
      await page.locator('#view-panel').waitFor();
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth),
        view,
      ).resolves.toBeLessThanOrEqual(800);
    }
    await page.getByTestId('tab-cluster').click();
    for (const field of ['put-key', 'put-value', 'coordinator-select']) {
      const input = page.getByTestId(field);
      await input.scrollIntoViewIfNeeded();
      const covered = await input.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return top !== el && !el.contains(top);
      });
      expect(covered, field).toBe(false);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'narrow-cluster-800x900');
    expect(problems).toEqual([]);
  });
});

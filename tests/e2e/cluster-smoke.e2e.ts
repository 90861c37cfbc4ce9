/**
 * The live cluster at a classroom's screen sizes: traffic flowing, a crashed node, a cut link and a
 * partition on screen at once, with nothing overlapping and no errors; screenshots for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { nodeAction, openCluster, play, setSpeed } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('the live cluster on screen', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`shows traffic and failures at ${viewport.width}×${viewport.height}`, async () => {
      const { page, problems } = await openCluster(browser, { viewport });
      await page.getByTestId('workload-rate').fill('400');
      await page.getByTestId('workload-start').click();
      await setSpeed(page, 0.3);
      await play(page);
      await nodeAction(page, 'n3', 'crash');
      await page.getByTestId('cut-from').selectOption('n1');
      await page.getByTestId('cut-to').selectOption('n2');
      await page.getByTestId('cut-apply').click();
      await page.locator('[data-testid="cut-n1-n2"]').waitFor();
      await page.getByTestId('partition-mode').click();
      await page.getByTestId('node-n5').click();
      await page.getByTestId('node-n4').click();
      await page.getByTestId('node-n4').click();
      await page.getByTestId('node-n1').click();
      await page.getByTestId('node-n2').click();
      await page.getByTestId('node-n2').click();
      await page.getByTestId('partition-apply').click();
      await page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid="in-flight-count"]')?.textContent?.split(' ')[0],
          ) >= 5,
        undefined,
        { timeout: 30_000 },
      );
      await screenshot(page, `cluster-${viewport.width}x${viewport.height}`);
      await page.getByTestId('node-n2').click();
      await page.getByTestId('node-menu').waitFor();
      await screenshot(page, `cluster-menu-${viewport.width}x${viewport.height}`);
      expect(await page.getByTestId('node-n3').getAttribute('data-state')).toBe('crashed');
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }

  it('draws thousands of messages in flight (long latencies, heavy traffic) without errors', async () => {
    const viewport = { width: 1920, height: 1080 };
    const { page, problems } = await openCluster(browser, { viewport });
    await page.getByTestId('latency-spec').fill('uniform(100, 300)');
    await page.getByTestId('latency-apply').click();
    // The slider follows a distribution typed in the expert field: its mean is 200 ms.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="latency-mean"]')?.textContent === '200.0',
    );
    await page.getByTestId('workload-rate').fill('3000');
    await page.getByTestId('workload-start').click();
    await setSpeed(page, 0.5);
    await play(page);
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="in-flight-count"]')?.textContent?.split(' ')[0],
        ) > 1500,
      undefined,
      { timeout: 60_000 },
    );
    await screenshot(page, 'cluster-thousands');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

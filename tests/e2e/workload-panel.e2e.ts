/**
 * The Workload panel shows the traffic a scenario runs (its rate, reads share and keys), says it
 * comes from the scenario, and stops it with Stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { openCluster, pause, play } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('the workload panel', () => {
  it('shows the big-cluster example’s own traffic and stops it', async () => {
    const { page, problems } = await openCluster(browser, { path: '/?example=big-cluster&v=cluster', scenario: 'A big cluster under load' });
    const status = page.getByTestId('workload-status');
    await play(page);
    await page.locator('[data-testid="workload-status"][data-running="true"]').waitFor({ timeout: 60_000 });
    await pause(page);
    await expect(status.textContent()).resolves.toBe('traffic running (from the scenario): 1,320 requests/s, 70 % reads, 20,000 keys (uniform)');
    await expect(status.getAttribute('data-source')).resolves.toBe('scenario');
    // The example opened once: it did not replace a run of its own.
    await expect(page.getByTestId('scenario-notice').count()).resolves.toBe(0);
    await expect(page.getByTestId('workload-rate').inputValue()).resolves.toBe('1320');
    await expect(page.getByTestId('workload-read').inputValue()).resolves.toBe('70');
    await expect(page.getByTestId('workload-start').isDisabled()).resolves.toBe(true);
    await status.scrollIntoViewIfNeeded();
    await screenshot(page, 'workload-big-cluster-running-1280x800');
    await page.getByTestId('workload-stop').click();
    await page.locator('[data-testid="workload-status"][data-running="false"]').waitFor({ timeout: 30_000 });
    await expect(status.textContent()).resolves.toBe('no background traffic');
    await expect(page.getByTestId('workload-start').isDisabled()).resolves.toBe(false);
    await screenshot(page, 'workload-big-cluster-stopped-1280x800');
    expect(problems).toEqual([]);
  });
});

/**
 * The playground shell as a person first sees it: the name, a ring of five nodes drawn in SVG over
 * its canvas, the view tabs, the theme toggle, and nothing broken in the console or the network.
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

describe('the playground shell', () => {
  it('opens on a ring of five nodes with no console errors or failed requests', async () => {
    const { page, problems } = await openApp(browser);
    await expect(page.title()).resolves.toBe('Dynamo Playground');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dynamo Playground');
    const ring = page.getByTestId('ring-view');
    await ring.waitFor();
    await expect(ring.locator('svg[role="img"]').count()).resolves.toBe(1);
    for (const node of ['n1', 'n2', 'n3', 'n4', 'n5']) await page.getByTestId(`node-${node}`).waitFor();
    await expect(page.locator('[data-testid^="node-n"]').count()).resolves.toBe(5);
    await expect(page.getByTestId('seed-input').inputValue()).resolves.toBe('42');
    // No dead controls: the live cluster's play/pause/step are not shown before they work.
    await expect(page.getByRole('button', { name: /^(play|pause|step)$/i }).count()).resolves.toBe(0);
    await screenshot(page, 'shell-1280x800');
    expect(problems).toEqual([]);
  });

  it('opens the view a bare link names on the cluster it starts with, and names a bad one', async () => {
    const cluster = await openApp(browser, '/?v=cluster');
    await cluster.page.getByTestId('cluster-view').waitFor();
    await expect(cluster.page.locator('#tab-cluster').getAttribute('aria-selected')).resolves.toBe('true');
    const ring = await openApp(browser, '/?v=ring&key=cart');
    await ring.page.getByTestId('preference-list').waitFor();
    await expect(ring.page.getByTestId('key-input').inputValue()).resolves.toBe('cart');
    const bad = await openApp(browser, '/?v=rnig');
    const notice = bad.page.locator('[data-testid="scenario-notice"][data-tone="error"]');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('This link could not be opened: v must be ring, strategies, cluster, spacetime or metrics, got "rnig"');
    await bad.page.getByTestId('ring-view').waitFor();
    expect([...cluster.problems, ...ring.problems, ...bad.problems]).toEqual([]);
  });

  it('switches views with the tabs and themes with the toggle', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1920, height: 1080 });
    await page.getByTestId('ring-view').waitFor();
    await screenshot(page, 'shell-1920x1080');
    await page.getByTestId('tab-strategies').click();
    await page.getByTestId('strategy-lab').waitFor();
    await expect(page.getByTestId('ring-view').count()).resolves.toBe(0);
    await page.getByTestId('tab-ring').click();
    await page.getByTestId('ring-view').waitFor();

    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByTestId('theme-toggle').click();
    const after = await page.evaluate(() => document.documentElement.dataset.theme);
    expect(new Set([before, after])).toEqual(new Set(['light', 'dark']));
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(after === 'dark' ? 'rgb(15, 18, 22)' : 'rgb(246, 247, 249)');
    await screenshot(page, `shell-${after}-1920x1080`);
    expect(problems).toEqual([]);
  });

  it('shows a visible focus ring on keyboard focus', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('ring-view').waitFor();
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? getComputedStyle(el).outlineStyle : 'none';
    });
    expect(outline).toBe('solid');
    expect(problems).toEqual([]);
  });

  it('loads a view on its first showing, and says so when its code cannot be fetched, keeping the run', async () => {
    let blocked = true;
    const { page } = await openApp(browser, '/', undefined, {
      beforeLoad: (p) => p.route(/\/assets\/ExperimentsView-[^/]*\.js$/, (route) => (blocked ? route.abort() : route.continue())),
    });
    await page.getByTestId('ring-view').waitFor();
    // Only the Ring's code came with the page: the Experiments view's chunk is fetched when asked.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    expect(scripts.some((url) => /ExperimentsView-/.test(url))).toBe(false);
    await page.getByTestId('seed-input').fill('777');
    await page.getByTestId('tab-experiments').click();
    const error = page.getByTestId('view-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/^The Experiments view could not be shown:.*Try again$/);
    await screenshot(page, 'view-load-error-1280x800');
    // The rest of the page still works and kept what was typed.
    await page.getByTestId('tab-ring').click();
    await page.getByTestId('ring-view').waitFor();
    await expect(page.getByTestId('seed-input').inputValue()).resolves.toBe('777');
    await page.getByTestId('tab-experiments').click();
    await error.waitFor();
    blocked = false;
    await page.getByTestId('view-retry').click();
    await page.getByTestId('experiments-view').waitFor();
    await expect(error.count()).resolves.toBe(0);
    await page.getByTestId('tab-ring').click();
    await expect(page.getByTestId('seed-input').inputValue()).resolves.toBe('777');
  });
});

/**
 * The saved-scenario library in Chromium's IndexedDB: a run saved, the page reloaded, the run found
 * and opened again at the time it was saved; a corrupt record shown with its reason and set aside;
 * the example scenarios listed and opened, from the dialog and from an `?example=` link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, shownText } from './browser.ts';
import { stepOnce } from './cluster-live.ts';
import { makeOwnRun, runIsBack } from './own-run.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function paused(page: Page): Promise<void> {
  await page
    .locator('[data-testid="playback-state"][data-state="paused"]')
    .waitFor({ timeout: 90_000 });
}

/** Writes a raw record straight into the library's IndexedDB store, as a damaged disk or old version might leave it. */
async function plantRecord(page: Page, key: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([k, v]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('dynamo-playground');
        open.onupgradeneeded = () => open.result.createObjectStore('library');
        open.onsuccess = () => {
          const tx = open.result.transaction('library', 'readwrite');
          tx.objectStore('library').put(v, k);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
        };
        open.onerror = () => reject(open.error ?? new Error('open failed'));
      }),
    [key, value] as const,
  );
}

describe('the saved-scenario library', () => {
  it('keeps a saved run across a reload and reopens it at the saved time', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-cluster').click();
    await paused(page);
    for (let i = 0; i < 4; i++) await stepOnce(page);
    const savedAt = await page.getByTestId('virtual-time').getAttribute('data-now-ms');
    const savedHash = await page.getByTestId('virtual-time').getAttribute('data-trace-hash');
    await page.getByTestId('library-open-dialog').click();
    await page.getByTestId('library-name').fill('Four steps in');
    await page.getByTestId('library-save').click();
    await expect(page.getByTestId('library-status').textContent()).resolves.toContain(
      'Saved “Four steps in”',
    );
    await page.getByTestId('library-close').click();

    // The page fetches the other views' code once it is idle (views.tsx, preloadViews); a reload
    // in the middle of that would abort those requests, which a person reloading later never sees.
    await page.waitForFunction(
      () =>
        ['StrategyLabView', 'SpaceTimeView', 'MetricsView', 'ExperimentsView', 'LessonsView'].every((view) =>
          performance
            .getEntriesByType('resource')
            .some((e) => e.name.includes(`/assets/${view}-`) && e.name.endsWith('.js')),
        ),
      undefined,
      { timeout: 30_000 },
    );
    await page.waitForLoadState('networkidle');
    await page.reload();
    await page.getByTestId('library-open-dialog').click();
    const item = page.getByTestId('library-item-saved').filter({ hasText: 'Four steps in' });
    await item.waitFor();
    await screenshot(page, 'library-1280x800');
    await item.getByTestId('library-open').click();
    await page.getByTestId('cluster-view').waitFor();
    await page.waitForFunction(
      (ms) =>
        document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms') === ms,
      savedAt,
      { timeout: 90_000 },
    );
    await expect(page.getByTestId('virtual-time').getAttribute('data-trace-hash')).resolves.toBe(
      savedHash,
    );
    await expect(page.getByTestId('scenario-name').textContent()).resolves.toContain(
      'Four steps in',
    );
    expect(problems).toEqual([]);
  });

  it('shows a corrupt record with what is wrong and sets it aside without losing it', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('library-open-dialog').click();
    await page.getByTestId('library-list').waitFor({ state: 'attached' });
    await page.getByTestId('library-close').click();
    await plantRecord(page, 'scenario:broken', {
      format: 'dynamo-playground/saved-scenario',
      recordVersion: 1,
      id: 'broken',
      name: 'broken',
      savedAt: '2024-01-01T00:00:00Z',
      scenario: { version: 1, cluster: { nodes: 2, N: 3 } },
    });
    await page.getByTestId('library-open-dialog').click();
    const corrupt = page.getByTestId('library-item-corrupt');
    await corrupt.waitFor();
    await expect(corrupt.getByTestId('library-corrupt-reason').textContent()).resolves.toContain(
      'scenario.cluster',
    );
    await screenshot(page, 'library-corrupt-1280x800');
    await corrupt.getByTestId('library-set-aside').click();
    await page.locator('[data-testid="library-item-aside"][data-key="aside:broken"]').waitFor();
    await expect(page.getByTestId('library-item-corrupt').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('lists the example scenarios and opens one, from the dialog and from a link', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('library-open-dialog').click();
    const big = page.locator('[data-testid="example-item"][data-file="big-cluster.json"]');
    await big.getByTestId('example-open').click();
    await page.getByTestId('cluster-view').waitFor();
    await paused(page);
    await expect(page.getByTestId('scenario-name').textContent()).resolves.toContain(
      'A big cluster under load',
    );
    await expect(page.getByTestId('cluster-view').locator('.cluster-node').count()).resolves.toBe(
      64,
    );
    await page.goto(new URL('/?example=quiet-cluster&v=cluster', page.url()).toString());
    await shownText(page, 'scenario-name', 'A quiet cluster');
    await paused(page);
    await page.goto(new URL('/?example=no-such-example', page.url()).toString());
    await expect(page.getByTestId('scenario-notice').textContent()).resolves.toContain(
      'there is no /scenarios/no-such-example.json',
    );
    expect(problems).toEqual([]);
  });

  it('says an example replaced the person’s run, and Undo brings that run back', async () => {
    const { page, problems } = await openApp(browser);
    const own = await makeOwnRun(page);
    await page.getByTestId('library-open-dialog').click();
    const quiet = page.locator('[data-testid="example-item"][data-file="quiet-cluster.json"]');
    await quiet.getByTestId('example-open').click();
    await shownText(page, 'scenario-name', 'A quiet cluster');
    await paused(page);
    const notice = page.getByTestId('scenario-notice');
    await expect(notice.textContent()).resolves.toMatch(
      new RegExp(`“A quiet cluster[^”]*” replaced your run \\(8 nodes, seed 99, at ${own.shown}\\)\\. Undo brings it back\\.`),
    );
    await screenshot(page, 'example-replaced-own-run-1280x800');
    await page.getByTestId('scenario-notice-action').click();
    await runIsBack(page, own);
    await expect(page.getByTestId('scenario-name').textContent()).resolves.toBe('Your cluster');
    await expect(notice.count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});

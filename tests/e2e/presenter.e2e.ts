/**
 * Presenter mode in Chromium: large type for a projector, the settings panel out of the way, a
 * clicker's keys moving through a lesson and playing the run, the shortcut sheet behind `?`, and a
 * blank screen on B; the space-time lanes and the strategy charts make room for the large type.
 * Screenshots at 1920×1080 and 1280×800.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser.ts';
import { openCluster, play, setSpeed } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('presenter mode', () => {
  it.each([
    [1920, 1080],
    [1280, 800],
  ])('drives a lesson from the keyboard at %i×%i', async (width, height) => {
    const { page, problems } = await openApp(browser, '/', { width, height });
    await page.getByTestId('tab-lessons').click();
    await page.getByTestId('lesson-start-hinted-handoff').click();
    await page.locator('body').click({ position: { x: 5, y: height - 5 } });
    await page.keyboard.press('p');
    await expect(page.evaluate(() => document.documentElement.dataset.presenter)).resolves.toBe(
      'on',
    );
    await expect(
      page.evaluate(() => getComputedStyle(document.documentElement).fontSize),
    ).resolves.toBe('21px');
    await expect(page.getByTestId('settings-panel').isVisible()).resolves.toBe(false);

    await page.keyboard.press('PageDown');
    await page.locator('[data-testid="lesson-player"][data-step="1"]').waitFor();
    await page
      .locator('[data-testid="playback-state"][data-state="paused"]')
      .waitFor({ timeout: 90_000 });
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('lesson-player').getAttribute('data-step')).resolves.toBe('1');
    await page.keyboard.press('2');
    await page.getByTestId('lesson-explanation').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="lesson-player"][data-step="2"]').waitFor();
    await page.locator('[data-testid="hints-n1"][data-count="1"]').waitFor({ timeout: 90_000 });
    await page.waitForTimeout(300);
    await screenshot(page, `presenter-lesson-${width}x${height}`);
    await page.keyboard.press('PageUp');
    await page.locator('[data-testid="lesson-player"][data-step="1"]').waitFor();

    await page.keyboard.press('?');
    await page.getByTestId('shortcut-sheet').waitFor();
    await screenshot(page, `presenter-shortcuts-${width}x${height}`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcut-sheet').count()).resolves.toBe(0);

    await page.keyboard.press('b');
    await page.getByTestId('blank-screen').waitFor();
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('blank-screen').count()).resolves.toBe(0);
    await expect(page.getByTestId('lesson-player').getAttribute('data-step')).resolves.toBe('1');

    await page.keyboard.press(' ');
    await page.locator('[data-testid="playback-state"][data-state="playing"]').waitFor();
    await page.keyboard.press(' ');
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();

    await page.keyboard.press('Escape');
    await expect(page.evaluate(() => document.documentElement.dataset.presenter)).resolves.toBe(
      'off',
    );
    expect(problems).toEqual([]);
  });

  it.each([
    [1920, 1080],
    [1280, 800],
  ])('makes room for its large type in the space-time lanes and the strategy charts at %i×%i', async (width, height) => {
    const { page, problems } = await openCluster(browser, { viewport: { width, height } });
    await page.getByTestId('workload-start').click();
    await setSpeed(page, 1);
    await play(page);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) > 1000);
    await page.keyboard.press('p');
    await page.getByTestId('tab-spacetime').click();
    await page.getByTestId('space-time').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, `presenter-spacetime-${width}x${height}`);
    // Every label starts inside its drawing: none is cut at the left edge.
    const leftmost = (selector: string) =>
      page.locator(selector).evaluateAll((els) =>
        Math.min(...els.map((e) => e.getBoundingClientRect().left - (e.closest('svg')?.getBoundingClientRect().left ?? 0))),
      );
    await expect(leftmost('.st-lane text')).resolves.toBeGreaterThanOrEqual(0);
    await page.getByTestId('tab-strategies').click();
    await page.locator('svg.bars').first().waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, `presenter-strategies-${width}x${height}`);
    await expect(leftmost('svg.bars text')).resolves.toBeGreaterThanOrEqual(0);
    const top = await page.locator('svg.bars text').first().evaluate((e) => e.getBoundingClientRect().top - (e.closest('svg')?.getBoundingClientRect().top ?? 0));
    expect(top).toBeGreaterThanOrEqual(0);
    // The metrics charts: each y axis' unit clear of its tick numbers, inside the drawing.
    await page.getByTestId('tab-metrics').click();
    await page.getByTestId('chart-hints').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, `presenter-metrics-${width}x${height}`);
    const clashes = await page.locator('[data-testid="y-axis"]').evaluateAll((axes) =>
      axes.flatMap((axis) => {
        const unit = axis.querySelector('text.unit')?.getBoundingClientRect();
        const svgLeft = axis.closest('svg')?.getBoundingClientRect().left ?? 0;
        if (!unit) return ['no unit'];
        const out: string[] = unit.left < svgLeft - 1 ? [`unit cut: ${axis.querySelector('text.unit')?.textContent}`] : [];
        for (const t of axis.querySelectorAll('text:not(.unit)')) {
          const b = t.getBoundingClientRect();
          if (b.left < unit.right && unit.left < b.right && b.top < unit.bottom && unit.top < b.bottom) out.push(`${axis.querySelector('text.unit')?.textContent} over ${t.textContent}`);
          if (b.left < svgLeft - 1) out.push(`tick cut: ${t.textContent}`);
        }
        return out;
      }),
    );
    expect(clashes).toEqual([]);
    // Hints are whole: no 0.2 hint on the axis.
    const hintTicks = await page.getByTestId('chart-hints').locator('[data-testid="y-axis"] text:not(.unit)').allTextContents();
    expect(hintTicks.every((t) => /^\d+$/.test(t))).toBe(true);
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });
});

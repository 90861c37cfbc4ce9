/**
 * The live cluster's node names with many nodes: each name as large as the room between its
 * neighbours allows, never running into another, and a node without room for its name still
 * saying it on hover and focus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { nodeAction, openCluster } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

interface Box {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The names and state lines a person sees on the stage (not the ones waiting for a hover). */
async function shownLabels(page: Page): Promise<Box[]> {
  return page.locator('.cluster-node text.node-label, .cluster-node text.node-state').evaluateAll((texts) =>
    texts
      .filter((t) => getComputedStyle(t).visibility === 'visible')
      .map((t) => {
        const r = t.getBoundingClientRect();
        return { text: `${t.closest('.cluster-node')?.getAttribute('data-testid') ?? ''}:${t.textContent ?? ''}`, x: r.x, y: r.y, width: r.width, height: r.height };
      }),
  );
}

/** Pairs of boxes that overlap by more than a pixel. */
function overlapping(boxes: readonly Box[]): string[] {
  const out: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > 1 && dy > 1) out.push(`${a.text} / ${b.text}`);
    }),
  );
  return out;
}

async function setNodes(page: Page, count: number): Promise<void> {
  await page.getByTestId('setting-partitionCount').fill('160');
  await page.getByTestId('setting-nodes').fill(String(count));
  await page.getByTestId(`node-n${count}`).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor({ timeout: 90_000 });
}

describe('node names on the live cluster’s circle', () => {
  it.each([
    [1280, 800],
    [1920, 1080],
  ])('never overlap with 40 nodes, crashed ones’ state lines included, at %i×%i, in both themes and presenter mode', async (width, height) => {
    const { page, problems } = await openCluster(browser, { host: 'inprocess', viewport: { width, height } });
    await setNodes(page, 40);
    await nodeAction(page, 'n40', 'crash');
    await page.locator('[data-testid="node-n40"][data-state="crashed"]').waitFor();
    await page.keyboard.press('Escape');
    await nodeAction(page, 'n1', 'crash');
    await page.locator('[data-testid="node-n1"][data-state="crashed"]').waitFor();
    await page.keyboard.press('Escape');
    // Away from every node, so none shows its name for a hover.
    await page.mouse.move(2, height - 2);
    for (const mode of ['light', 'dark', 'presenter'] as const) {
      if (mode === 'dark') await page.getByTestId('theme-toggle').click();
      if (mode === 'presenter') await page.getByTestId('presenter-toggle').click();
      await page.mouse.move(2, height - 2);
      // The names' size follows the type a frame after it changes.
      await page.waitForTimeout(300);
      const shown = await shownLabels(page);
      // Every node's name is drawn, readable, and none runs into another.
      expect(shown.filter((b) => /:n\d+$/.test(b.text)).length, mode).toBe(40);
      expect(Math.min(...shown.map((b) => b.height)), mode).toBeGreaterThan(10);
      expect(overlapping(shown), mode).toEqual([]);
      await screenshot(page, `cluster-40-nodes-${mode}-${width}x${height}`);
    }
    expect(problems).toEqual([]);
  });

  it('with 64 nodes at 1280×800 leaves the names to hover and focus, where each node says its name', async () => {
    const { page, problems } = await openCluster(browser, { host: 'inprocess' });
    await setNodes(page, 64);
    await page.mouse.move(2, 798);
    await page.waitForTimeout(300);
    expect(overlapping(await shownLabels(page))).toEqual([]);
    const n17 = page.getByTestId('node-n17');
    await expect(n17.locator('title').textContent()).resolves.toMatch(/^n17: up/);
    await expect(n17.locator('.node-label').evaluate((t) => getComputedStyle(t).visibility)).resolves.toBe('hidden');
    await n17.locator('.node-disc').hover();
    await expect.poll(() => n17.locator('.node-label').evaluate((t) => getComputedStyle(t).visibility)).toBe('visible');
    await screenshot(page, 'cluster-64-nodes-hover-1280x800');
    await page.mouse.move(2, 798);
    await n17.focus();
    await page.keyboard.press('Tab');
    const n18 = page.getByTestId('node-n18');
    await expect.poll(() => n18.locator('.node-label').evaluate((t) => getComputedStyle(t).visibility)).toBe('visible');
    expect(problems).toEqual([]);
  });
});

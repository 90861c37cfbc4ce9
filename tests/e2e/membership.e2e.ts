/**
 * What each node believes (Dynamo §4.8), as a person sees it in the Live cluster and Space-time:
 * a crash noticed only by the nodes it failed to answer, a partition's wrong suspicions, and a
 * 64-node cluster's matrix in small cells with its names on hover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { nodeAction, openCluster, pause, play, setSpeed } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('what each node believes', () => {
  it('shows a crash noticed only by the nodes whose messages it left unanswered, beside the simulator’s truth', async () => {
    const { page, problems } = await openCluster(browser);
    const card = page.getByTestId('membership-views');
    // It asks the run only while in sight, as a person scrolls to it.
    await card.scrollIntoViewIfNeeded();
    const findings = card.getByTestId('belief-findings');
    await findings.filter({ hasText: 'All 5 running nodes hold the same membership view.' }).waitFor();
    await expect(findings.textContent()).resolves.toContain('No node finds another unresponsive.');
    await expect(card.locator('td[data-verdict="reachable"]').count()).resolves.toBe(20);
    await nodeAction(page, 'n2', 'crash');
    await card.locator('[data-testid="beliefs-n2"][data-status="crashed"]').waitFor();
    await expect(findings.textContent()).resolves.toContain('n2 is crashed, and no running node has noticed yet');
    // Traffic soon has a coordinator wait for n2's answer in vain (gossip pushes need none).
    await page.getByTestId('workload-start').click();
    await setSpeed(page, 1);
    await play(page);
    await card.scrollIntoViewIfNeeded();
    await card.locator('td[data-subject="n2"][data-verdict="unreachable"]').first().waitFor({ timeout: 60_000 });
    await pause(page);
    // An answer asked for while the run played may still land: let the card settle on the paused run.
    await page.waitForTimeout(1200);
    const noticed = await card.locator('td[data-subject="n2"][data-verdict="unreachable"]').evaluateAll((cells) =>
      cells.map((c) => c.closest('tr')?.getAttribute('data-testid')?.replace('beliefs-', '') ?? ''),
    );
    const cell = card.locator(`[data-testid="beliefs-${noticed[0] ?? ''}"] td[data-subject="n2"]`);
    await expect(cell.getAttribute('title')).resolves.toMatch(new RegExp(`^${noticed[0] ?? ''} found n2 unresponsive at \\d`));
    // Named as a sentence names them: "n3", "n3 and n4", "n3, n4 and n5".
    const named = noticed.length > 1 ? `${noticed.slice(0, -1).join(', ')} and ${noticed.at(-1) ?? ''}` : noticed.join('');
    await expect(findings.textContent()).resolves.toContain(`n2 is crashed: ${named} found it unresponsive`);
    await screenshot(page, 'membership-crash-noticed-1280x800');
    await card.screenshot({ path: 'test-results/membership-crash-noticed-card.png' });
    expect(problems).toEqual([]);
  });

  it('draws 64 nodes’ beliefs in small cells, names on hover, in Space-time', async () => {
    const { page, problems } = await openCluster(browser, { path: '/?example=big-cluster&v=cluster', scenario: 'A big cluster under load' });
    await page.getByTestId('tab-spacetime').click();
    const card = page.getByTestId('membership-views');
    await card.scrollIntoViewIfNeeded();
    await card.locator('[data-testid="belief-matrix"].compact').waitFor({ timeout: 60_000 });
    await expect(card.locator('[data-testid^="beliefs-"]').count()).resolves.toBe(64);
    await expect(card.locator('[data-testid="beliefs-n1"] rect[data-subject]').count()).resolves.toBe(64);
    await expect(card.locator('[data-testid="beliefs-n7"] rect[data-subject="n9"] title').textContent()).resolves.toBe(
      'n7 has n9 in its view and no reason to doubt it',
    );
    // Cells of a readable size, and the whole matrix in sight at 1280×800 once scrolled to.
    const box = await card.getByTestId('belief-matrix').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(64 * 5);
    expect(box?.height ?? 0).toBeLessThan(400);
    // The matrix fits the card: no cell is cut off at the card's right edge.
    const fits = await card.evaluate((el) => {
      const table = el.querySelector('[data-testid="belief-matrix"]');
      return table !== null && table.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1;
    });
    expect(fits).toBe(true);
    await card.getByTestId('belief-matrix').scrollIntoViewIfNeeded();
    await screenshot(page, 'membership-64-nodes-spacetime-1280x800');
    // In the Live cluster's side column too, within its width.
    await page.getByTestId('tab-cluster').click();
    const side = page.getByTestId('membership-views');
    await side.scrollIntoViewIfNeeded();
    await side.getByTestId('belief-matrix').scrollIntoViewIfNeeded();
    const fitsSide = await side.evaluate((el) => {
      const matrix = el.querySelector('[data-testid="belief-matrix"]');
      return matrix !== null && matrix.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1;
    });
    expect(fitsSide).toBe(true);
    await screenshot(page, 'membership-64-nodes-cluster-1280x800');
    expect(problems).toEqual([]);
  });
});

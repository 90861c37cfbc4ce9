/**
 * The strategy lab as a person uses it (Dynamo §6.2): the same cluster under strategies 1, 2 and 3,
 * their load-balancing efficiency, and what adding or removing a node moves — each number checked
 * against the core computed in Node for the same settings and seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createRing, joinNode, leaveNode } from '../../src/core/partitioning.ts';
import type { RingParams, RingState } from '../../src/core/partitioning.ts';
import { loadBalancingEfficiency, loadShare, metadataBytesPerNode, movedRanges } from '../../src/core/ring-metrics.ts';
import { createPrng } from '../../src/sim/prng.ts';
import { launchBrowser, openApp, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

const SEED = 42;
const N = 3;
/** The default cluster's parameters per strategy: T = 6, Q = 30. */
const PARAMS: Record<1 | 2 | 3, RingParams> = {
  1: { strategy: 1, tokensPerNode: 6 },
  2: { strategy: 2, tokensPerNode: 6, partitionCount: 30 },
  3: { strategy: 3, partitionCount: 30 },
};

/** The lab's ring in Node: stream `ring` builds it, stream `ring:change:k` drives the k-th change. */
function initialRing(strategy: 1 | 2 | 3): RingState {
  const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => ({ id }));
  return createRing({ params: PARAMS[strategy], nodes, N, prng: createPrng(SEED, 'ring') });
}

function efficiencyOf(ring: RingState): number {
  const shares = loadShare(ring);
  return loadBalancingEfficiency(ring.nodes.map((n) => shares[n.id] ?? 0));
}

async function shownValue(page: Page, testId: string): Promise<number> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  return Number(raw);
}

describe('the strategy lab', () => {
  it('shows the same cluster under the three strategies with the core’s efficiency and metadata', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-strategies').click();
    await page.getByTestId('strategy-lab').waitFor();
    for (const strategy of [1, 2, 3] as const) {
      const ring = initialRing(strategy);
      await expect(page.getByTestId(`efficiency-${strategy}`).textContent()).resolves.toBe(efficiencyOf(ring).toFixed(2));
      await expect(shownValue(page, `efficiency-${strategy}`)).resolves.toBe(efficiencyOf(ring));
      await expect(shownValue(page, `metadata-${strategy}`)).resolves.toBe(metadataBytesPerNode(ring));
      await expect(page.getByTestId(`moved-fraction-${strategy}`).textContent()).resolves.toBe('–');
      await expect(page.getByTestId(`lab-ring-${strategy}`).getAttribute('data-token-count')).resolves.toBe(String(ring.tokens.length));
    }
    // Strategy 3 balances perfectly when Q/S is whole (30 partitions, 5 nodes).
    await expect(page.getByTestId('efficiency-3').textContent()).resolves.toBe('1.00');
    expect(problems).toEqual([]);
  });

  it('adds a node and shows the fraction of keys moved, as movedRanges computes it', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-strategies').click();
    await page.getByTestId('add-node').click();
    await expect(page.getByTestId('lab-status').textContent()).resolves.toContain('n6 joined');
    for (const strategy of [1, 2, 3] as const) {
      const before = initialRing(strategy);
      const after = joinNode(before, { id: 'n6' }, N, createPrng(SEED, 'ring:change:0'));
      const { movedFraction, ranges } = movedRanges(before, after, N);
      expect(movedFraction).toBeGreaterThan(0);
      await expect(shownValue(page, `moved-fraction-${strategy}`)).resolves.toBe(movedFraction);
      await expect(page.getByTestId(`moved-fraction-${strategy}`).textContent()).resolves.toBe(`${(movedFraction * 100).toFixed(1)}%`);
      await expect(page.getByTestId(`lab-ring-${strategy}-moved`).locator('path').count()).resolves.toBe(ranges.length);
      await expect(shownValue(page, `efficiency-${strategy}`)).resolves.toBe(efficiencyOf(after));
    }
    await page.waitForTimeout(1500); // let the recolouring finish before the picture; not an assertion
    await screenshot(page, 'strategy-lab-after-join-1280x800');
    expect(problems).toEqual([]);
  });

  it('removes a node after a join, each change drawing from its own stream', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1920, height: 1080 });
    await page.getByTestId('tab-strategies').click();
    await page.getByTestId('add-node').click();
    await page.getByTestId('remove-node').click();
    await expect(page.getByTestId('lab-status').textContent()).resolves.toContain('n6 left');
    for (const strategy of [1, 2, 3] as const) {
      const joined = joinNode(initialRing(strategy), { id: 'n6' }, N, createPrng(SEED, 'ring:change:0'));
      const left = leaveNode(joined, 'n6', N, createPrng(SEED, 'ring:change:1'));
      await expect(shownValue(page, `moved-fraction-${strategy}`)).resolves.toBe(movedRanges(joined, left, N).movedFraction);
    }
    await page.waitForTimeout(1500); // let the recolouring finish before the picture; not an assertion
    await screenshot(page, 'strategy-lab-after-leave-1920x1080');
    await page.getByTestId('reset-lab').click();
    await expect(page.getByTestId('moved-fraction-1').textContent()).resolves.toBe('–');
    expect(problems).toEqual([]);
  });

  it('never removes below N nodes: the button is disabled, not dead', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('setting-nodes').fill('3');
    await page.getByTestId('tab-strategies').click();
    await expect(page.getByTestId('remove-node').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('remove-node').getAttribute('title')).resolves.toBe('N=3 needs at least 3 nodes');
    expect(problems).toEqual([]);
  });

  it('explains in its card a strategy the cluster cannot use, and keeps the others', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('setting-strategy').selectOption('1');
    await page.getByTestId('setting-nodes').fill('40');
    await page.getByTestId('tab-strategies').click();
    await expect(page.getByTestId('strategy-card-3').textContent()).resolves.toContain('Q must be at least the number of nodes S=40 (got 30)');
    await page.getByTestId('efficiency-1').waitFor();
    await page.getByTestId('efficiency-2').waitFor();
    await screenshot(page, 'strategy-lab-40-nodes-1280x800');
    expect(problems).toEqual([]);
  });

  it('stops strategy 3 at Q nodes, naming the current count, while strategies 1 and 2 go on', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('setting-nodes').fill('29');
    await page.getByTestId('tab-strategies').click();
    for (let i = 0; i < 3; i++) await page.getByTestId('add-node').click();
    await expect(page.getByTestId('lab-status').textContent()).resolves.toContain('32 nodes');
    const card3 = page.getByTestId('strategy-card-3');
    await expect(card3.textContent()).resolves.toContain('Q must be at least the number of nodes S=32 (got 30)');
    await expect(card3.textContent()).resolves.toContain('takes at most 30 nodes');
    await expect(card3.textContent()).resolves.toContain('remove 2 nodes or raise Q');
    // Adding stays possible, and says what it does to strategy 3.
    await expect(page.getByTestId('add-node').isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('add-node').getAttribute('title')).resolves.toBe('Add n33 to strategies 1 and 2; strategy 3 takes at most Q=30 nodes');
    for (const strategy of [1, 2] as const) {
      await expect(page.getByTestId(`lab-ring-${strategy}`).getAttribute('data-token-count')).resolves.toBe(String(32 * 6));
      await expect(page.getByTestId(`moved-fraction-${strategy}`).textContent()).resolves.toMatch(/^\d+\.\d%$/);
    }
    await page.waitForTimeout(1500); // let the recolouring finish before the picture; not an assertion
    await screenshot(page, 'strategy-lab-strategy3-stopped-1280x800');

    // Back to Q nodes: strategy 3 returns with its 30-node ring; the nodes it never held moved nothing.
    await page.getByTestId('remove-node').click();
    await page.getByTestId('remove-node').click();
    await expect(page.getByTestId('lab-ring-3').getAttribute('data-token-count')).resolves.toBe('30');
    await expect(page.getByTestId('moved-fraction-3').textContent()).resolves.toBe('0.0%');
    await expect(page.getByTestId('ring-note-3').textContent()).resolves.toBe('n31 never joined this ring (it was full), so its leaving moved nothing.');
    await screenshot(page, 'strategy-lab-strategy3-back-1280x800');
    expect(problems).toEqual([]);
  });

  it('re-lays out on a window resize without replaying the last change', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1280, height: 800 });
    await page.getByTestId('tab-strategies').click();
    await page.getByTestId('add-node').click();
    await page.getByTestId('remove-node').click();
    await expect(page.getByTestId('lab-status').textContent()).resolves.toContain('n6 left');
    await page.waitForTimeout(1500); // the change's own recolouring and fade-in finish
    const canvasWidths = () => page.locator('.lab-ring canvas').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).width).join(','));
    const before = await canvasWidths();
    /** Each ring's pixels and the opacity of its moved-range marks, as they are at this moment. */
    const rings = () =>
      page.locator('.lab-ring').evaluateAll((cards) =>
        cards.map((card) => ({
          pixels: card.querySelector('canvas')?.toDataURL() ?? '',
          movedOpacity: [...card.querySelectorAll('[data-testid$="-moved"] path')].map((path) => path.getAttribute('opacity')),
        })),
      );

    await page.setViewportSize({ width: 1920, height: 1080 }); // onto the projector
    await page.waitForFunction((old) => [...document.querySelectorAll('.lab-ring canvas')].map((c) => (c as HTMLCanvasElement).width).join(',') !== old, before);
    const justAfter = await rings();
    await page.waitForTimeout(1300); // longer than a replay would take
    const settled = await rings();
    for (const [i, ring] of justAfter.entries()) {
      expect(ring.movedOpacity.length, `strategy ${i + 1} marks the ranges n6's leaving moved`).toBeGreaterThan(0);
      expect(ring.movedOpacity.every((opacity) => opacity === '1'), `strategy ${i + 1}'s moved marks stay shown`).toBe(true);
      expect(ring.pixels === settled[i]?.pixels, `strategy ${i + 1}'s ring is drawn as it ends, not replayed from n6's ranges`).toBe(true);
    }
    await screenshot(page, 'strategy-lab-after-resize-1920x1080');
    expect(problems).toEqual([]);
  });
});

/**
 * The ring view as a person uses it (Dynamo §4.2–4.3): change the cluster and see the ring change,
 * type a bad value and read why while the ring stays, look up a key and find the same preference
 * list the core computes, hover tokens, click a node, and draw 64 nodes × 256 tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { positionToFraction } from '../../src/core/hash.ts';
import { createRing, partitions } from '../../src/core/partitioning.ts';
import type { RingParams } from '../../src/core/partitioning.ts';
import { homeReplicasAt, preferenceList } from '../../src/core/preference-list.ts';
import { createPrng } from '../../src/sim/prng.ts';
import { launchBrowser, openApp, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** The ring the page should show, built in Node straight from the core (seed stream `ring`). */
function coreRing(params: RingParams, nodeCount: number, N: number, seed: number) {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ id: `n${i + 1}` }));
  return createRing({ params, nodes, N, prng: createPrng(seed, 'ring') });
}

async function shownPreferenceList(page: Page): Promise<{ node: string; role: string }[]> {
  const list = page.getByTestId('preference-list');
  await list.waitFor();
  return list.locator('li').evaluateAll((items) =>
    items.map((li) => ({ node: li.querySelector('.node-name')?.textContent ?? '', role: li.getAttribute('data-role') ?? '' })),
  );
}

/** WCAG 2 contrast of two CSS colours written as #rgb, #rrggbb or rgb(r, g, b), worked out here, apart from the app's. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour)?.[1];
    const digits = hex?.length === 3 ? [...hex].map((d) => d + d) : hex?.match(/../g);
    const channels = digits ? digits.map((h) => parseInt(h, 16)) : (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    if (channels.length !== 3) throw new Error(`not a colour: ${colour}`);
    const [r, g, bl] = channels.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

async function setField(page: Page, field: string, value: string) {
  await page.getByTestId(`setting-${field}`).fill(value);
}

/** Page coordinates of a ring position, `radiusFactor` times the ring's outer radius from the centre. */
async function ringPoint(page: Page, fraction: number, radiusFactor: number) {
  const box = await page.getByTestId('ring-diagram').boundingBox();
  if (!box) throw new Error('the ring diagram is not on screen');
  const size = Math.min(box.width, box.height);
  const outer = size / 2 - Math.max(40, size * 0.1);
  const angle = fraction * 2 * Math.PI;
  const r = outer * radiusFactor;
  return { x: box.x + box.width / 2 + r * Math.sin(angle), y: box.y + box.height / 2 - r * Math.cos(angle) };
}

describe('the ring view', () => {
  it('redraws when the strategy and the node count change', async () => {
    const { page, problems } = await openApp(browser);
    const diagram = page.getByTestId('ring-diagram');
    await diagram.waitFor();
    await expect(diagram.getAttribute('data-token-count')).resolves.toBe('30');
    await page.getByTestId('setting-strategy').selectOption('1');
    await setField(page, 'nodes', '8');
    await page.getByTestId('node-n8').waitFor();
    await expect(diagram.getAttribute('data-token-count')).resolves.toBe(String(8 * 6));
    await expect(page.getByTestId('cluster-summary').textContent()).resolves.toContain('8 nodes · strategy 1 (T=6)');
    await setField(page, 'nodes', 'A, B, C, D');
    await page.getByTestId('node-D').waitFor();
    await expect(page.locator('[data-testid^="node-"]').count()).resolves.toBe(4);
    expect(problems).toEqual([]);
  });

  it('explains a bad value beside its field and keeps showing the last valid ring', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('key-input').fill('cart:alice');
    const before = await shownPreferenceList(page);
    await setField(page, 'N', '9');
    await expect(page.getByTestId('error-N').textContent()).resolves.toBe('N must be at most the number of nodes (5)');
    await expect(page.getByTestId('setting-N').getAttribute('aria-invalid')).resolves.toBe('true');
    await setField(page, 'R', '0');
    await expect(page.getByTestId('error-R').textContent()).resolves.toBe('R must be a whole number from 1 to N, got 0');
    await page.getByTestId('settings-status').waitFor();
    // The ring and the key's list are still the five-node, N=3 ones.
    await expect(page.getByTestId('ring-diagram').getAttribute('data-token-count')).resolves.toBe('30');
    await expect(shownPreferenceList(page)).resolves.toEqual(before);
    await screenshot(page, 'ring-invalid-field-1280x800');
    await setField(page, 'N', '3');
    await setField(page, 'R', '2');
    await expect(page.getByTestId('error-N').count()).resolves.toBe(0);
    await expect(page.getByTestId('settings-status').count()).resolves.toBe(0);
    // A bad seed is in the toolbar: the panel points there, not at red fields of its own.
    await page.getByTestId('seed-input').fill('abc');
    await expect(page.getByTestId('settings-status').textContent()).resolves.toBe(
      'Showing the last valid cluster until the seed, above, is fixed.',
    );
    await page.getByTestId('seed-input').fill('42');
    expect(problems).toEqual([]);
  });

  it('shows a key’s preference list exactly as the core computes it', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('key-input').fill('cart:alice');
    const expected = preferenceList(coreRing({ strategy: 3, partitionCount: 30 }, 5, 3, 42), 'cart:alice', 3);
    await expect(shownPreferenceList(page)).resolves.toEqual(expected.map((e) => ({ node: e.node, role: e.role })));
    expect(expected.filter((e) => e.role === 'primary')).toHaveLength(3);

    // Same key, another cluster: strategy 1, 7 nodes, T=6, N=2, seed 7.
    await page.getByTestId('setting-strategy').selectOption('1');
    await setField(page, 'nodes', '7');
    await setField(page, 'N', '2');
    await setField(page, 'R', '1');
    await setField(page, 'W', '1');
    await page.getByTestId('seed-input').fill('7');
    const other = preferenceList(coreRing({ strategy: 1, tokensPerNode: 6 }, 7, 2, 7), 'cart:alice', 2);
    await expect.poll(() => shownPreferenceList(page)).toEqual(other.map((e) => ({ node: e.node, role: e.role })));
    await expect(page.getByTestId('key-position').textContent()).resolves.toMatch(/^[0-9a-f]{32}$/);
    await screenshot(page, 'ring-key-strategy1-1280x800');
    expect(problems).toEqual([]);
  });

  it('highlights the ranges a clicked node holds as coordinator and as replica', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1920, height: 1080 });
    await page.getByTestId('node-n2').click();
    await expect(page.getByTestId('ring-diagram').getAttribute('data-selected-node')).resolves.toBe('n2');
    const ring = coreRing({ strategy: 3, partitionCount: 30 }, 5, 3, 42);
    const sets = partitions(ring).map((p) => homeReplicasAt(ring, p.end, 3));
    await expect(page.getByTestId('selected-primary').textContent()).resolves.toBe(String(sets.filter((s) => s[0] === 'n2').length));
    await expect(page.getByTestId('selected-replica').textContent()).resolves.toBe(String(sets.filter((s) => s.indexOf('n2') > 0).length));
    await page.getByTestId('key-input').fill('cart:alice');
    await screenshot(page, 'ring-selected-node-and-key-1920x1080');
    await page.getByTestId('node-n2').click();
    await expect(page.getByTestId('ring-diagram').getAttribute('data-selected-node')).resolves.toBe('');
    expect(problems).toEqual([]);
  });

  it('shows a token’s position and owner on hover', async () => {
    const { page, problems } = await openApp(browser);
    const ring = coreRing({ strategy: 3, partitionCount: 30 }, 5, 3, 42);
    const token = ring.tokens[7];
    if (!token) throw new Error('the default ring has 30 tokens');
    const at = await ringPoint(page, positionToFraction(token.position), 1.03);
    await page.mouse.move(at.x, at.y);
    const tooltip = page.getByTestId('ring-tooltip');
    await tooltip.waitFor();
    await expect(tooltip.textContent()).resolves.toBe(`Token of ${token.node}${token.position}`);
    // Between tokens, the pointer is over a range and the card names its replicas.
    const middle = await ringPoint(page, positionToFraction(token.position) + 1 / 60, 0.9);
    await page.mouse.move(middle.x, middle.y);
    await expect.poll(() => tooltip.textContent()).toMatch(/^Range \d+ of 30: held by n\d, n\d, n\d/);
    await screenshot(page, 'ring-hover-1280x800');
    expect(problems).toEqual([]);
  });

  it('draws 64 nodes × 256 tokens and answers hovers', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1920, height: 1080 });
    await page.getByTestId('setting-strategy').selectOption('1');
    await setField(page, 'tokensPerNode', '256');
    await setField(page, 'nodes', '64');
    const diagram = page.getByTestId('ring-diagram');
    await expect.poll(() => diagram.getAttribute('data-token-count')).toBe(String(64 * 256));
    const ring = coreRing({ strategy: 1, tokensPerNode: 256 }, 64, 3, 42);
    const tooltip = page.getByTestId('ring-tooltip');
    for (const index of [0, 5000, 12345]) {
      const token = ring.tokens[index];
      if (!token) throw new Error('missing token');
      const at = await ringPoint(page, positionToFraction(token.position), 0.9);
      await page.mouse.move(at.x, at.y);
      await expect.poll(() => tooltip.textContent()).toMatch(/^(Token of n\d+[0-9a-f]{32}|Range \d+ of 16384: held by n\d+, n\d+, n\d+)/);
    }
    await page.getByTestId('key-input').fill('cart:alice');
    // The extended list is the whole cluster: the first N + 3 show, the rest on request.
    const full = preferenceList(ring, 'cart:alice', 3).map((e) => ({ node: e.node, role: e.role }));
    await expect(shownPreferenceList(page)).resolves.toEqual(full.slice(0, 6));
    await page.getByTestId('preference-list-toggle').click();
    await expect(shownPreferenceList(page)).resolves.toEqual(full);
    await page.getByTestId('preference-list-toggle').click();
    await page.getByTestId('node-n17').click();
    await screenshot(page, 'ring-64x256-1920x1080');
    expect(problems).toEqual([]);
  });

  it('keeps 64 nodes’ swatches at 3:1 on the page and the preference-list digits at 4.5:1, in both themes', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1920, height: 1080 });
    await page.getByTestId('setting-strategy').selectOption('1');
    await setField(page, 'nodes', '64');
    await page.getByTestId('node-n64').waitFor();
    await page.getByTestId('key-input').fill('cart:alice');
    await page.getByTestId('walk-marker-3').waitFor();
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByTestId('theme-toggle').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'light')).toBe(theme);
      const shown = await page.evaluate(() => {
        const root = getComputedStyle(document.documentElement);
        return {
          backgrounds: [root.getPropertyValue('--bg').trim(), root.getPropertyValue('--surface').trim()],
          swatches: [...document.querySelectorAll('.legend .node-chip')].map((chip) => ({
            node: chip.textContent ?? '',
            colour: getComputedStyle(chip.querySelector('.swatch') as Element).backgroundColor,
          })),
          markers: [...document.querySelectorAll('[data-testid^="walk-marker-"]')].map((marker) => ({
            fill: marker.querySelector('circle')?.getAttribute('fill') ?? '',
            digits: marker.querySelector('text')?.getAttribute('fill') ?? '',
          })),
        };
      });
      expect(shown.swatches).toHaveLength(64);
      const faint = shown.swatches.filter(({ colour }) => shown.backgrounds.some((bg) => contrast(colour, bg) < 3));
      expect(faint, `${theme}: swatches under 3:1 against ${shown.backgrounds.join(', ')}`).toEqual([]);
      expect(shown.markers).toHaveLength(3);
      for (const marker of shown.markers) expect(contrast(marker.fill, marker.digits), `${theme}: digits ${marker.digits} on ${marker.fill}`).toBeGreaterThanOrEqual(4.5);
      await screenshot(page, `ring-64-key-${theme}-1920x1080`);
    }
    expect(problems).toEqual([]);
  });

  it('looks right in the dark theme with a key and a selected node', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('key-input').fill('cart:alice');
    await page.getByTestId('node-n4').click();
    await screenshot(page, 'ring-dark-1280x800');
    expect(problems).toEqual([]);
  });
});

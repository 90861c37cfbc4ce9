/**
 * The Failures panel as a person uses it (Dynamo §4.4, §4.6): a partition that leaves nodes out
 * says they form a side of their own and rings them; the hand clients are placed on either side, so
 * both sides take writes and the heal brings siblings; a request across the partition says why it
 * got no answer; the cut-link lists hold only the ring's members; the latency label gives the
 * applied distribution's real mean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { get, nodeAction, nodeState, openCluster, pause, play, put, setSpeed } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

const viewport = { width: 1400, height: 1400 };

/** Draws a partition: each node clicked once for A, twice for B; the rest are left out. */
async function drawPartition(page: Page, a: string[], b: string[]): Promise<void> {
  await page.getByTestId('partition-mode').click();
  for (const n of a) await page.getByTestId(`node-${n}`).click();
  for (const n of b) {
    await page.getByTestId(`node-${n}`).click();
    await page.getByTestId(`node-${n}`).click();
  }
}

async function statusText(page: Page): Promise<string> {
  return (await page.getByTestId('partition-status').textContent()) ?? '';
}

async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('the Failures panel', () => {
  it('says nodes left out of a partition form a side of their own, and rings them in their own colour', async () => {
    const { page, problems } = await openCluster(browser, { viewport });
    await drawPartition(page, ['n1', 'n2'], ['n3']);
    expect(await page.getByTestId('partition-draft').textContent()).toContain(
      'Nodes left out form a side of their own, cut off from both groups',
    );
    expect(await page.getByTestId('partition-draft-left-out').textContent()).toContain('n4 n5');
    await page.getByTestId('partition-draft').scrollIntoViewIfNeeded();
    await screenshot(page, 'failures-drawing-a-partition');
    await page.getByTestId('partition-apply').click();
    await waitFor(async () => (await statusText(page)).startsWith('Partitioned'), 'the partition');
    expect(await statusText(page)).toBe(
      'Partitioned: n1 n2 · alice | n3 · bob | n4 n5 (not drawn in) (traffic clients with the first)',
    );
    const ringSide = (n: string) =>
      page.getByTestId(`node-${n}`).locator('.partition-ring').getAttribute('data-side');
    expect(await Promise.all(['n1', 'n2', 'n3', 'n4', 'n5'].map(ringSide))).toEqual([
      '0',
      '0',
      '1',
      '2',
      '2',
    ]);
    const colours = await Promise.all(
      ['n1', 'n3', 'n4'].map((n) =>
        page.getByTestId(`node-${n}`).locator('.partition-ring').getAttribute('stroke'),
      ),
    );
    expect(new Set(colours).size).toBe(3);
    await page.getByTestId('partition-status').scrollIntoViewIfNeeded();
    await screenshot(page, 'failures-left-out-side');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('writes on both sides of a partition by hand, says when a request goes across it, and reads siblings after the heal (§4.4)', async () => {
    const { page, problems } = await openCluster(browser, { viewport });
    await setSpeed(page, 1);
    await play(page);
    await drawPartition(page, ['n1', 'n2', 'n3'], ['n4', 'n5']);
    expect(await page.getByTestId('draft-client-alice').getAttribute('data-group')).toBe('A');
    expect(await page.getByTestId('draft-client-bob').getAttribute('data-group')).toBe('B');
    await page.getByTestId('partition-apply').click();
    await waitFor(async () => (await statusText(page)).startsWith('Partitioned'), 'the partition');
    expect(await statusText(page)).toContain('n1 n2 n3 · alice | n4 n5 · bob');

    await put(page, 'cart', 'book', { client: 'alice' });
    await put(page, 'cart', 'pen', { client: 'bob' });
    expect(await page.getByTestId('client-reach').textContent()).toContain(
      'bob reaches n4 n5; n1 n2 n3 are across the partition',
    );
    const n1Option = page.getByTestId('coordinator-select').locator('option[value="n1"]');
    expect(await n1Option.textContent()).toBe('n1 (other side)');
    await put(page, 'cart', 'pencil', { client: 'bob', coordinator: 'n1' });
    const history = page.getByTestId('op-history').locator('li');
    expect(await history.nth(0).textContent()).toContain(
      'failed: bob cannot reach n1 across the partition (no answer within 2000 ms)',
    );
    expect(await history.nth(1).getAttribute('data-ok')).toBe('true');
    expect(await history.nth(2).getAttribute('data-ok')).toBe('true');
    await page.getByTestId('client-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'failures-writers-on-both-sides');

    await page.getByTestId('heal').click();
    await waitFor(async () => (await statusText(page)) === 'No partition.', 'the heal');
    await setSpeed(page, 10);
    // The two writes meet as siblings once hinted handoff and read repair bring them together.
    let versions: string[] = [];
    await waitFor(async () => {
      versions = await get(page, 'cart');
      return versions.length === 2;
    }, 'two siblings');
    expect(versions.join(' ')).toContain('book');
    expect(versions.join(' ')).toContain('pen');
    await page.getByTestId('get-result').scrollIntoViewIfNeeded();
    await screenshot(page, 'failures-siblings-after-heal');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lists only the ring’s members to cut, and gives the applied latency’s real mean', async () => {
    const { page, problems } = await openCluster(browser, { viewport });
    await setSpeed(page, 1);
    await play(page);
    await nodeAction(page, 'n5', 'leave');
    await waitFor(async () => (await nodeState(page, 'n5')) === 'left', 'n5 to leave');
    for (const list of ['cut-from', 'cut-to'])
      expect(await page.getByTestId(list).locator('option').allTextContents()).toEqual([
        'n1',
        'n2',
        'n3',
        'n4',
      ]);
    await pause(page);

    await page.getByTestId('latency-spec').fill('const(100000)');
    await page.getByTestId('latency-apply').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="latency-mean"]')?.textContent === '100000.0',
    );
    expect(await page.getByTestId('latency-outside').textContent()).toContain(
      "past the slider's end (500 ms)",
    );
    expect(await page.getByTestId('latency-slider').inputValue()).toBe('100');
    await page.getByTestId('latency-slider').scrollIntoViewIfNeeded();
    await screenshot(page, 'failures-latency-past-the-end');

    await page.getByTestId('latency-spec').fill('const(0)');
    await page.getByTestId('latency-apply').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="latency-mean"]')?.textContent === '0.0',
    );
    expect(await page.getByTestId('latency-outside').textContent()).toContain(
      "below the slider's start (1.5 ms)",
    );
    expect(await page.getByTestId('latency-slider').inputValue()).toBe('0');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

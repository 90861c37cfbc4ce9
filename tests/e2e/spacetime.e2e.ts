/**
 * The space-time diagram and the inspectors as a person uses them (Dynamo §4.4–4.7): put a key by
 * hand, see the put's arrows between the node lanes, click a message and read its payload, and find
 * the key's versions with their vector clocks on its home replicas in the key inspector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser.ts';
import { openCluster, play, stepOnce } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** Puts `cart = book` from the client panel, plays until the put has an answer, and pauses. */
async function putCart(page: Page): Promise<void> {
  await page.getByTestId('tab-cluster').click();
  await page.getByTestId('play').waitFor({ timeout: 30_000 });
  await page.getByTestId('put-key').fill('cart');
  await page.getByTestId('put-value').fill('book');
  await page.getByTestId('put-submit').click();
  await page.getByTestId('play').click();
  // The put has its answer once the clients' lane shows it finished (green).
  await page.getByTestId('tab-spacetime').click();
  await page.locator('rect.st-op.ok').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('pause').click();
}

/** Boxes that overlap by more than a pixel, named by their text. */
function overlapping(boxes: readonly { text: string; x: number; y: number; width: number; height: number }[]): string[] {
  const out: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > 1 && dy > 1) out.push(`${a.text}/${b.text}`);
    }),
  );
  return out;
}

/** The lane labels' boxes on the page, top to bottom. */
async function laneLabelBoxes(page: Page) {
  return page.locator('.st-lane text').evaluateAll((texts) =>
    texts.map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

describe('the space-time diagram', () => {
  it('shows a put’s arrows, its payload on click, and the key’s versions on every home replica', async () => {
    const { page, problems } = await openApp(browser);
    await putCart(page);
    const diagram = page.getByTestId('space-time');
    await diagram.waitFor();
    // Five node lanes and the clients' lane; the last second holds the put and the background traffic.
    await page.getByRole('button', { name: '1 s' }).click();
    await expect.poll(async () => Number(await diagram.getAttribute('data-arrow-count'))).toBeGreaterThan(5);

    // The put is a bar under the clients' lane; clicking it lights up its messages.
    const op = page.locator('[data-testid^="op-"]').first();
    await op.click();
    const kinds = await page.locator('[data-message-kind]').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-message-kind')));
    expect(kinds[0]).toBe('client.put');
    expect(kinds.filter((k) => k === 'put.replica').length).toBeGreaterThanOrEqual(2);
    expect(kinds).toContain('client.put-reply');
    await expect(page.getByTestId('operation-payload').textContent()).resolves.toContain('put cart');

    // A replica write's payload: kind, ends, times, the operation it serves. At this zoom the write and
    // its ack overlap, so pick it from the operation's list of messages.
    await page.getByTestId('operation-messages').getByRole('button', { name: /^put\.replica n\d→n\d/ }).first().click();
    const payload = page.getByTestId('message-payload');
    await payload.waitFor();
    const text = (await payload.textContent()) ?? '';
    expect(text).toMatch(/put\.replica/);
    expect(text).toMatch(/n\d → n\d/);
    expect(text).toMatch(/delivered\s*[\d.]+ ms/);
    expect(text).toContain('put cart by alice');
    // Its body too, whatever the speed: the version written, with its clock in the paper's notation.
    const body = (await page.getByTestId('message-body').textContent()) ?? '';
    expect(body).toMatch(/"book" \[\(n\d,1\)\]/);

    // The request inspector follows the put's coordinator machine to the end.
    const machine = page.getByTestId('request-machine');
    await expect.poll(() => machine.getAttribute('data-state')).toBe('done');
    // Every reply counted is one listed, the coordinator's own copy included when it is a replica.
    const counted = Number(await page.getByTestId('request-replies').locator('strong').first().textContent());
    await expect(page.getByTestId('request-targets').locator('li[data-replied="true"]').count()).resolves.toBe(counted);

    // The key inspector: every home replica holds "book" with a one-entry clock, e.g. [(n5,1)].
    await page.getByRole('button', { name: 'Inspect key cart' }).click();
    // The key picked elsewhere is in the inspector's box, not a grey placeholder.
    await expect.poll(() => page.getByTestId('key-inspector-input').inputValue()).toBe('cart');
    const inspector = page.getByTestId('key-inspector');
    await expect.poll(() => inspector.locator('tr[data-role="home"][data-versions="1"]').count(), { timeout: 10_000 }).toBe(3);
    const version = await inspector.locator('tr[data-role="home"] [data-testid="version"]').first().textContent();
    expect(version).toMatch(/^"book" \[\(n\d,1\)\]$/);
    await expect(inspector.getByTestId('key-range').textContent()).resolves.toMatch(/^\d+$/);
    await screenshot(page, 'spacetime-put-1280x800');
    await inspector.scrollIntoViewIfNeeded();
    await screenshot(page, 'spacetime-key-inspector-1280x800');
    expect(problems).toEqual([]);
  });

  it('opens after a coordinator crashed and recovered under traffic, the page still answering', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-cluster').click();
    await page.getByTestId('workload-start').click({ timeout: 30_000 });
    const steps = async (n: number) => {
      for (let i = 0; i < n; i++) await stepOnce(page);
    };
    await steps(40);
    await page.getByTestId('node-n3').click();
    await page.getByTestId('node-crash').click();
    await page.locator('[data-testid="node-n3"][data-state="crashed"]').waitFor();
    await steps(20);
    await page.getByTestId('node-n3').click();
    await page.getByTestId('node-recover').click();
    await page.locator('[data-testid="node-n3"][data-state="up"]').waitFor({ timeout: 30_000 });
    await steps(20);
    await page.getByTestId('tab-spacetime').click();
    const diagram = page.getByTestId('space-time');
    await diagram.waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number(await diagram.getAttribute('data-arrow-count')), { timeout: 10_000 }).toBeGreaterThan(0);
    // The page answers: a frozen one would time this out.
    await expect(page.evaluate(() => document.title, undefined)).resolves.toBeTypeOf('string');
    // n3's lane shows the time it was down, named on hover.
    const down = page.getByTestId('down-n3');
    await down.waitFor();
    await expect(down.locator('title').textContent()).resolves.toMatch(/^n3 crashed at .+, recovered at .+$/);
    await expect(down.locator('rect').getAttribute('width').then(Number)).resolves.toBeGreaterThan(1);
    await screenshot(page, 'spacetime-after-recovery-1280x800');
    expect(problems).toEqual([]);
  });

  it('names a key’s homes from the ring as it is now: a node that left is no longer one (§4.9)', async () => {
    const { page, problems } = await openApp(browser);
    await putCart(page);
    await page.getByTestId('key-inspector-input').fill('cart');
    await page.getByTestId('key-inspector-input').press('Enter');
    const homes = () => page.locator('[data-testid^="replica-"][data-role="home"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')?.slice('replica-'.length)));
    await expect.poll(async () => (await homes()).length).toBe(3);
    const [first] = await homes();
    if (first === undefined) throw new Error('no home replica');
    await page.getByTestId('tab-cluster').click();
    await page.getByTestId(`node-${first}`).click();
    await page.getByTestId('node-leave').click();
    await page.getByTestId('play').click();
    await page.locator(`[data-testid="node-${first}"][data-state="left"]`).waitFor({ timeout: 30_000 });
    await page.getByTestId('pause').click();
    await page.getByTestId('tab-spacetime').click();
    await expect.poll(async () => (await homes()).includes(first), { timeout: 10_000 }).toBe(false);
    await expect.poll(async () => (await homes()).length).toBe(3);
    const list = (await page.getByTestId('key-inspector').locator('p.help').first().textContent()) ?? '';
    expect(list).toMatch(/preference list/);
    expect(list.split('preference list')[1]).not.toMatch(new RegExp(`\\b${first}\\b`));
    await screenshot(page, 'spacetime-key-after-leave-1280x800');
    expect(problems).toEqual([]);
  });

  it('follows the playhead, zooms with the wheel and draws a busy run at 1920×1080', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1920, height: 1080 });
    await page.getByTestId('tab-cluster').click();
    await page.getByTestId('workload-start').click({ timeout: 30_000 });
    await page.getByTestId('play').click();
    await page.getByTestId('tab-spacetime').click();
    const diagram = page.getByTestId('space-time');
    await diagram.waitFor();
    await expect.poll(async () => Number(await diagram.getAttribute('data-arrow-count')), { timeout: 20_000 }).toBeGreaterThan(10);
    await expect(diagram.getAttribute('data-following')).resolves.toBe('true');
    const before = Number(await diagram.getAttribute('data-window-end'));
    await expect.poll(async () => Number(await diagram.getAttribute('data-window-end'))).toBeGreaterThan(before);
    await page.getByTestId('space-time-now').waitFor();
    // Five nodes' lanes fit the view: nothing to scroll.
    await expect(page.getByTestId('space-time-lanes').evaluate((el) => el.scrollHeight - el.clientHeight)).resolves.toBe(0);

    // Wheel up zooms in around the pointer and stops following; "Follow now" resumes.
    const box = await diagram.boundingBox();
    if (!box) throw new Error('the diagram is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => diagram.getAttribute('data-following')).toBe('false');
    const span = Number(await diagram.getAttribute('data-window-end')) - Number(await diagram.getAttribute('data-window-start'));
    expect(span).toBeLessThan(120);
    await page.getByRole('button', { name: '1 s' }).click();
    await page.getByTestId('pause').click();
    await screenshot(page, 'spacetime-busy-1920x1080');
    await page.getByTestId('space-time-follow').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
  it('gives each of 40 nodes a lane whose name reads on its own, scrolling the lanes under a fixed time axis, in both themes and presenter mode', async () => {
    const { page, problems } = await openCluster(browser);
    await page.getByTestId('setting-partitionCount').fill('120');
    await page.getByTestId('setting-nodes').fill('40');
    await page.getByTestId('node-n40').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor({ timeout: 90_000 });
    await page.getByTestId('workload-start').click();
    await play(page);
    await page.getByTestId('tab-spacetime').click();
    const diagram = page.getByTestId('space-time');
    await diagram.waitFor();
    await expect.poll(async () => Number(await diagram.getAttribute('data-arrow-count')), { timeout: 20_000 }).toBeGreaterThan(10);
    await page.getByTestId('pause').click();
    await expect.poll(() => page.locator('.st-lane text').count()).toBe(41);

    const lanes = page.getByTestId('space-time-lanes');
    for (const mode of ['light', 'dark', 'presenter'] as const) {
      if (mode === 'dark') await page.getByTestId('theme-toggle').click();
      if (mode === 'presenter') await page.getByTestId('presenter-toggle').click();
      // The lanes' pitch follows the type a frame after it changes.
      await page.waitForTimeout(300);
      const boxes = await laneLabelBoxes(page);
      expect(overlapping(boxes), mode).toEqual([]);
      expect(Math.min(...boxes.map((b) => b.height)), mode).toBeGreaterThan(12);
      await lanes.evaluate((el) => el.scrollTo({ top: 0 }));
      await screenshot(page, `spacetime-40-nodes-top-${mode}-1280x800`);

      // The time axis stays in view while the lanes scroll to the clients' lane at the bottom.
      const axisBefore = await page.locator('.st-axis .st-tick text').first().boundingBox();
      await lanes.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.waitForTimeout(200);
      const axisAfter = await page.locator('.st-axis .st-tick text').first().boundingBox();
      expect(axisAfter?.y, mode).toBe(axisBefore?.y);
      const frame = await diagram.boundingBox();
      const clients = (await laneLabelBoxes(page)).find((b) => b.text === 'clients');
      if (!frame || !clients) throw new Error('the diagram or its clients lane is missing');
      expect(clients.y, mode).toBeGreaterThan(frame.y);
      expect(clients.y + clients.height, mode).toBeLessThanOrEqual(frame.y + frame.height);
      // The diagram fits in the window under the controls: no page scrolling to reach its bottom lane.
      expect(frame.y + frame.height, mode).toBeLessThanOrEqual(800);
      // An operation bar under the clients' lane is there to click.
      await page.locator('rect.st-op').first().waitFor();
      await screenshot(page, `spacetime-40-nodes-bottom-${mode}-1280x800`);
    }
    expect(problems).toEqual([]);
  });
});

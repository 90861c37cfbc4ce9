/**
 * The live cluster as a person uses it (Dynamo §4.4–4.7): put and get by hand, crash a home
 * replica and watch its writes wait as hints on a fallback and come back after recovery, partition
 * and heal until the replicas agree, make siblings with two clients and merge them, and scrub the
 * timeline back and forth to the same state. Nodes run one Web Worker each, as in the product.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import {
  defaultHomes,
  get,
  hintsOn,
  nodeAction,
  nodeState,
  openCluster,
  pause,
  play,
  put,
  setRange,
  setSpeed,
} from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
const [home1 = 'n1', home2 = 'n2', home3 = 'n3'] = defaultHomes('cart');
const others = nodes.filter((n) => ![home1, home2, home3].includes(n));

async function totalHints(page: Page, except: string[] = []): Promise<number> {
  let sum = 0;
  for (const n of nodes) if (!except.includes(n)) sum += await hintsOn(page, n);
  return sum;
}

async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
  page?: Page,
  shown?: () => Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      if (page)
        await page.screenshot({ path: `test-results/timeout-${what.replace(/\W+/g, '-')}.png` });
      throw new Error(
        `timed out waiting for ${what}${shown ? `; page shows ${JSON.stringify(await shown())}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('the live cluster by hand', () => {
  it('puts a cart and gets it back with its vector clock and context', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    await put(page, 'cart', 'book, pen', { coordinator: home1 });
    const versions = await get(page, 'cart');
    expect(versions).toHaveLength(1);
    expect(versions[0]).toContain('[book, pen]');
    expect(versions[0]).toContain(`[(${home1},1)]`);
    expect(await page.getByTestId('get-context').textContent()).toBe(`[(${home1},1)]`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a crashed home replica’s writes wait as hints on a fallback and are handed back after recovery (§4.6)', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    await nodeAction(page, home2, 'crash');
    await until(async () => (await nodeState(page, home2)) === 'crashed', `${home2} crashed`);
    // Two writes: the first lets the coordinator notice the silent replica, the second goes to a fallback at once.
    await put(page, 'cart', 'book', { coordinator: home1 });
    await put(page, 'cart', 'book, pen', { coordinator: home1 });
    await until(async () => (await totalHints(page, [home2])) > 0, 'a hint on a fallback');
    const holders = [];
    for (const n of nodes) if ((await hintsOn(page, n)) > 0) holders.push(n);
    expect(holders.every((n) => n !== home2)).toBe(true);

    await nodeAction(page, home2, 'recover');
    await until(async () => (await nodeState(page, home2)) === 'up', `${home2} up`);
    await setSpeed(page, 10);
    await until(async () => (await totalHints(page)) === 0, 'every hint handed off');
    for (const n of holders)
      expect(await page.getByTestId(`hints-${n}`).getAttribute('data-count')).toBe('0');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('partition, write on one side, heal: the home replicas converge (§4.6, §4.7)', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    const sideA = [home1, others[0] ?? ''];
    const sideB = nodes.filter((n) => !sideA.includes(n));
    await page.getByTestId('partition-mode').click();
    for (const n of sideA) await page.getByTestId(`node-${n}`).click();
    for (const n of sideB) {
      await page.getByTestId(`node-${n}`).click();
      await page.getByTestId(`node-${n}`).click();
    }
    await page.getByTestId('partition-apply').click();
    await until(
      async () =>
        ((await page.getByTestId('partition-status').textContent()) ?? '').startsWith(
          'Partitioned',
        ),
      'the partition',
    );
    await put(page, 'cart', 'book', { coordinator: home1 });
    await page.getByTestId('heal').click();
    await until(
      async () => (await page.getByTestId('partition-status').textContent()) === 'No partition.',
      'the heal',
    );
    await setSpeed(page, 10);

    await page.getByTestId('tab-spacetime').click();
    await page.getByTestId('key-inspector-input').fill('cart');
    await page.getByTestId('key-inspector-input').press('Enter');
    const versionsOn = (n: string) =>
      page.getByTestId(`replica-${n}`).getByTestId('version').allTextContents();
    await until(
      async () => {
        const all = await Promise.all([home1, home2, home3].map(versionsOn));
        return all.every((v) => v.length === 1 && v[0] === all[0]?.[0]);
      },
      'the home replicas to agree',
      60_000,
      page,
      () => Promise.all([home1, home2, home3, ...others].map(versionsOn)),
    );
    expect((await versionsOn(home2))[0]).toContain('book');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('two clients writing through different coordinators make siblings; the cart merge supersedes them (§4.4)', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    await put(page, 'cart', 'book', { client: 'alice', coordinator: home1 });
    await put(page, 'cart', 'mug', { client: 'bob', coordinator: home2 });
    const siblings = await get(page, 'cart', { client: 'alice', coordinator: home3 });
    expect(siblings).toHaveLength(2);
    expect(siblings.join(' ')).toContain(`(${home1},1)`);
    expect(siblings.join(' ')).toContain(`(${home2},1)`);
    await page.screenshot({ path: 'test-results/cluster-siblings.png' });
    await page.getByTestId('merge-siblings').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="op-history"] li[data-ok="true"]').length >= 4,
    );
    const merged = await get(page, 'cart', { client: 'bob', coordinator: home2 });
    expect(merged).toHaveLength(1);
    expect(merged[0]).toContain('[book, mug]');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the context Put will send: empty before a client has an answer for the key, then that answer’s clock (§4.4)', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    const shown = page.getByTestId('put-context');
    const clock = page.getByTestId('put-context-clock');
    await page.getByTestId('put-key').fill('cart');
    await page.getByTestId('client-select').selectOption('alice');
    expect(await shown.getAttribute('data-empty')).toBe('true');
    expect(await shown.textContent()).toContain('alice has had no answer for cart');
    await put(page, 'cart', 'book', { client: 'alice', coordinator: home1 });
    await put(page, 'cart', 'mug', { client: 'bob', coordinator: home2 });
    // Each client's context is its own put's clock; neither has seen the other's write.
    await page.getByTestId('client-select').selectOption('alice');
    await page.waitForFunction(() => document.querySelector('[data-testid="put-context"]')?.getAttribute('data-empty') === 'false');
    expect(await clock.textContent()).toBe(`[(${home1},1)]`);
    await page.getByTestId('client-select').selectOption('bob');
    expect(await clock.textContent()).toBe(`[(${home2},1)]`);
    // Another key: bob has no answer for it.
    await page.getByTestId('put-key').fill('wishlist');
    expect(await shown.getAttribute('data-empty')).toBe('true');
    // After alice reads both siblings, her next put carries both clocks: it supersedes them.
    const siblings = await get(page, 'cart', { client: 'alice', coordinator: home3 });
    expect(siblings).toHaveLength(2);
    await page.waitForFunction(
      (want) => want.every((entry) => document.querySelector('[data-testid="put-context-clock"]')?.textContent?.includes(entry)),
      [`(${home1},1)`, `(${home2},1)`],
    );
    expect(await shown.textContent()).toContain('alice’s last answer for cart');
    await screenshot(page, 'cluster-put-context-1280x800');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows siblings written through one coordinator as concurrent: each written over the empty context (§4.4)', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    await put(page, 'cart', 'book', { client: 'alice', coordinator: home1 });
    await put(page, 'cart', 'mug', { client: 'bob', coordinator: home1 });
    const siblings = await get(page, 'cart', { client: 'alice', coordinator: home1 });
    // Their clocks alone, [(h,1)] and [(h,2)], look ordered; what each was written over says not.
    expect(siblings.join(' ')).toContain(`(${home1},1)`);
    expect(siblings.join(' ')).toContain(`(${home1},2)`);
    await expect(page.getByTestId('get-version-over').allTextContents()).resolves.toEqual([
      expect.stringContaining(`written over [] by ${home1}`),
      expect.stringContaining(`written over [] by ${home1}`),
    ]);
    await expect(page.getByTestId('op-history').textContent()).resolves.toContain(
      `bob put cart [(${home1},2)] via ${home1}`,
    );
    await screenshot(page, 'cluster-siblings-one-coordinator');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('ticks checkpoints on the timeline and scrubs back through them to the same state', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 100);
    await page.getByTestId('workload-start').click();
    await play(page);
    const clock = page.getByTestId('virtual-time');
    const ticks = page.locator('[data-testid="timeline-checkpoints"] option');
    // Checkpoints come every 10,000 events, spaced further when one is slow (they keep under 5 % of
    // wall time), so the run plays until the timeline shows two rather than to an event count.
    await until(async () => (await ticks.count()) >= 2, 'two checkpoint ticks on the timeline', 120_000, page);
    await pause(page);
    // The batch in flight when the pause landed finishes first: read the end once the clock stands still.
    let lastMs = -1;
    await until(
      async () => {
        const ms = Number(await clock.getAttribute('data-now-ms'));
        const still = ms === lastMs;
        lastMs = ms;
        if (!still) await page.waitForTimeout(300);
        return still;
      },
      'the clock to stand still after the pause',
      30_000,
      page,
    );
    const checkpointsMs = await ticks.evaluateAll((options) => options.map((o) => Number((o as HTMLOptionElement).value)));
    const endMs = Number(await clock.getAttribute('data-now-ms'));
    const endHash = await clock.getAttribute('data-trace-hash');
    const endEvents = Number(await clock.getAttribute('data-events'));
    await screenshot(page, 'cluster-checkpoints');

    // Just after a checkpoint well before the end: restored from it, then a short replay.
    const checkpointMs = checkpointsMs.filter((ms) => ms < endMs - 1000).at(-1);
    expect(checkpointMs).toBeDefined();
    const target = Math.round((checkpointMs as number) + 1);
    await setRange(page, 'timeline', target);
    // A seek ends at the first batch boundary at or after its target, as the run it replays did:
    // within one batch window (the default network's 1 ms minimum latency).
    const landed = (ms: number, at: number) => ms >= at && ms < at + 1;
    await until(
      async () => landed(Number(await clock.getAttribute('data-now-ms')), target),
      'the seek back to a checkpoint',
      60_000,
      page,
    );
    expect(Number(await clock.getAttribute('data-events'))).toBeLessThan(endEvents);

    await setRange(page, 'timeline', endMs);
    await until(
      async () => Number(await clock.getAttribute('data-now-ms')) >= endMs,
      'the seek forward',
      60_000,
      page,
    );
    expect(await clock.getAttribute('data-trace-hash')).toBe(endHash);
    expect(Number(await clock.getAttribute('data-events'))).toBe(endEvents);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('scrubs back and forth to the same state by replay from the seed (before the first checkpoint)', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await page.getByTestId('workload-start').click();
    await play(page);
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) > 300,
    );
    await nodeAction(page, 'n4', 'crash');
    await until(async () => (await nodeState(page, 'n4')) === 'crashed', 'n4 crashed');
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) > 800,
    );
    await pause(page);
    const clock = page.getByTestId('virtual-time');
    const endMs = Number(await clock.getAttribute('data-now-ms'));
    const endHash = await clock.getAttribute('data-trace-hash');

    await setRange(page, 'timeline', 150);
    await until(
      async () =>
        (await page.getByTestId('playback-state').getAttribute('data-state')) === 'paused' &&
        // The first batch boundary at or after 150 ms: within one batch window (1 ms by default).
        Number(await clock.getAttribute('data-now-ms')) >= 150 &&
        Number(await clock.getAttribute('data-now-ms')) < 151,
      'the seek back',
      60_000,
      page,
      async () => [
        await clock.getAttribute('data-now-ms'),
        await page.getByTestId('playback-state').textContent(),
      ],
    );
    expect(await nodeState(page, 'n4')).toBe('up');
    expect(await clock.getAttribute('data-trace-hash')).not.toBe(endHash);

    await setRange(page, 'timeline', endMs);
    await until(
      async () =>
        (await page.getByTestId('playback-state').getAttribute('data-state')) === 'paused' &&
        Number(await clock.getAttribute('data-now-ms')) >= endMs,
      'the seek forward',
      60_000,
      page,
      async () => [
        endMs,
        await clock.getAttribute('data-now-ms'),
        await page.getByTestId('playback-state').textContent(),
      ],
    );
    expect(Number(await clock.getAttribute('data-now-ms'))).toBe(endMs);
    expect(await clock.getAttribute('data-trace-hash')).toBe(endHash);
    expect(await nodeState(page, 'n4')).toBe('crashed');

    // Back again, and a crash there forks the run: the timeline ends where the new run is.
    await setRange(page, 'timeline', 200);
    await until(
      async () =>
        (await page.getByTestId('playback-state').getAttribute('data-state')) === 'paused' &&
        Number(await clock.getAttribute('data-now-ms')) < 201,
      'the second seek back',
      60_000,
    );
    expect(Number(await page.getByTestId('timeline').getAttribute('max'))).toBe(endMs);
    await nodeAction(page, 'n2', 'crash');
    await until(async () => (await nodeState(page, 'n2')) === 'crashed', 'n2 crashed');
    await until(
      async () => Number(await page.getByTestId('timeline').getAttribute('max')) < 202,
      'the timeline ending at the fork',
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('the node menu', () => {
  it('opens in view for a low node, closes on Esc with focus back on the node, and on a press elsewhere', async () => {
    const viewport = { width: 1280, height: 800 };
    const { page, problems } = await openCluster(browser, { viewport });
    const menu = page.getByTestId('node-menu');
    for (const n of ['n3', 'n4']) {
      // A slowed node's menu has its tallest form: "Normal speed" is added above "Remove from ring".
      await nodeAction(page, n, 'slow');
      await page.locator(`[data-testid="node-${n}"][data-slow="5"]`).waitFor();
      await page.getByTestId(`node-${n}`).click();
      await menu.waitFor();
      for (const item of ['node-crash', 'node-normal-speed', 'node-leave']) {
        const box = await page.getByTestId(item).boundingBox();
        expect(box, item).not.toBeNull();
        expect(box!.y, `${n} ${item} top`).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height, `${n} ${item} bottom`).toBeLessThanOrEqual(viewport.height);
      }
      const scrolled = await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0);
      expect(scrolled).toBe(0);
      await screenshot(page, `cluster-menu-${n}-1280x800`);
      // Esc from inside the menu: it closes, and the keyboard is back on the node it was for.
      await menu.getByTestId('node-crash').focus();
      await page.keyboard.press('Escape');
      await expect(menu.count()).resolves.toBe(0);
      await expect(
        page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      ).resolves.toBe(`node-${n}`);
    }
    // Esc closes only the menu: the run and presenter mode are as they were.
    await expect(page.locator('html').getAttribute('data-presenter')).resolves.not.toBe('on');
    await page.getByTestId('node-n1').click();
    await menu.waitFor();
    await page.getByTestId('in-flight-count').click();
    await expect(menu.count()).resolves.toBe(0);
    // Its own node's click still toggles it.
    await page.getByTestId('node-n1').click();
    await menu.waitFor();
    await page.getByTestId('node-n1').click();
    await expect(menu.count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('the client form', () => {
  it('explains a blank key and a value of only commas, says an empty value writes an empty cart, and says to press Play', async () => {
    const { page, problems } = await openCluster(browser);
    const putButton = page.getByTestId('put-submit');
    await page.getByTestId('put-key').fill('   ');
    await expect(page.getByTestId('error-put-key').textContent()).resolves.toBe(
      'Key is only spaces: type a key such as cart',
    );
    await expect(putButton.isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('get-submit').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('put-key-hint').textContent()).resolves.toBe(
      'Spaces at either end are dropped',
    );
    await page.getByTestId('put-value').fill(' , , ');
    await expect(page.getByTestId('error-put-value').textContent()).resolves.toBe(
      'Value has commas but no items: type items such as book, pen, or clear the field to write an empty cart []',
    );
    await screenshot(page, 'cluster-client-errors-1280x800');
    await page.getByTestId('put-key').fill('  cart ');
    await expect(page.getByTestId('error-put-key').count()).resolves.toBe(0);
    await expect(putButton.isDisabled()).resolves.toBe(true);
    await page.getByTestId('put-value').fill('');
    await expect(page.getByTestId('error-put-value').count()).resolves.toBe(0);
    await expect(page.getByTestId('put-value-hint').textContent()).resolves.toBe(
      'Empty: Put writes an empty cart []',
    );
    // Paused: a Put, like a Get, says why nothing happens yet.
    await putButton.click();
    const putResult = page.getByTestId('put-result');
    await expect(putResult.getAttribute('data-state')).resolves.toBe('waiting');
    await expect(putResult.textContent()).resolves.toBe(
      'Waiting for W replies… The run is paused: press ▶ Play to send the put.',
    );
    await page.getByTestId('get-submit').click();
    await expect(page.getByTestId('get-result').textContent()).resolves.toBe(
      'Waiting for R replies… The run is paused: press ▶ Play to send the get.',
    );
    await screenshot(page, 'cluster-client-paused-1280x800');
    await setSpeed(page, 1);
    await play(page);
    await page.locator('[data-testid="put-result"][data-state="ok"]').waitFor({ timeout: 30_000 });
    // The key went out trimmed, and the empty value as an empty cart.
    await expect(putResult.textContent()).resolves.toMatch(/^Put cart = \[\] via n\d/);
    await page.locator('[data-testid="get-result"]:not([data-state="waiting"])').waitFor();
    await expect(page.locator('[data-testid="get-result"] .result-key').textContent()).resolves.toBe('cart');
    // A long value stays inside the result box, whole on hover.
    const long = 'x'.repeat(3000);
    await put(page, 'long', long);
    const versions = await get(page, 'long');
    expect(versions[0]).toContain(long);
    const value = page.locator('[data-testid="get-version"] .version-value');
    await expect(value.getAttribute('title')).resolves.toBe(long);
    const box = (await page.getByTestId('get-result').boundingBox())!;
    const shown = (await value.boundingBox())!;
    expect(shown.x + shown.width).toBeLessThanOrEqual(box.x + box.width);
    expect(shown.height).toBeLessThan(40);
    const putShown = (await page.locator('[data-testid="put-result"] .version-value').boundingBox())!;
    expect(putShown.x + putShown.width).toBeLessThanOrEqual(box.x + box.width);
    await screenshot(page, 'cluster-client-long-value-1280x800');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

/**
 * Sharing in Chromium: a link reopens the same run in a new page (same virtual time, trace hash and
 * node states); a link made on the Ring or Strategies tab reopens that tab with its key and node
 * or its lab's joins and leaves; a damaged link is explained and the playground still works; a
 * fuzzer link opens its case; a broken import file is refused with the previous run still there;
 * export gives a file that imports again; a view exports as SVG and PNG.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, shownText } from './browser.ts';
import { stepOnce } from './cluster-live.ts';

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

async function runState(page: Page) {
  await paused(page);
  const time = page.getByTestId('virtual-time');
  const nodes = await page
    .locator('[data-testid="cluster-view"] [data-testid^="node-n"]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-state')}`),
    );
  const hints = await page
    .locator('[data-testid^="hints-"]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-count')}`),
    );
  return {
    nowMs: await time.getAttribute('data-now-ms'),
    events: await time.getAttribute('data-events'),
    traceHash: await time.getAttribute('data-trace-hash'),
    nodes,
    hints,
  };
}

/** Steps `before` batches, crashes `node` by hand, then steps `after` more. */
async function crashMidRun(page: Page, node: string, before: number, after: number): Promise<void> {
  const steps = async (n: number) => {
    for (let i = 0; i < n; i++) await stepOnce(page);
  };
  await steps(before);
  await page.getByTestId(`node-${node}`).click();
  await page.getByTestId('node-crash').click();
  await page.locator(`[data-testid="node-${node}"][data-state="crashed"]`).waitFor();
  await steps(after);
}

async function openLiveCluster(browser: Browser, path = '/') {
  const app = await openApp(browser, path);
  await app.page.getByTestId('tab-cluster').click();
  await paused(app.page);
  return app;
}

describe('share links', () => {
  it('reopen the run in a new page at the same time, trace hash and node states', async () => {
    const { page, problems } = await openLiveCluster(browser);
    await crashMidRun(page, 'n2', 5, 8);
    const before = await runState(page);
    await page.getByTestId('share-link').click();
    const url = await page.getByTestId('share-url').inputValue();
    expect(url).toContain('?s=s1.');
    expect(page.url()).toBe(url);

    const other = await openApp(browser, new URL(url).pathname + new URL(url).search);
    await other.page.getByTestId('cluster-view').waitFor();
    await other.page.waitForFunction(
      (ms) =>
        document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms') === ms,
      before.nowMs,
      { timeout: 90_000 },
    );
    const after = await runState(other.page);
    expect(after).toEqual(before);
    // The hash a person compares is on screen, beside the cluster's summary.
    await expect(other.page.getByTestId('trace-hash').textContent()).resolves.toBe(`trace ${before.traceHash}`);
    await expect(other.page.getByTestId('scenario-name').textContent()).resolves.toContain(
      'Shared link',
    );
    await screenshot(other.page, 'share-reopened-1280x800');
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('explain a damaged link and leave the playground working', async () => {
    const { page, problems } = await openApp(browser, '/?s=s1.this-is-not-a-run');
    const notice = page.getByTestId('scenario-notice');
    await notice.waitFor();
    await expect(notice.getAttribute('data-tone')).resolves.toBe('error');
    await expect(notice.textContent()).resolves.toContain('This link could not be opened');
    await page.getByTestId('ring-view').waitFor();
    await page.getByTestId('tab-cluster').click();
    await paused(page);
    await stepOnce(page);
    await screenshot(page, 'share-damaged-link-1280x800');
    expect(problems).toEqual([]);
  });

  it('open the fuzzer’s case for a seed at a time', async () => {
    const { page, problems } = await openApp(browser, '/?fuzz=5&t=1500');
    await page.getByTestId('cluster-view').waitFor();
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) >= 1500,
      undefined,
      { timeout: 90_000 },
    );
    await expect(page.getByTestId('scenario-name').textContent()).resolves.toContain('Fuzz seed 5');
    expect(problems).toEqual([]);
  });

  it('show how far a link opened at a far time has replayed, and stop there when asked', async () => {
    // A time mistyped by some digits: over a day of virtual time, hours to replay.
    const { page, problems } = await openApp(browser, '/?fuzz=5&t=99999999');
    const progress = page.getByTestId('opening-progress');
    await progress.waitFor({ timeout: 90_000 });
    // 99,999,999 ms, as the clock shows it: it drops the digits it does not show.
    await expect(progress.textContent()).resolves.toMatch(/replaying to 99999\.99 s: .* so far/);
    await screenshot(page, 'share-opening-far-time-1280x800');
    // It moves on while it replays.
    const first = Number(await progress.getAttribute('data-reached-ms'));
    await page.waitForFunction(
      (v) => Number(document.querySelector('[data-testid="opening-progress"]')?.getAttribute('data-reached-ms')) > v,
      first,
      { timeout: 60_000 },
    );
    await page.getByTestId('opening-stop').click();
    await paused(page);
    await expect(progress.count()).resolves.toBe(0);
    const nowMs = Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    expect(nowMs).toBeGreaterThan(0);
    expect(nowMs).toBeLessThan(99_999_999);
    // The run is usable where it stopped: it plays on.
    await page.getByTestId('play').click();
    await page.waitForFunction(
      (t) => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) > t,
      nowMs,
      { timeout: 30_000 },
    );
    expect(problems).toEqual([]);
  });

  it('offers the opened run back when the cluster is changed while it replays', async () => {
    const { page, problems } = await openApp(browser, '/?fuzz=5&t=99999999');
    await page.getByTestId('opening-progress').waitFor({ timeout: 90_000 });
    await page.getByTestId('setting-R').fill('1');
    const notice = page.getByTestId('scenario-notice');
    await expect(notice.textContent()).resolves.toMatch(/The cluster changed \(R 2 → 1\).*Undo brings back the run you had, at 100000\.00 s/);
    await page.getByTestId('scenario-notice-action').click();
    // The opened run replays again, with its own settings.
    await page.getByTestId('opening-progress').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('setting-R').inputValue()).toBe('2');
    await page.getByTestId('opening-stop').click();
    await paused(page);
    expect(problems).toEqual([]);
  });

  it('open a heavy-mix fuzzer case, and explain a mix that does not exist', async () => {
    const heavy = await openApp(browser, '/?fuzz=2201441&mix=heavy&t=500');
    await heavy.page.getByTestId('cluster-view').waitFor();
    await shownText(heavy.page, 'scenario-name', 'Fuzz seed 2201441, heavy mix');
    // That seed draws ten nodes; the standard mix never draws more than eight.
    await heavy.page.locator('[data-testid="node-n10"]').waitFor();
    await heavy.page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) >= 500,
      undefined,
      { timeout: 90_000 },
    );
    await screenshot(heavy.page, 'share-fuzz-heavy-1280x800');
    expect(heavy.problems).toEqual([]);

    const { page, problems } = await openApp(browser, '/?fuzz=5&mix=huge');
    const notice = page.locator('[data-testid="scenario-notice"][data-tone="error"]');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(
      'This fuzzer link could not be opened: mix must be standard or heavy, got "huge"',
    );
    await page.getByTestId('ring-view').waitFor();
    expect(problems).toEqual([]);
  });
});

/** The new page opened on the link in the share box, as a person pasting it would. */
async function openShared(page: Page) {
  const url = await page.getByTestId('share-url').inputValue();
  return { url, ...(await openApp(browser, new URL(url).pathname + new URL(url).search)) };
}

describe('share links of the other tabs', () => {
  it('reopen the Ring tab with its cluster, the key typed and the node selected', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('setting-strategy').selectOption('1');
    await page.getByTestId('setting-nodes').fill('8');
    await page.getByTestId('node-n8').waitFor();
    await page.getByTestId('key-input').fill('cart:bob');
    await page.getByTestId('node-n3').click();
    const list = await page.getByTestId('preference-list').textContent();
    const tokens = await page.getByTestId('ring-diagram').getAttribute('data-token-count');
    await page.getByTestId('share-link').click();
    await expect(page.getByTestId('scenario-notice').textContent()).resolves.toContain(
      'It reopens the Ring tab with this cluster, the key “cart:bob” and node n3 selected; the live tabs get this run at this moment',
    );

    const other = await openShared(page);
    expect(other.url).toMatch(/\?s=s1\.[^&]+&v=ring&key=cart%3Abob&node=n3$/);
    await other.page.locator('[data-testid="ring-diagram"][data-selected-node="n3"]').waitFor();
    await expect(other.page.getByTestId('tab-ring').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(other.page.getByTestId('key-input').inputValue()).resolves.toBe('cart:bob');
    await expect(other.page.getByTestId('preference-list').textContent()).resolves.toBe(list);
    await expect(other.page.getByTestId('selected-node').textContent()).resolves.toContain('n3');
    await expect(other.page.getByTestId('ring-diagram').getAttribute('data-token-count')).resolves.toBe(tokens);
    await expect(other.page.getByTestId('setting-nodes').inputValue()).resolves.toBe('8');
    await expect(other.page.getByTestId('setting-strategy').inputValue()).resolves.toBe('1');
    await screenshot(other.page, 'share-ring-reopened-1280x800');
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('reopen the Strategies tab with the lab’s joins and leaves', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-strategies').click();
    await page.getByTestId('add-node').click();
    await page.getByTestId('add-node').click();
    await page.getByTestId('remove-node').click();
    await expect(page.getByTestId('lab-status').textContent()).resolves.toContain('n7 left');
    const moved = async (p: Page) =>
      Promise.all([1, 2, 3].map((k) => p.getByTestId(`moved-fraction-${k}`).textContent()));
    const before = await moved(page);
    await page.getByTestId('share-link').click();
    await expect(page.getByTestId('scenario-notice').textContent()).resolves.toContain(
      'It reopens the Strategies tab with this cluster and its 3 changes (n6 joined, n7 joined, n7 left)',
    );

    const other = await openShared(page);
    expect(other.url).toMatch(/&v=strategies&lab=join-n6\.join-n7\.leave-n7$/);
    await other.page.getByTestId('strategy-lab').waitFor();
    await expect(other.page.getByTestId('lab-status').textContent()).resolves.toContain('6 nodes, N=3, seed 42. n7 left');
    await expect(moved(other.page)).resolves.toEqual(before);
    await screenshot(other.page, 'share-strategies-reopened-1280x800');
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('name a bad tab parameter, open nothing of the link, and leave the playground working', async () => {
    const { page } = await openApp(browser);
    await page.getByTestId('share-link').click();
    const run = new URL(await page.getByTestId('share-url').inputValue()).searchParams.get('s') ?? '';
    for (const [tail, says] of [
      ['v=ring&node=n9', 'This link could not be opened: node must be one of this cluster\'s nodes (n1 to n5), got "n9"'],
      ['v=rnig', 'This link could not be opened: v must be ring, strategies, cluster, spacetime or metrics, got "rnig"'],
      ['v=strategies&lab=join-n2', 'This link could not be opened: lab change 1 ("join-n2") joins n2, which is already in the cluster'],
    ] as const) {
      const { page: opened, problems } = await openApp(browser, `/?s=${run}&${tail}`);
      const notice = opened.locator('[data-testid="scenario-notice"][data-tone="error"]');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain(says);
      await expect(opened.getByTestId('scenario-name').textContent()).resolves.toBe('Your cluster');
      await opened.getByTestId('key-input').fill('cart:alice');
      await opened.getByTestId('preference-list').waitFor();
      expect(problems).toEqual([]);
    }
  });
});

describe('scenario files', () => {
  it('refuse a broken file with its first bad field, keeping the run; export a file that imports again', async () => {
    const { page, problems } = await openLiveCluster(browser);
    for (let i = 0; i < 3; i++) await stepOnce(page);
    const before = await runState(page);
    await page.getByTestId('scenario-import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ "version": 1, "cluster": { "nodes": 3, "N": 5 } }'),
    });
    const notice = page.getByTestId('scenario-notice');
    await page.locator('[data-testid="scenario-notice"][data-tone="error"]').waitFor();
    await expect(notice.textContent()).resolves.toMatch(
      /broken\.json was not loaded — cluster\.N: .*The current run is unchanged/,
    );
    expect(await runState(page)).toEqual(before);
    await screenshot(page, 'import-broken-1280x800');

    await page.getByTestId('scenario-import-file').setInputFiles({
      name: 'nonsense.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ not json'),
    });
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="scenario-notice"]')
        ?.textContent?.includes('nonsense.json'),
    );
    await expect(notice.textContent()).resolves.toContain('not valid JSON');
    expect(await runState(page)).toEqual(before);

    const download = page.waitForEvent('download');
    await page.getByTestId('scenario-export').click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { version: number; seed: number };
    expect(exported).toMatchObject({ version: 1, seed: 42 });
    await page.getByTestId('scenario-import-file').setInputFiles({
      name: 'again.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ ...exported, name: 'Exported and back', cluster: { nodes: 4, N: 3 } }),
      ),
    });
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="scenario-name"]')
        ?.textContent?.includes('Exported and back'),
    );
    await page.locator('[data-testid="cluster-view"] [data-testid="node-n4"]').waitFor();
    await expect(
      page.locator('[data-testid="cluster-view"] [data-testid="node-n5"]').count(),
    ).resolves.toBe(0);

    // A file whose schedule asks for a change that cannot happen loads, and says so.
    await page.getByTestId('scenario-import-file').setInputFiles({
      name: 'rejoin.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ version: 1, name: 'Rejoin', schedule: [{ atMs: 100, fault: { kind: 'join', node: 'n2' } }] }),
      ),
    });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="scenario-notice"]')?.textContent?.includes('rejoin.json'),
    );
    await expect(page.getByTestId('scenario-notice').textContent()).resolves.toContain(
      'Loaded rejoin.json. One scheduled change will not happen: schedule[0].fault: node "n2" is already in the ring at 100 ms',
    );
    expect(problems).toEqual([]);
  });

  it('export a run with a crash by hand that imports in a new page as the same run, at the same time and trace hash', async () => {
    const { page, problems } = await openLiveCluster(browser);
    await crashMidRun(page, 'n3', 4, 6);
    const before = await runState(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('scenario-export').click();
    const text = readFileSync(await (await download).path(), 'utf8');
    const exported = JSON.parse(text) as { interventions?: { afterEvents: number; fault: { kind: string } }[]; openAtMs?: number };
    expect(exported.interventions?.map((i) => i.fault.kind)).toEqual(['crash']);
    expect(String(exported.openAtMs)).toBe(before.nowMs);

    const other = await openLiveCluster(browser);
    await other.page.getByTestId('scenario-import-file').setInputFiles({
      name: 'my-run.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await other.page.waitForFunction(
      (ms) => document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms') === ms,
      before.nowMs,
      { timeout: 90_000 },
    );
    expect(await runState(other.page)).toEqual(before);
    await screenshot(other.page, 'import-exported-run-1280x800');
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('fall back to a file when the run is too long for a link', async () => {
    const { page, problems } = await openLiveCluster(browser);
    // Notes that do not compress: a description longer than any link can carry.
    let x = 7;
    const notes = Array.from(
      { length: 3000 },
      () => ((x = (x * 48271) % 2147483647), x.toString(36)),
    ).join(' ');
    await page.getByTestId('scenario-import-file').setInputFiles({
      name: 'big.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ version: 1, name: 'Big', description: notes })),
    });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="scenario-name"]')?.textContent?.includes('Big'),
    );
    await paused(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('share-link').click();
    expect((await download).suggestedFilename()).toBe('big.json');
    await expect(page.getByTestId('scenario-notice').textContent()).resolves.toContain(
      'too long for a link',
    );
    await expect(page.getByTestId('share-url').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('view export', () => {
  it('downloads the cluster view as SVG and PNG', async () => {
    const { page, problems } = await openLiveCluster(browser);
    const svgDownload = page.waitForEvent('download');
    await page.getByTestId('view-export-svg').click();
    const svg = readFileSync(await (await svgDownload).path(), 'utf8');
    expect((await svgDownload).suggestedFilename()).toBe('dynamo-cluster.svg');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('data-testid="node-n1"');
    const pngDownload = page.waitForEvent('download');
    await page.getByTestId('view-export-png').click();
    const png = readFileSync(await (await pngDownload).path());
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.length).toBeGreaterThan(5000);
    expect(problems).toEqual([]);
  });
});

/** Clicks a view export button: the file's text (SVG) or saves it under test-results/ (PNG). */
async function exportSvg(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId('view-export-svg').click();
  return readFileSync(await (await download).path(), 'utf8');
}

async function exportPng(page: Page, name: string): Promise<Buffer> {
  const download = page.waitForEvent('download');
  await page.getByTestId('view-export-png').click();
  const file = `test-results/${name}.png`;
  await (await download).saveAs(file);
  return readFileSync(file);
}

/**
 * The exported SVG read back in the page: whether it parses, whether it leans on <foreignObject>,
 * its texts, the fills of its boxes, and where the first text equal to `placed` sits (its start and
 * baseline in picture pixels) next to where the element `placedOn` is drawn in the view's scrolled
 * content on screen.
 */
async function readPicture(page: Page, svg: string, placed: string, placedOn: string) {
  return page.evaluate(
    ({ source, text, selector }) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      const texts = [...doc.querySelectorAll('text')].map((t) => (t.textContent ?? '').trim());
      const shift = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(
        doc.querySelector('svg > g')?.getAttribute('transform') ?? '',
      );
      const [dx, dy] = [Number(shift?.[1] ?? 0), Number(shift?.[2] ?? 0)];
      const found = [...doc.querySelectorAll('svg > g > text, svg > g > g > text')].find(
        (t) => t.textContent === text,
      );
      const view = document.getElementById('view-panel')!;
      const box = view.getBoundingClientRect();
      const target = document.querySelector(selector)!.getBoundingClientRect();
      const left = box.left + view.clientLeft - view.scrollLeft;
      const top = box.top + view.clientTop - view.scrollTop;
      return {
        broken: doc.querySelector('parsererror')?.textContent ?? null,
        foreignObjects: doc.querySelectorAll('foreignObject').length,
        height: Number(doc.documentElement.getAttribute('height')),
        texts,
        fills: [...doc.querySelectorAll('rect')].map((r) => r.getAttribute('fill')),
        placed: found
          ? { x: Number(found.getAttribute('x')) + dx, y: Number(found.getAttribute('y')) + dy }
          : null,
        screen: {
          left: target.left - left,
          top: target.top - top,
          bottom: target.bottom - top,
        },
      };
    },
    { source: svg, text: placed, selector: placedOn },
  );
}

type Picture = Awaited<ReturnType<typeof readPicture>>;

/** The picture is pure SVG, and the text sits where it sits on screen. */
function expectWellPlaced(picture: Picture): void {
  expect(picture.broken).toBeNull();
  expect(picture.foreignObjects).toBe(0);
  expect(picture.placed).not.toBeNull();
  expect(Math.abs(picture.placed!.x - picture.screen.left)).toBeLessThan(1.5);
  expect(picture.placed!.y).toBeGreaterThan(picture.screen.top);
  expect(picture.placed!.y).toBeLessThan(picture.screen.bottom);
}

describe('view export shows what a person sees', () => {
  it('draws the Ring view with its labels, the key, its preference list and the node legend', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-ring').click();
    await page.getByTestId('key-input').fill('cart:alice');
    await page.getByTestId('node-n2').click();
    await page.locator('[data-testid="ring-diagram"][data-selected-node="n2"]').waitFor();
    const svg = await exportSvg(page);
    const picture = await readPicture(
      page,
      svg,
      'Nodes',
      '[data-testid="ring-view"] .side-section:nth-child(3) h2',
    );
    expectWellPlaced(picture);
    const position = (await page.getByTestId('key-position').textContent()) ?? '';
    const primary = (await page.getByTestId('selected-primary').textContent()) ?? '';
    // The key box's value and the key's label on the ring, the list in walk order, the legend.
    expect(picture.texts.filter((t) => t === 'cart:alice')).toHaveLength(2);
    for (const text of [
      'Key',
      'MD5 position',
      position,
      'Tokens',
      primary,
      'Clear selection',
      'Nodes',
      'Strategy 3',
    ])
      expect(picture.texts).toContain(text);
    for (const node of ['n1', 'n2', 'n3', 'n4', 'n5']) expect(picture.texts).toContain(node);
    expect(picture.texts.join(' ')).toContain(
      'Preference list: the first 3 are its home replicas;',
    );
    const swatches = await page
      .locator('[data-testid="ring-view"] .legend .swatch')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    expect(swatches).toHaveLength(5);
    for (const colour of swatches) expect(picture.fills).toContain(colour);
    await screenshot(page, 'export-ring-page-1280x800');
    expect((await exportPng(page, 'export-ring-1280x800')).length).toBeGreaterThan(20_000);
    // The same DOM gives the same file.
    expect(await exportSvg(page)).toBe(svg);
    expect(problems).toEqual([]);
  });

  it('draws the Strategies view with each strategy’s title and numbers', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-strategies').click();
    await page.getByTestId('strategy-lab').waitFor();
    const picture = await readPicture(
      page,
      await exportSvg(page),
      'Strategy 2',
      '[data-testid="strategy-card-2"] h3',
    );
    expectWellPlaced(picture);
    for (const strategy of [1, 2, 3]) {
      expect(picture.texts).toContain(`Strategy ${strategy}`);
      for (const measure of ['efficiency', 'metadata', 'moved-fraction'])
        expect(picture.texts).toContain(
          await page.getByTestId(`${measure}-${strategy}`).textContent(),
        );
    }
    for (const name of ['mean/max', 'metadata/node', 'keys moved', 'Add node'])
      expect(picture.texts).toContain(name);
    await screenshot(page, 'export-strategies-page-1280x800');
    await exportPng(page, 'export-strategies-1280x800');
    expect(problems).toEqual([]);
  });

  it('draws every Metrics chart of a short run, those scrolled out of sight too, with titles, legends and totals', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-cluster').click();
    await page.getByTestId('workload-start').click({ timeout: 30_000 });
    await page.getByTestId('speed').fill('1');
    await page.getByTestId('play').click();
    await page.getByTestId('tab-metrics').click();
    await expect
      .poll(
        async () =>
          Number(await page.getByTestId('line-write-latency-p50').getAttribute('data-points')),
        { timeout: 60_000 },
      )
      .toBeGreaterThanOrEqual(2);
    await page.getByTestId('pause').click();
    await paused(page);
    const titles = await page.locator('[data-testid="metrics"] .chart-title').allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(7);
    // At 1280×800 the last charts are below the bottom of the view.
    const view = await page.locator('#view-panel').boundingBox();
    const last = await page.locator('[data-testid="metrics"] .metric-chart').last().boundingBox();
    expect(last!.y).toBeGreaterThan(view!.y + view!.height);
    const svg = await exportSvg(page);
    const picture = await readPicture(
      page,
      svg,
      titles[0]!,
      '[data-testid="metrics"] .chart-title',
    );
    expectWellPlaced(picture);
    expect(picture.height).toBeGreaterThan(view!.height + 200);
    for (const title of titles) expect(picture.texts).toContain(title);
    const reads =
      (await page.locator('[data-testid="stat-reads"] .stat-value').textContent()) ?? '';
    for (const text of [reads, 'gets ok / failed', 'p50', 'p99', 'latest second'])
      expect(picture.texts).toContain(text);
    await screenshot(page, 'export-metrics-page-1280x800');
    await exportPng(page, 'export-metrics-1280x800');
    expect(problems).toEqual([]);
  });
});

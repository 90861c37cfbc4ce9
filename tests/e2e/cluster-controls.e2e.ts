/**
 * The live run's controls: the in-process host for slow machines, stepping one batch of events
 * forward and back,
 * the latency field refusing a bad distribution with its column, loss and latency as recorded
 * interventions, a new seed starting the run over, and the speed held on a wide-area run whose
 * batches span 200 ms of events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { get, nodeAction, nodeState, openCluster, pause, play, put, setRange, setSpeed, stepOnce, virtualTimeMs } from './cluster-live.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('the live run’s controls', () => {
  it('runs the nodes in the simulation worker when asked, and still puts and gets', async () => {
    const { page, problems } = await openCluster(browser, { host: 'inprocess' });
    await setSpeed(page, 1);
    await play(page);
    await put(page, 'k1', 'v1');
    expect(await get(page, 'k1')).toEqual([expect.stringContaining('v1')]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('marks a slowed node on the stage, and takes the mark away at normal speed', async () => {
    const { page, problems } = await openCluster(browser);
    await nodeAction(page, 'n2', 'slow');
    const n2 = page.getByTestId('node-n2');
    await page.locator('[data-testid="node-n2"][data-slow="5"]').waitFor();
    await expect(n2.locator('.node-state').textContent()).resolves.toBe('slow ×5');
    await expect(n2.getAttribute('aria-label')).resolves.toContain('n2: up, slow ×5');
    await screenshot(page, 'cluster-slow-node-1280x800');
    await n2.click();
    await page.getByTestId('node-normal-speed').click();
    await page.locator('[data-testid="node-n2"]:not([data-slow])').waitFor();
    await expect(n2.locator('.node-state').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('steps one batch of events at a time, forward and back', async () => {
    const { page, problems } = await openCluster(browser);
    const clock = page.getByTestId('virtual-time');
    const eventsShown = async () => Number(await clock.getAttribute('data-events'));
    const waitForEvents = (test: string, n: number) =>
      page.waitForFunction(
        ([t, m]) => {
          const shown = Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-events'));
          return t === 'above' ? shown > m : shown === m;
        },
        [test, n] as const,
      );
    const before = await eventsShown();
    const timeBefore = await clock.textContent();
    await page.getByTestId('step').click();
    await waitForEvents('above', before);
    const after = await eventsShown();
    const timeAfter = await clock.textContent();
    await page.getByTestId('step').click();
    await waitForEvents('above', after);
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();

    // Back one batch with the button, then one more with ← (no lesson is open): the same event
    // counts and clocks as before each step, and nothing earlier to go back to.
    await page.getByTestId('step-back').click();
    await waitForEvents('equal', after);
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
    expect(await clock.textContent()).toBe(timeAfter);
    await screenshot(page, 'cluster-step-back-1280x800');
    await page.locator('body').press('ArrowLeft');
    await waitForEvents('equal', before);
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
    expect(await clock.textContent()).toBe(timeBefore);
    expect(await page.getByTestId('step-back').isDisabled()).toBe(true);
    // And forward again to the same place.
    await page.getByTestId('step').click();
    await waitForEvents('equal', after);
    expect(await clock.textContent()).toBe(timeAfter);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('steps back from what it shows after a pause, while traffic runs, never forward', async () => {
    const { page, problems } = await openCluster(browser);
    const clock = page.getByTestId('virtual-time');
    await page.getByTestId('workload-start').click();
    await setSpeed(page, 1);
    for (let round = 0; round < 4; round++) {
      await play(page);
      await page.waitForTimeout(700 + 150 * round);
      await pause(page);
      const events = Number(await clock.getAttribute('data-events'));
      const shownMs = await virtualTimeMs(page);
      await page.getByTestId('step-back').click();
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-events')) < n,
        events,
      );
      await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
      expect(await virtualTimeMs(page)).toBeLessThanOrEqual(shownMs);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('comes back with Step back to where a pause left the run, after a Step from there', async () => {
    const { page, problems } = await openCluster(browser);
    const clock = page.getByTestId('virtual-time');
    await page.getByTestId('workload-start').click();
    await setSpeed(page, 1);
    for (let round = 0; round < 3; round++) {
      await play(page);
      await page.waitForTimeout(600 + 200 * round);
      await pause(page);
      const paused = { events: await clock.getAttribute('data-events'), ms: await clock.getAttribute('data-now-ms') };
      await stepOnce(page);
      const stepped = Number(await clock.getAttribute('data-events'));
      expect(stepped).toBeGreaterThan(Number(paused.events));
      await page.getByTestId('step-back').click();
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-events') === n,
        paused.events,
        { timeout: 30_000 },
      );
      await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
      expect(await clock.getAttribute('data-now-ms')).toBe(paused.ms);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('refuses a bad latency distribution with its column, and records loss and latency as interventions', async () => {
    const { page, problems } = await openCluster(browser);
    await page.getByTestId('latency-spec').fill('uniform(5,');
    expect(await page.getByTestId('latency-error').textContent()).toMatch(/column \d+/);
    expect(await page.getByTestId('latency-apply').isDisabled()).toBe(true);
    await page.getByTestId('latency-spec').fill('normal(5, 1)');
    await page.getByTestId('latency-apply').click();
    await setRange(page, 'loss-slider', 20);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="loss-value"]')?.textContent === '20%',
    );
    await play(page);
    await setSpeed(page, 1);
    await page.getByTestId('workload-start').click();
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) > 200,
    );
    await pause(page);
    // The space-time view and the scenario link read the same recorded interventions.
    const recorded = await page.evaluate(
      () => document.querySelector('[data-testid="workload-status"]')?.textContent,
    );
    // Named by what was chosen, not by the workload's internal id (bg1).
    expect(recorded).toBe('traffic running: 50 requests/s, 50 % reads, 100 keys (Zipf)');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a new seed starts the run over from time zero', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) > 300,
    );
    await page.getByTestId('seed-input').fill('7');
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) < 300,
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says so when a change of the cluster starts the run again, and Undo brings back the run it replaced', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    await put(page, 'cart', 'book');
    await pause(page);
    const nowMs = async () =>
      Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    const newestOp = async () =>
      Number(await page.getByTestId('client-panel').getAttribute('data-newest-op'));
    const reached = await nowMs();
    expect(await newestOp()).toBeGreaterThan(0);
    // T shapes only the strategy lab's rings under strategy 3: the run stays where it is.
    await page.getByTestId('setting-tokensPerNode').fill('2');
    await page.waitForTimeout(800);
    expect(await nowMs()).toBe(reached);
    expect(await newestOp()).toBeGreaterThan(0);
    expect(await page.getByTestId('scenario-notice').count()).toBe(0);
    await page.getByTestId('setting-R').fill('1');
    const notice = page.getByTestId('scenario-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /The cluster changed \(R 2 → 1\), so the run started again from 0 ms/,
    );
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="client-panel"]')?.getAttribute('data-newest-op'),
        ) === 0,
    );
    await screenshot(page, 'settings-change-undo-offered');
    await page.getByTestId('scenario-notice-action').click();
    await page.waitForFunction(
      (ms) =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) === ms,
      reached,
    );
    expect(await page.getByTestId('setting-R').inputValue()).toBe('2');
    expect(await newestOp()).toBeGreaterThan(0);
    expect(await notice.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('offers back the run the latest change replaced once the person used it, and one run for an edit in progress', async () => {
    const { page, problems } = await openCluster(browser);
    const nowMs = async () =>
      Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    const notice = page.getByTestId('scenario-notice');
    await setSpeed(page, 1);
    await play(page);
    await page.waitForTimeout(600);
    await pause(page);
    const first = await nowMs();
    expect(first).toBeGreaterThan(0);
    // Two changes in a row are one edit: Undo gives back the run from before both.
    await page.getByTestId('setting-R').fill('1');
    await page.getByTestId('setting-W').fill('1');
    await expect.poll(() => notice.textContent()).toMatch(/The cluster changed \(R 2 → 1, W 2 → 1\)/);
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
    // The person goes on to use the new run: it plays for a while.
    await play(page);
    await page.waitForTimeout(2000);
    await pause(page);
    const second = await nowMs();
    expect(second).toBeGreaterThan(0);
    // The next change takes that run away, so it is the one offered back.
    await page.getByTestId('setting-N').fill('2');
    await expect.poll(() => notice.textContent()).toMatch(/The cluster changed \(N 3 → 2\), so the run started again from 0 ms/);
    await screenshot(page, 'settings-change-undo-latest-run');
    await page.getByTestId('scenario-notice-action').click();
    await page.waitForFunction(
      (ms) => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) === ms,
      second,
    );
    expect(await page.getByTestId('setting-N').inputValue()).toBe('3');
    expect(await page.getByTestId('setting-R').inputValue()).toBe('1');
    expect(await page.getByTestId('setting-W').inputValue()).toBe('1');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says so when a change made after going back replaces the run ahead, and Undo brings that run back', async () => {
    const { page, problems } = await openCluster(browser);
    const nowMs = async () =>
      Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    await setSpeed(page, 1);
    await play(page);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) > 600);
    await nodeAction(page, 'n3', 'crash');
    await page.locator('[data-testid="node-n3"][data-state="crashed"]').waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) > 1500);
    await pause(page);
    const reached = await nowMs();
    await setRange(page, 'timeline', 300);
    await page.locator('[data-testid="node-n3"][data-state="up"]').waitFor();
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
    await nodeAction(page, 'n1', 'crash');
    await page.locator('[data-testid="node-n1"][data-state="crashed"]').waitFor();
    const notice = page.getByTestId('scenario-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /A change at 300 ms, after going back, starts a new run from there: the run you had, to \d+\.\d\d s and 1 later change made by hand, is replaced\. Undo brings it back, at 300 ms as you left it\./,
    );
    await screenshot(page, 'cluster-fork-undo-offered-1280x800');
    await page.getByTestId('scenario-notice-action').click();
    // Back where the person was, in the run they had: n1 never crashed, n3 not yet.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) === 300,
    );
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
    expect(await nodeState(page, 'n3')).toBe('up');
    expect(await nodeState(page, 'n1')).toBe('up');
    expect(await notice.count()).toBe(0);
    // And its future is there as it was: at the time it had reached, n3 is crashed.
    await setRange(page, 'timeline', reached);
    // The slider moves in whole steps: to within one of the time reached.
    await page.waitForFunction(
      (ms) => Math.abs(Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) - ms) <= 1,
      reached,
    );
    await page.locator('[data-testid="node-n3"][data-state="crashed"]').waitFor();
    expect(await nodeState(page, 'n1')).toBe('up');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('counts a node that joined in the summary line, beside the configured cluster', async () => {
    const { page, problems } = await openCluster(browser);
    await page.getByTestId('join-node').click();
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="cluster-summary"]')
        ?.textContent?.includes('5 nodes (6 in the ring now)'),
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('keeps the run when the nodes move to the other host, at the time it had reached', async () => {
    const { page, problems } = await openCluster(browser);
    await setSpeed(page, 1);
    await play(page);
    await put(page, 'cart', 'book');
    await pause(page);
    const reached = Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    await page.getByTestId('host-select').selectOption('inprocess');
    await page.waitForFunction(
      (ms) =>
        document.querySelector('[data-testid="playback-state"]')?.getAttribute('data-state') ===
          'paused' &&
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) === ms,
      reached,
    );
    expect(
      Number(await page.getByTestId('client-panel').getAttribute('data-newest-op')),
    ).toBeGreaterThan(0);
    await play(page);
    expect(await get(page, 'cart')).toEqual([expect.stringContaining('book')]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('the speed', () => {
  it('holds on a wide-area run, though one batch spans 200 ms of its events', async () => {
    // The big-cluster example: 64 nodes in Web Workers, a 200 ms minimum latency.
    const { page, problems } = await openCluster(browser, {
      path: '/?example=big-cluster&v=cluster', scenario: 'A big cluster under load',
    });
    await play(page);
    const nowMs = async () =>
      Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    // Past the first batches, then timed over a few real seconds at the default 0.1×.
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="in-flight-count"]')?.textContent?.split(' ')[0] ??
            0,
        ) > 100,
      undefined,
      { timeout: 60_000 },
    );
    const startMs = await nowMs();
    const startReal = Date.now();
    await page.waitForTimeout(4000);
    const advancedMs = (await nowMs()) - startMs;
    const realMs = Date.now() - startReal;
    await screenshot(page, 'cluster-big-0.1x-1280x800');
    await pause(page);
    // 0.1 virtual ms per real ms, and a frame's worth of slack; drawing the end of each batch
    // instead ran this run at several times that.
    expect(advancedMs).toBeGreaterThan(0);
    expect(advancedMs).toBeLessThanOrEqual(0.1 * realMs + 20);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('dims the views and says what they show while going back in a big run takes a while', async () => {
    const { page, problems } = await openCluster(browser, {
      path: '/?example=big-cluster&v=cluster', scenario: 'A big cluster under load',
    });
    await setSpeed(page, 100);
    await play(page);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) > 2500,
      undefined,
      { timeout: 60_000 },
    );
    await pause(page);
    const reached = Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    await setRange(page, 'timeline', 500);
    const note = page.getByTestId('going-back-note');
    await note.waitFor({ timeout: 10_000 });
    const was = /the views show the run as it was, at (\d+\.\d+) s\.$/.exec((await note.textContent()) ?? '');
    expect(Number(was?.[1]) * 1000).toBeCloseTo(reached, -1);
    await expect(page.locator('#view-panel[data-going-back]').count()).resolves.toBe(1);
    await screenshot(page, 'cluster-big-going-back-1280x800');
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor({ timeout: 60_000 });
    await note.waitFor({ state: 'detached' });
    await expect(page.locator('#view-panel[data-going-back]').count()).resolves.toBe(0);
    expect(Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'))).toBe(500);
    // A change here forks the run where the world stands: the end of the batch under way at 500 ms
    // (wide-area batches reach past the time chosen), and the notice says so when that is later.
    await page.getByTestId('node-n20').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('node-crash').click();
    await page.locator('[data-testid="node-n20"][data-state="crashed"]').waitFor();
    const forked = Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
    const told = (await page.getByTestId('scenario-notice').textContent()) ?? '';
    expect(told).toMatch(/^A change at \d+ ms.*, after going back, starts a new run from there/);
    if (forked - 500 >= 0.5) expect(told).toContain(`(the events under way at 500 ms ran on to ${forked.toFixed(0)} ms first, as a batch)`);
    else expect(told).not.toContain('ran on to');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says how fast the run really goes when the nodes cannot keep up with the speed asked for', async () => {
    const { page, problems } = await openCluster(browser, {
      path: '/?example=big-cluster&v=cluster', scenario: 'A big cluster under load',
    });
    await setSpeed(page, 100);
    await play(page);
    const achieved = page.getByTestId('speed-achieved');
    await achieved.waitFor({ timeout: 60_000 });
    const text = (await achieved.textContent()) ?? '';
    const rate = Number(/^running at ([\d.]+)×$/.exec(text)?.[1]);
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(80);
    expect(await page.getByTestId('speed-value').textContent()).toBe('100×');
    // The clock moves in small steps as the nodes run, instead of standing still for seconds and
    // then jumping by 10 s (a frame asking for 100 ms × 100 of virtual time).
    const standstills = await page.evaluate(
      () =>
        new Promise<{ longestStillMs: number; moves: number }>((resolve) => {
          const clock = document.querySelector('[data-testid="virtual-time"]');
          const start = performance.now();
          let last = clock?.getAttribute('data-now-ms');
          let lastChange = start;
          let longestStillMs = 0;
          let moves = 0;
          const look = (now: number) => {
            const shown = clock?.getAttribute('data-now-ms');
            if (shown !== last) {
              longestStillMs = Math.max(longestStillMs, now - lastChange);
              lastChange = now;
              last = shown;
              moves++;
            }
            if (now - start < 4000) requestAnimationFrame(look);
            else resolve({ longestStillMs: Math.max(longestStillMs, now - lastChange), moves });
          };
          requestAnimationFrame(look);
        }),
    );
    // Without the pacing, a frame asking for 10 s of virtual time at the ~0.2× these nodes manage
    // stands still for most of a minute. With it a frame is about 50 ms of work; the longest still
    // is a checkpoint for going back in time, ~0.9 s with 64 busy nodes on two cores, and taken at
    // most once in every 20 × its cost (the session's checkpointTimeShare).
    expect(standstills.moves).toBeGreaterThan(20);
    expect(standstills.longestStillMs).toBeLessThan(2000);
    await screenshot(page, 'cluster-big-lagging-1280x800');
    await pause(page);
    await achieved.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('a node whose worker breaks', () => {
  it('pauses the run with the seed and event index, and plays on once the node is recovered', async () => {
    const { page, problems } = await openCluster(browser, { path: '/?test-faults' });
    await setSpeed(page, 1);
    await play(page);
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms'),
        ) > 100,
    );
    // The hook the page installs for `?test-faults` (ui/live/simulation-connection.ts).
    await page.evaluate(() =>
      (
        window as unknown as {
          dynamoTestHooks: { injectWorkerFault(node: string, fault: string): Promise<void> };
        }
      ).dynamoTestHooks.injectWorkerFault('n2', 'throw-in-next-input'),
    );
    const banner = page.getByTestId('fault-banner');
    await banner.waitFor({ timeout: 30_000 });
    const text = (await banner.textContent()) ?? '';
    const events = await page.getByTestId('virtual-time').getAttribute('data-events');
    expect(text).toContain('node n2 faulted');
    expect(text).toContain('seed 42');
    expect(text).toContain(`event ${events}`);
    expect(await page.getByTestId('node-n2').getAttribute('data-state')).toBe('faulted');
    await screenshot(page, 'cluster-fault-banner');

    await page.getByTestId('node-n2').click();
    await page.getByTestId('node-recover').click();
    await page.locator('[data-testid="node-n2"][data-state="up"]').waitFor({ timeout: 30_000 });
    await play(page);
    expect(await banner.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

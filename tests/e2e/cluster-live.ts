/**
 * Helpers for the live-cluster browser tests: open the cluster view, set the speed and the
 * timeline as a person would, make interventions through the node menu and the panels, and read
 * what the page shows.
 */
import type { Browser, Page } from 'playwright-core';
import { createRing } from '../../src/core/partitioning.ts';
import { homeReplicas } from '../../src/core/preference-list.ts';
import { createPrng } from '../../src/sim/prng.ts';
import { openApp, shownText, type AppPage } from './browser.ts';

/** The home replicas of `key` in the default cluster (5 nodes, strategy 3, Q = 30, N = 3, seed 42), from the core as the run builds it. */
export function defaultHomes(key: string): readonly string[] {
  const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => ({ id }));
  const ring = createRing({
    params: { strategy: 3, partitionCount: 30 },
    nodes,
    N: 3,
    prng: createPrng(42, 'ring'),
  });
  return homeReplicas(ring, key, 3);
}

export async function openCluster(
  browser: Browser,
  options: {
    host?: 'worker' | 'inprocess';
    viewport?: { width: number; height: number };
    path?: string;
    /** The name of the scenario `path` opens (an example, a link): its run, not the default one, is waited for. */
    scenario?: string;
  } = {},
): Promise<AppPage> {
  const app = await openApp(browser, options.path ?? '/', options.viewport);
  await app.page.getByTestId('tab-cluster').click();
  await app.page.getByTestId('cluster-view').waitFor();
  // An example is fetched before it loads: until then the default run may read paused.
  if (options.scenario !== undefined) await shownText(app.page, 'scenario-name', options.scenario);
  if (options.host === 'inprocess')
    await app.page.getByTestId('host-select').selectOption('inprocess');
  // Either the run is ready, or the page says why the simulation could not start.
  await app.page
    .locator('[data-testid="playback-state"][data-state="paused"], [data-testid="run-error"]')
    .first()
    .waitFor({ timeout: 90_000 });
  const error = app.page.getByTestId('run-error');
  if ((await error.count()) > 0)
    throw new Error(`the live run did not start: ${await error.textContent()}`);
  return app;
}

/** Sets a range input the way a drag ending does: input events, then one change. */
export async function setRange(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).evaluate((element, v) => {
    const input = element as HTMLInputElement;
    // The prototype's setter, so React sees a change it did not make itself.
    Reflect.set(HTMLInputElement.prototype, 'value', String(v), input);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

export async function setSpeed(page: Page, speed: number): Promise<void> {
  await setRange(page, 'speed', Math.log10(speed));
}

export async function play(page: Page): Promise<void> {
  await page.getByTestId('play').click();
  await page.locator('[data-testid="playback-state"][data-state="playing"]').waitFor();
}

export async function pause(page: Page): Promise<void> {
  await page.getByTestId('pause').click();
  await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor();
}

/**
 * Steps one batch with the Step button, as a person would, and waits until the step has landed:
 * the shown event count moved and the run reads paused again.
 */
export async function stepOnce(page: Page): Promise<void> {
  const before = await page.getByTestId('virtual-time').getAttribute('data-events');
  await page.getByTestId('step').click();
  await page.waitForFunction(
    (events) => document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-events') !== events,
    before,
    { timeout: 30_000 },
  );
  await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor({ timeout: 30_000 });
}

export async function nodeAction(
  page: Page,
  node: string,
  action: 'crash' | 'crash-disk' | 'recover' | 'leave' | 'slow',
): Promise<void> {
  await page.getByTestId(`node-${node}`).click();
  await page.getByTestId(`node-${action}`).click();
}

export async function nodeState(page: Page, node: string): Promise<string | null> {
  return page.getByTestId(`node-${node}`).getAttribute('data-state');
}

export async function hintsOn(page: Page, node: string): Promise<number> {
  return Number(await page.getByTestId(`hints-${node}`).getAttribute('data-count'));
}

export async function virtualTimeMs(page: Page): Promise<number> {
  const text = (await page.getByTestId('virtual-time').textContent()) ?? '';
  const [number, unit] = text.trim().split(/\s+/);
  return Number(number) * (unit === 's' ? 1000 : 1);
}

/** Puts `value` (items, comma-separated) as `client` through `coordinator`, and waits for its result in the history. */
export async function put(
  page: Page,
  key: string,
  value: string,
  options: { client?: string; coordinator?: string } = {},
): Promise<void> {
  await page.getByTestId('put-key').fill(key);
  await page.getByTestId('put-value').fill(value);
  await page.getByTestId('client-select').selectOption(options.client ?? 'alice');
  await page.getByTestId('coordinator-select').selectOption(options.coordinator ?? '');
  await answered(page, 'put-submit');
}

/** Clicks `button` (Put or Get) and waits until the op it sends is in the history. */
async function answered(page: Page, button: 'put-submit' | 'get-submit'): Promise<void> {
  const before = Number(await page.getByTestId('client-panel').getAttribute('data-newest-op'));
  await page.getByTestId(button).click();
  await page.waitForFunction(
    (n) =>
      Number(
        document.querySelector('[data-testid="client-panel"]')?.getAttribute('data-newest-op'),
      ) > n,
    before,
    { timeout: 30_000 },
  );
}

/** Gets `key`, waits for this get's answer (not an earlier one's), and returns the versions shown (none when it failed). */
export async function get(
  page: Page,
  key: string,
  options: { client?: string; coordinator?: string } = {},
): Promise<string[]> {
  await page.getByTestId('put-key').fill(key);
  await page.getByTestId('client-select').selectOption(options.client ?? 'alice');
  await page.getByTestId('coordinator-select').selectOption(options.coordinator ?? '');
  await answered(page, 'get-submit');
  await page.locator('[data-testid="get-result"]:not([data-state="waiting"])').waitFor({ timeout: 30_000 });
  return page.getByTestId('get-version').allTextContents();
}

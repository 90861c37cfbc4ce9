/**
 * A run of the person's own — seed 99, eight nodes, played to about 250 ms and paused — and the
 * check that it is back exactly (settings, time, trace hash) after a lesson or an example replaced it.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export interface OwnRun {
  nowMs: number;
  traceHash: string;
  /** The time as the clock shows it ("256.8 ms"). */
  shown: string;
}

async function pausedRun(page: Page): Promise<void> {
  await page
    .locator('[data-testid="playback-state"][data-state="paused"]')
    .waitFor({ timeout: 90_000 });
}

export async function makeOwnRun(page: Page): Promise<OwnRun> {
  await page.getByTestId('seed-input').fill('99');
  await page.getByTestId('setting-nodes').fill('8');
  await page.getByTestId('tab-cluster').click();
  await page.locator('[data-testid="cluster-view"] .cluster-node').nth(7).waitFor();
  await pausedRun(page);
  await page.getByTestId('play').click();
  await page.waitForFunction(
    () =>
      Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms')) >= 250,
    undefined,
    { timeout: 60_000 },
  );
  await page.getByTestId('pause').click();
  await pausedRun(page);
  const clock = page.getByTestId('virtual-time');
  // The pause shows where the world stopped: let the last frame settle before reading it.
  await page.waitForTimeout(300);
  return {
    nowMs: Number(await clock.getAttribute('data-now-ms')),
    traceHash: (await clock.getAttribute('data-trace-hash')) ?? '',
    shown: ((await clock.textContent()) ?? '').trim(),
  };
}

/** Waits until the run is paused at `own`'s time again, then checks its trace, seed and nodes. */
export async function runIsBack(page: Page, own: OwnRun): Promise<void> {
  await page.waitForFunction(
    (ms) => {
      const state = document.querySelector('[data-testid="playback-state"]')?.getAttribute('data-state');
      const now = document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-now-ms');
      return state === 'paused' && Number(now) === ms;
    },
    own.nowMs,
    { timeout: 90_000 },
  );
  const clock = page.getByTestId('virtual-time');
  await expect(clock.getAttribute('data-trace-hash')).resolves.toBe(own.traceHash);
  await expect(page.getByTestId('seed-input').inputValue()).resolves.toBe('99');
  await expect(page.getByTestId('setting-nodes').inputValue()).resolves.toBe('8');
  await page.getByTestId('tab-cluster').click();
  await expect(page.locator('[data-testid="cluster-view"] .cluster-node').count()).resolves.toBe(8);
}

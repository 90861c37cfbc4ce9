/**
 * The playground's modal dialogs from the keyboard, in Chromium: the Library and the shortcut
 * sheet (?) take focus when they open, keep Tab and Shift+Tab inside, close on Esc and give focus
 * back to the button that opened them; the run behind them does not take their keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** Where focus is: the focused element's test id and tag, and the open dialog holding it. */
async function focusIn(page: Page): Promise<{ testId: string | null; inDialog: string | null; tag: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      testId: el?.getAttribute('data-testid') ?? null,
      inDialog: el?.closest('dialog[open]')?.getAttribute('data-testid') ?? null,
      tag: el?.tagName ?? '',
    };
  });
}

/**
 * Presses `key` `times` times and lists every element focus landed on outside `dialog`. Past its
 * last or first control focus goes to the browser's own toolbar (the page's body, seen from the
 * page) and then comes back in, as a native modal dialog does; it never reaches the page behind.
 */
async function escapes(page: Page, key: string, times: number, dialog: string): Promise<string[]> {
  const outside: string[] = [];
  const inside = new Set<string>();
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
    const at = await focusIn(page);
    if (at.inDialog === dialog) inside.add(at.testId ?? at.tag);
    else if (at.tag !== 'BODY') outside.push(`${at.tag} ${at.testId ?? ''}`);
  }
  expect(inside.size).toBeGreaterThan(0);
  return outside;
}

/** Opens a dialog from the keyboard: focus its button, press Enter. */
async function openWithEnter(page: Page, button: string, dialog: string): Promise<void> {
  await page.getByTestId(button).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId(dialog).waitFor();
}

describe('modal dialogs', () => {
  it('the Library takes focus, keeps Tab and Shift+Tab inside, closes on Esc and gives focus back to its button', async () => {
    const { page, problems } = await openApp(browser);
    await openWithEnter(page, 'library-open-dialog', 'library-dialog');
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'library-name', inDialog: 'library-dialog' });
    await screenshot(page, 'library-dialog-keyboard-1280x800');
    // 24 presses go round its nine controls more than twice.
    await expect(escapes(page, 'Shift+Tab', 24, 'library-dialog')).resolves.toEqual([]);
    await expect(escapes(page, 'Tab', 24, 'library-dialog')).resolves.toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('library-dialog').count()).resolves.toBe(0);
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'library-open-dialog' });

    // Its Close button and a click on the backdrop give focus back too.
    await openWithEnter(page, 'library-open-dialog', 'library-dialog');
    await page.getByTestId('library-close').click();
    await expect(page.getByTestId('library-dialog').count()).resolves.toBe(0);
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'library-open-dialog' });
    await page.getByTestId('library-open-dialog').click();
    await page.getByTestId('library-dialog').waitFor();
    await page.mouse.click(8, 790);
    await expect(page.getByTestId('library-dialog').count()).resolves.toBe(0);
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'library-open-dialog' });
    expect(problems).toEqual([]);
  });

  it('the run behind the Library does not take its keys: S on a button there steps nothing', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-cluster').click();
    const time = page.getByTestId('virtual-time');
    await page.locator('[data-testid="playback-state"][data-state="paused"]').waitFor({ timeout: 90_000 });
    const events = await time.getAttribute('data-events');
    await openWithEnter(page, 'library-open-dialog', 'library-dialog');
    await page.keyboard.press('Tab');
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'library-save' });
    await page.keyboard.press('s');
    // A step taken would read "stepping" at once, and move the events once it lands.
    await expect(page.getByTestId('playback-state').getAttribute('data-state')).resolves.toBe('paused');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('library-dialog').count()).resolves.toBe(0);
    await page.waitForTimeout(300);
    await expect(time.getAttribute('data-events')).resolves.toBe(events);
    // Out of the dialog, the same key steps the run.
    await page.keyboard.press('s');
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-events') !== before,
      events,
    );
    expect(problems).toEqual([]);
  });

  it('the shortcut sheet takes focus, keeps Tab and Shift+Tab inside, closes on Esc or ? and gives focus back to its button', async () => {
    const { page, problems } = await openApp(browser);
    await openWithEnter(page, 'shortcuts-open', 'shortcut-sheet');
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'shortcut-sheet-close', inDialog: 'shortcut-sheet' });
    await expect(escapes(page, 'Shift+Tab', 6, 'shortcut-sheet')).resolves.toEqual([]);
    await expect(escapes(page, 'Tab', 6, 'shortcut-sheet')).resolves.toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcut-sheet').count()).resolves.toBe(0);
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'shortcuts-open' });

    // The ? key opens it and, inside it, closes it again.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-sheet').waitFor();
    await expect(focusIn(page)).resolves.toMatchObject({ inDialog: 'shortcut-sheet' });
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-sheet').count()).resolves.toBe(0);
    await expect(focusIn(page)).resolves.toMatchObject({ testId: 'shortcuts-open' });
    expect(problems).toEqual([]);
  });
});

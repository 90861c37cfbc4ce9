/**
 * Browser-test helpers: launch Debian's Chromium through playwright-core, open the served app,
 * collect what a person would call broken (console errors, page errors, failed requests,
 * unhandled rejections), and save screenshots under test-results/.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS } from './chromium.ts';

export { CHROMIUM_ARGS };

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set: run the browser tests with npm run test:e2e');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface AppPage {
  page: Page;
  /** Console errors, page errors, unhandled rejections and failed requests seen so far. */
  problems: string[];
}

/**
 * Every page openApp opened and no test closed yet. A page left open keeps its Web Workers and
 * animation frames running and slows every later test of its file; the e2e setup closes them
 * after each test.
 */
const openContexts = new Set<BrowserContext>();

export async function closeOpenApps(): Promise<void> {
  const contexts = [...openContexts];
  openContexts.clear();
  await Promise.all(contexts.map((context) => context.close()));
}

export async function openApp(
  browser: Browser,
  path = '/',
  viewport = { width: 1280, height: 800 },
  options: { beforeLoad?: (page: Page) => Promise<unknown> } = {},
): Promise<AppPage> {
  const context = await browser.newContext({ viewport });
  openContexts.add(context);
  context.on('close', () => openContexts.delete(context));
  const page = await context.newPage();
  await options.beforeLoad?.(page);
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.addInitScript({
    content:
      "window.addEventListener('unhandledrejection', (e) => console.error('unhandled rejection: ' + String(e.reason)));",
  });
  await page.goto(new URL(path, inject('baseUrl')).toString());
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-results', { recursive: true });
  const file = `test-results/${name}.png`;
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/**
 * Waits until the element with this test id shows the text, as a person would wait for a view
 * to load, and returns what it shows. A scenario or example loads asynchronously, so reading
 * its name straight after the click can see the run before it.
 */
export async function shownText(page: Page, testId: string, text: string): Promise<string> {
  const element = page.getByTestId(testId).filter({ hasText: text });
  await element.waitFor({ timeout: 90_000 });
  return (await element.textContent()) ?? '';
}

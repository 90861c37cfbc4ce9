/**
 * The request inspector in a lesson: every node a request went to or heard from is listed, a
 * sloppy quorum's fallback marked with the replica it stands in for (§4.6), so the reply count and
 * the list agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { gossipLesson } from '../../src/scenario/lessons/gossip-lesson.ts';
import { launchBrowser, openApp, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('the request inspector', () => {
  it('lists the fallback that replied for a crashed replica, so its chips match the reply count', async () => {
    const { page, problems } = await openApp(browser);
    await page.getByTestId('tab-lessons').click();
    await page.getByTestId('lesson-start-gossip-failure-detection').click();
    // Step by step to the space-time step at 6.5 s, answering each question on the way.
    const steps = gossipLesson.scenario.lesson.steps;
    const target = steps.findIndex((s) => s.atMs === 6500 && s.view === 'spacetime');
    for (let i = 0; i < target; i++) {
      await page.locator(`[data-testid="lesson-player"][data-step="${i}"]`).waitFor();
      const question = steps[i]?.question;
      if (question) await page.getByTestId(`lesson-choice-${question.answer}`).click();
      await page.getByTestId('lesson-next').click();
    }
    await page.locator(`[data-testid="lesson-player"][data-step="${target}"]`).waitFor();
    const inspector = page.locator('[data-testid="request-inspector"][data-request="n3:1"]');
    await inspector.locator('[data-testid="request-machine"][data-state="done"]').waitFor({ timeout: 60_000 });
    const chips = await inspector.getByTestId('request-targets').locator('li').allTextContents();
    expect(chips).toEqual(['n3 ✓ its own copy (the coordinator)', 'n5 ✕ lost', 'n4 ✓ replied', 'n1 ✓ replied · fallback for n5 (hint)']);
    const counted = await inspector.getByTestId('request-replies').textContent();
    expect(counted).toMatch(/^3 replies, the coordinator’s own copy included \(2 needed/);
    expect(await inspector.locator('li[data-replied="true"]').count()).toBe(3);
    await inspector.scrollIntoViewIfNeeded();
    await screenshot(page, 'request-inspector-fallback-1280x800');
    await inspector.screenshot({ path: 'test-results/request-inspector-fallback-card.png' });
    expect(problems).toEqual([]);
  });
});

/**
 * Every lesson opened and stepped through in Chromium: each step shows its narration, pauses the
 * run at the step's virtual time, highlights what it names, and a question must be answered
 * (and explained) before the lesson plays on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LESSONS } from '../../src/scenario/lessons/lessons.ts';
import { stepTimeMs } from '../../src/scenario/lessons/lesson-player.ts';
import { launchBrowser, openApp, screenshot } from './browser.ts';
import { makeOwnRun, runIsBack } from './own-run.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function nowMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('virtual-time').getAttribute('data-now-ms'));
}

/**
 * Waits until the live run is paused at `ms` (the lesson seeks there). The engine may stop a little
 * past it: a batch that starts with cancelled timers takes the next live event even beyond the
 * seek's target (World.formBatch), so "at or after" is what can be asked today.
 */
async function pausedAt(page: Page, ms: number, beforeMs = Number.MAX_VALUE): Promise<void> {
  await page.waitForFunction(
    ([target, before]) => {
      const t = document.querySelector('[data-testid="virtual-time"]');
      const state = document
        .querySelector('[data-testid="playback-state"]')
        ?.getAttribute('data-state');
      const now = Number(t?.getAttribute('data-now-ms'));
      return t !== null && state === 'paused' && now >= target - 1e-6 && now < before;
    },
    [ms, beforeMs] as const,
    { timeout: 60_000 },
  );
}

/** Which of the parts named are on the page but out of sight, in the window and their view panel. */
async function outOfSight(page: Page, ids: readonly string[]): Promise<string[]> {
  return page.evaluate(
    (names) =>
      names.filter((id) => {
        const el = document.querySelector(`[data-testid="${id}"]`);
        if (el === null) return false;
        const box = el.getBoundingClientRect();
        const panel = el.closest('#view-panel')?.getBoundingClientRect();
        const top = Math.max(0, panel?.top ?? 0);
        const bottom = Math.min(window.innerHeight, panel?.bottom ?? window.innerHeight);
        return !(box.bottom > top && box.top < bottom);
      }),
    ids,
  );
}

describe('lessons', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s: every step shows, pauses at its time and asks before it goes on',
    async (_id, lesson) => {
      const { page, problems } = await openApp(browser);
      await page.getByTestId('tab-lessons').click();
      await page.getByTestId(`lesson-start-${lesson.id}`).click();
      const steps = lesson.scenario.lesson.steps;
      const offered: string[] = [];
      for (const [i, step] of steps.entries()) {
        await page.locator(`[data-testid="lesson-player"][data-step="${i}"]`).waitFor();
        await expect(page.getByTestId('lesson-step-title').textContent()).resolves.toBe(step.title);
        await expect(page.getByTestId('lesson-narration').textContent()).resolves.toBe(
          step.narration,
        );
        if (step.view) await page.locator(`#tab-${step.view}[aria-selected="true"]`).waitFor();
        const at = stepTimeMs(lesson, i);
        const live =
          step.view === 'cluster' || step.view === 'spacetime' || step.view === 'metrics';
        if (at !== undefined && live) {
          await pausedAt(page, at);
          expect(await nowMs(page)).toBeGreaterThanOrEqual(at);
        }
        for (const target of step.highlight ?? []) {
          await page
            .locator(`[data-testid="${target}"][data-lesson-highlight]`)
            .first()
            .waitFor({ state: 'attached' });
        }
        // A step that picks a key shows it in the key inspector (in the space-time view).
        if (step.key !== undefined && step.view === 'spacetime')
          await page.locator(`[data-testid="key-inspector"][data-key="${step.key}"]`).waitFor();
        // The key n6 took over: n6's row is a home replica holding its version (§4.9).
        if (lesson.id === 'adding-removing-nodes' && step.key !== undefined) {
          await page
            .locator('[data-testid="replica-n6"][data-role="home"]:not([data-versions="0"])')
            .waitFor();
          await screenshot(page, 'lesson-membership-n6-key-1280x800');
        }
        // A step that points at the space-time diagram has something drawn on it.
        if ((step.highlight ?? []).includes('space-time'))
          await expect
            .poll(async () => Number(await page.getByTestId('space-time').getAttribute('data-arrow-count')), { timeout: 10_000 })
            .toBeGreaterThan(0);
        // The first part the step points at has its top in sight in the view panel.
        const first = step.highlight?.[0];
        if (first !== undefined)
          await page.waitForFunction(
            (id) => {
              const el = document.querySelector(`[data-testid="${id}"]`);
              const panel = el?.closest('#view-panel');
              if (!el || !panel) return true;
              const box = el.getBoundingClientRect();
              const room = panel.getBoundingClientRect();
              return box.top >= room.top - 1 && box.top < Math.min(room.bottom, window.innerHeight);
            },
            first,
            { timeout: 5_000 },
          ).catch(async (e: unknown) => {
            const info = await page.evaluate((id) => {
              const el = document.querySelector(`[data-testid="${id}"]`);
              const panel = el?.closest('#view-panel');
              return JSON.stringify({ box: el?.getBoundingClientRect(), room: panel?.getBoundingClientRect(), scroll: panel?.scrollTop, h: window.innerHeight });
            }, first);
            throw new Error(`step ${i} ${first}: ${info} ${String(e)}`);
          });
        // What would answer the question is hidden until the student predicts (lesson-schema `conceal`).
        if (step.conceal) {
          await page.locator('[data-lesson-concealed]').first().waitFor({ state: 'attached' });
          await page.getByTestId('lesson-concealed-note').waitFor();
          const open = await page.evaluate((ids) => {
            const out: string[] = [];
            for (const id of ids)
              for (const el of document.querySelectorAll(`[data-testid="${id}"]`))
                if (!el.hasAttribute('data-lesson-concealed')) out.push(id);
            return out;
          }, step.conceal);
          expect(open, `step ${i} shows what it conceals`).toEqual([]);
          if (step.question) await screenshot(page, `lesson-${lesson.id}-step-${i + 1}-concealed-1280x800`);
          // A hidden part out of sight is offered by name in the note, and the offer brings it in.
          await page.waitForTimeout(600);
          for (let unseen = await outOfSight(page, step.conceal); unseen.length > 0; unseen = await outOfSight(page, step.conceal)) {
            const id = unseen[0] as string;
            expect(offered.length, `step ${i}: offers to show ${unseen.join(', ')} again and again`).toBeLessThan(20);
            const offer = page.getByTestId(`lesson-show-concealed-${id}`);
            await offer.waitFor({ timeout: 5_000 });
            await expect(offer.textContent()).resolves.toBe('show it');
            await expect(page.getByTestId('lesson-concealed-note').textContent()).resolves.toMatch(/(One is|“.+” is) out of sight (above|below): show it\.$/);
            if (step.question) await page.getByTestId('lesson-concealed-note').screenshot({ path: `test-results/lesson-${lesson.id}-step-${i + 1}-offer.png` });
            await offer.click();
            await expect.poll(() => outOfSight(page, [id]), { timeout: 5_000 }).toEqual([]);
            await expect.poll(() => offer.count()).toBe(0);
            offered.push(id);
            await page.waitForTimeout(600);
          }
        }
        // The put's messages are in the span the narration describes, and drawn.
        if (lesson.id === 'consistent-hashing' && step.title === 'Three replicas, no more') {
          const diagram = page.getByTestId('space-time');
          await expect
            .poll(async () => [Number(await diagram.getAttribute('data-window-start')), Number(await diagram.getAttribute('data-window-end'))], { timeout: 10_000 })
            .toEqual([995, 1020]);
          await expect.poll(async () => Number(await diagram.getAttribute('data-arrow-count')), { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
          await screenshot(page, 'lesson-consistent-hashing-put-1280x800');
        }
        if (lesson.id === 'gossip-failure-detection' && step.title === 'A local verdict') {
          await page.locator('[data-testid="key-inspector"][data-key="cart"]').waitFor();
          await screenshot(page, 'lesson-gossip-local-verdict-1280x800');
          await page.getByTestId('space-time').screenshot({ path: 'test-results/lesson-gossip-local-verdict-diagram.png' });
          // What each node believes: only n3 found n5 unresponsive; n5, crashed, believes nothing.
          const card = page.getByTestId('membership-views');
          // The card asks the run only while in sight; the narration sends the student to it.
          await card.scrollIntoViewIfNeeded();
          await card.locator('[data-testid="beliefs-n3"] td[data-subject="n5"][data-verdict="unreachable"]').waitFor();
          for (const n of ['n1', 'n2', 'n4'])
            await expect(card.locator(`[data-testid="beliefs-${n}"] td[data-subject="n5"]`).getAttribute('data-verdict')).resolves.toBe('reachable');
          await expect(card.getByTestId('beliefs-n5').getAttribute('data-status')).resolves.toBe('crashed');
          await expect(card.getByTestId('belief-findings').textContent()).resolves.toContain('n5 is crashed: n3 found it unresponsive; n1, n2 and n4 still count on it.');
          await card.screenshot({ path: 'test-results/lesson-gossip-local-verdict-beliefs.png' });
        }
        if (lesson.id === 'gossip-failure-detection' && step.title === 'Everyone knows') {
          const card = page.getByTestId('membership-views');
          await card.scrollIntoViewIfNeeded();
          await expect.poll(() => card.locator('td[data-subject="n6"][data-verdict="reachable"]').count(), { timeout: 10_000 }).toBe(4);
          await expect(card.locator('td[data-subject="n6"][data-verdict="unknown"]').count()).resolves.toBe(0);
          const marking = await card.locator('td[data-subject="n5"][data-verdict="unreachable"]').evaluateAll((cells) => cells.map((c) => c.closest('tr')?.getAttribute('data-testid')));
          expect(marking.sort()).toEqual(['beliefs-n1', 'beliefs-n3']);
        }
        if (step.question) {
          if (i < steps.length - 1)
            await expect(page.getByTestId('lesson-next').isDisabled()).resolves.toBe(true);
          await page.getByTestId(`lesson-choice-${step.question.answer}`).click();
          await expect(
            page.getByTestId('lesson-explanation').getAttribute('data-correct'),
          ).resolves.toBe('true');
          // Predicted: what was hidden shows.
          if (step.conceal) {
            await expect.poll(() => page.locator('[data-lesson-concealed]').count()).toBe(0);
            await expect(page.getByTestId('lesson-concealed-note').count()).resolves.toBe(0);
          }
        }
        if (i < steps.length - 1) await page.getByTestId('lesson-next').click();
      }
      await page.getByTestId('lesson-goal').waitFor();
      if (lesson.id === 'partitioning-strategies') {
        // The last step discusses n6's join, so the lab shows it; back at the first step it is gone.
        await page.locator('[data-testid="moved-fraction-3"]:not([data-value=""])').waitFor();
        for (let i = steps.length - 1; i > 0; i--) await page.getByTestId('lesson-prev').click();
        await page.locator('[data-testid="lesson-player"][data-step="0"]').waitFor();
        await expect(page.getByTestId('moved-fraction-3').getAttribute('data-value')).resolves.toBe('');
      }
      if (lesson.id === 'hinted-handoff')
        await screenshot(page, 'lesson-hinted-handoff-end-1280x800');
      // At 1280×800 the beliefs card sits below the fold of the side column while it is hidden.
      if (lesson.id === 'gossip-failure-detection') expect(offered).toContain('membership-views');
      expect(problems).toEqual([]);
    },
  );

  it('answers wrongly, sees the right answer explained, and steps back to replay an earlier moment', async () => {
    const { page, problems } = await openApp(browser, '/', { width: 1920, height: 1080 });
    await page.getByTestId('tab-lessons').click();
    await screenshot(page, 'lessons-library-1920x1080');
    await page.getByTestId('lesson-start-hinted-handoff').click();
    await page.getByTestId('lesson-next').click();
    await pausedAt(page, 1200);
    await page.getByTestId('lesson-choice-0').click();
    await expect(page.getByTestId('lesson-explanation').getAttribute('data-correct')).resolves.toBe(
      'false',
    );
    await expect(page.getByTestId('lesson-choice-1').getAttribute('data-right')).resolves.toBe(
      'true',
    );
    await page.getByTestId('lesson-next').click();
    await pausedAt(page, 2000);
    await page.locator('[data-testid="hints-n1"][data-count="1"]').waitFor();
    await screenshot(page, 'lesson-hint-1920x1080');
    await page.getByTestId('lesson-prev').click();
    await pausedAt(page, 1200, 2000);
    await page.locator('[data-testid="node-n4"][data-state="crashed"]').waitFor();
    await page.locator('[data-testid="hints-n1"][data-count="0"]').waitFor({ state: 'attached' });
    await page.getByTestId('lesson-close').click();
    await expect(page.getByTestId('lesson-player').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('keeps the person’s own run while a lesson plays, and gives it back when the lesson closes', async () => {
    const { page, problems } = await openApp(browser);
    const own = await makeOwnRun(page);
    await page.getByTestId('tab-lessons').click();
    await page.getByTestId('lesson-start-gossip-failure-detection').click();
    await page.getByTestId('lesson-player').waitFor();
    const notice = page.getByTestId('scenario-notice');
    await expect(notice.textContent()).resolves.toContain(
      `The lesson replaced your run (8 nodes, seed 99, at ${own.shown}). Your run comes back when you close the lesson.`,
    );
    await expect(page.getByTestId('scenario-notice-action').textContent()).resolves.toBe('Back to your run');
    await expect(page.getByTestId('seed-input').inputValue()).resolves.not.toBe('99');
    await screenshot(page, 'lesson-replaced-own-run-1280x800');
    await page.getByTestId('lesson-close').click();
    await expect(page.getByTestId('lesson-player').count()).resolves.toBe(0);
    await runIsBack(page, own);
    await screenshot(page, 'lesson-closed-own-run-back-1280x800');
    expect(problems).toEqual([]);
  });
});

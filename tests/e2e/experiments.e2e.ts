/**
 * The experiments view as a teacher uses it (Dynamo §4.5, §6.2): pick a preset, run it in the
 * page's experiment worker, and read the same numbers the CLI prints for the same seed — each
 * compared with the experiment run in Node inside this test — on charts with axes, points and a
 * legend; the downloads carry the same report; Cancel really stops a long run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runAvailability } from '../../src/experiments/availability-experiment.ts';
import { runDivergence } from '../../src/experiments/divergence-experiment.ts';
import { runPartitioning } from '../../src/experiments/partitioning-experiment.ts';
import { runStaleness } from '../../src/experiments/staleness-experiment.ts';
import type {
  ExperimentName,
  ExperimentRequest,
} from '../../src/runtime/browser/experiment-api.ts';
import { checkForm, cliCommand } from '../../src/ui/experiments/experiment-forms.ts';
import { DEFAULT_VALUES, PRESETS } from '../../src/ui/experiments/experiment-presets.ts';
import { reportCsv } from '../../src/ui/experiments/experiment-csv.ts';
import { launchBrowser, openApp, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** The request the page builds from a preset, built the same way here. */
function presetRequest<E extends ExperimentName>(
  experiment: E,
  presetId: string,
): Extract<ExperimentRequest, { experiment: E }> {
  const preset = PRESETS[experiment].find((p) => p.id === presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  const check = checkForm(experiment, preset.values);
  if (!check.ok) throw new Error(check.message);
  return check.request as Extract<ExperimentRequest, { experiment: E }>;
}

async function openExperiments(viewport?: { width: number; height: number }) {
  const app = await openApp(browser, '/', viewport);
  await app.page.getByTestId('tab-experiments').click();
  await app.page.getByTestId('experiments-view').waitFor();
  return app;
}

/** Waits for the run to end and fails with the page's own sentence if it did not finish. */
async function waitForRun(page: Page): Promise<void> {
  const status = page.getByTestId('experiment-status');
  await page
    .locator(
      '[data-testid="experiment-status"]:not([data-status="running"]):not([data-status="idle"])',
    )
    .waitFor({ timeout: 90_000 });
  const outcome = await status.getAttribute('data-status');
  if (outcome !== 'done')
    throw new Error(`the run ended ${outcome ?? '?'}: ${(await status.textContent()) ?? ''}`);
}

async function runPreset(page: Page, experiment: ExperimentName, presetId: string): Promise<void> {
  await page.getByTestId(`experiment-tab-${experiment}`).click();
  await page.getByTestId(`preset-${presetId}`).click();
  await page.getByTestId('experiment-run').click();
  await waitForRun(page);
}

async function shown(page: Page, testId: string): Promise<number | null> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  return raw === 'null' ? null : Number(raw);
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  const path = await file.path();
  return readFileSync(path);
}

describe('the experiments view', () => {
  it('runs "N=3 R=1 W=1 — stale reads" in a worker and shows the numbers the experiment gives in Node', async () => {
    const { page, problems } = await openExperiments();
    await page.getByTestId('experiment-tab-staleness').click();
    await page.getByTestId('preset-stale-reads').click();
    await expect(page.getByTestId('experiment-cli').textContent()).resolves.toContain(
      'experiment staleness --N 3 --R 1 --W 1',
    );
    await page.getByTestId('experiment-run').click();
    const request = presetRequest('staleness', 'stale-reads');
    const expected = await runStaleness(request.options);
    await page
      .locator('[data-testid="experiment-status"][data-status="done"]')
      .waitFor({ timeout: 90_000 });

    const row = expected.rows[0];
    if (!row) throw new Error('no row');
    await expect(shown(page, 'result-tVisibilityMs')).resolves.toBe(row.tVisibilityMs);
    await expect(shown(page, 'result-predicted-tVisibilityMs')).resolves.toBe(
      row.predicted.tVisibilityMs,
    );
    await expect(shown(page, 'result-readLatencyMs-p999')).resolves.toBe(row.readLatencyMs.p999);
    await expect(shown(page, 'result-writeLatencyMs-p50')).resolves.toBe(row.writeLatencyMs.p50);
    const cells = await page
      .getByTestId('result-table-p-consistent')
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.dataset.value))),
      );
    expect(cells).toEqual(
      row.pConsistent.map((p, i) => [p.tMs, p.p, row.predicted.pConsistent[i]?.p]),
    );
    // With R + W ≤ N some reads right after the ack miss the write.
    expect(row.pConsistent[0]?.p).toBeLessThan(1);

    const chart = page.locator('[data-testid="experiment-chart"][data-chart="p-consistent"]');
    await expect(
      chart.getByTestId('chart-x-axis').locator('text').count(),
    ).resolves.toBeGreaterThan(3);
    await expect(
      chart.getByTestId('chart-y-axis').locator('text').count(),
    ).resolves.toBeGreaterThan(3);
    await expect(
      chart.getByText('time since the write was acknowledged, t (ms)', { exact: true }).count(),
    ).resolves.toBe(1);
    await expect(
      chart.getByText('WARS prediction (20000 trials)', { exact: true }).count(),
    ).resolves.toBe(1);
    for (const series of ['simulated', 'predicted']) {
      const d = await chart.getByTestId(`series-${series}`).locator('path').getAttribute('d');
      expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);
      await expect(chart.getByTestId(`series-${series}`).locator('circle').count()).resolves.toBe(
        request.options.tMs?.length,
      );
    }
    await screenshot(page, 'experiments-staleness-1280x800');

    // The downloads carry the same report.
    const json: unknown = JSON.parse((await download(page, 'export-json')).toString('utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
    expect((await download(page, 'export-csv')).toString('utf8')).toBe(reportCsv(expected));
    const svg = (await download(page, 'export-svg')).toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('P(consistent read)');
    const png = await download(page, 'export-png');
    writeFileSync('test-results/experiments-export-staleness.png', png);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(problems).toEqual([]);
  });

  it('runs a partitioning ring and shows its efficiency, metadata and moved keys, and one load bar per node', async () => {
    const { page, problems } = await openExperiments();
    await runPreset(page, 'partitioning', 'strategy-1');
    const request = presetRequest('partitioning', 'strategy-1');
    const expected = await runPartitioning(request.options);
    await expect(shown(page, 'result-efficiency')).resolves.toBe(expected.efficiency);
    await expect(shown(page, 'result-hashSpaceEfficiency')).resolves.toBe(
      expected.hashSpaceEfficiency,
    );
    await expect(shown(page, 'result-outOfBalanceFraction')).resolves.toBe(
      expected.outOfBalanceFraction,
    );
    await expect(shown(page, 'result-metadataBytesPerNode')).resolves.toBe(
      expected.metadataBytesPerNode,
    );
    await expect(shown(page, 'result-keysMovedOnJoinFraction')).resolves.toBe(
      expected.keysMovedOnJoinFraction,
    );
    await expect(shown(page, 'result-keysMovedOnLeaveFraction')).resolves.toBe(
      expected.keysMovedOnLeaveFraction,
    );
    const chart = page.locator('[data-testid="experiment-chart"][data-chart="load"]');
    await expect(chart.locator('rect.bar').count()).resolves.toBe(
      Object.keys(expected.loadPerNode ?? {}).length,
    );
    // The "+15 %", "mean" and "−15 %" labels sit right of the last bar, clear of every bar and of each other.
    const boxes = await chart.evaluate((figure) => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: e.textContent };
      };
      return {
        bars: [...figure.querySelectorAll('rect.bar')].map(box),
        labels: [...figure.querySelectorAll('[data-testid="rule-label"]')].map(box),
        svg: box(figure.querySelector('svg') as Element),
      };
    });
    expect(boxes.labels.map((l) => l.text)).toEqual(['mean', '+15 %', '−15 %']);
    const overlaps = (a: typeof boxes.svg, b: typeof boxes.svg) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const label of boxes.labels) {
      expect(boxes.bars.filter((bar) => overlaps(label, bar))).toEqual([]);
      expect(label.right).toBeLessThanOrEqual(boxes.svg.right);
      expect(boxes.labels.filter((other) => other !== label && overlaps(label, other))).toEqual([]);
    }
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'experiments-partitioning-1280x800');
    expect(problems).toEqual([]);
  });

  it('draws the Figure 8 sweep: one curve per strategy on a log metadata axis (1920×1080)', async () => {
    const { page, problems } = await openExperiments({ width: 1920, height: 1080 });
    await runPreset(page, 'partitioning', 'figure-8');
    const expected = await runPartitioning(presetRequest('partitioning', 'figure-8').options);
    const chart = page.locator('[data-testid="experiment-chart"][data-chart="figure-8"]');
    for (const strategy of [1, 2, 3] as const) {
      const count = (expected.points ?? []).filter((p) => p.strategy === strategy).length;
      await expect(
        chart.getByTestId(`series-strategy-${strategy}`).locator('circle').count(),
      ).resolves.toBe(count);
    }
    const ticks = await chart.getByTestId('chart-x-axis').locator('g text').allTextContents();
    expect(ticks).toEqual(expect.arrayContaining(['100', '1k', '10k']));
    const shownEfficiencies = await page
      .getByTestId('result-table-figure-8')
      .locator('tbody tr td:nth-child(5)')
      .evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    expect(shownEfficiencies).toEqual((expected.points ?? []).map((p) => p.efficiency));
    await screenshot(page, 'experiments-figure8-1920x1080');
    expect(problems).toEqual([]);
  });

  it('draws versions per read for concurrent writers (§6.3)', async () => {
    const { page, problems } = await openExperiments();
    await runPreset(page, 'divergence', 'busy');
    const expected = await runDivergence(presetRequest('divergence', 'busy').options);
    await expect(shown(page, 'result-meanVersions')).resolves.toBe(expected.meanVersions);
    await expect(shown(page, 'result-maxVersions')).resolves.toBe(expected.maxVersions);
    const chart = page.locator('[data-testid="experiment-chart"][data-chart="versions"]');
    await expect(chart.locator('rect.bar').count()).resolves.toBeGreaterThan(1);
    await screenshot(page, 'experiments-divergence-1280x800');
    expect(problems).toEqual([]);
  });

  it('shows carts that read before they write seeing one version on nearly every read, as its note says (§6.3)', async () => {
    const { page, problems } = await openExperiments();
    await runPreset(page, 'divergence', 'calm');
    const request = presetRequest('divergence', 'calm');
    expect(request.options).toMatchObject({ readModifyWrite: true });
    const expected = await runDivergence(request.options);
    await expect(shown(page, 'result-meanVersions')).resolves.toBe(expected.meanVersions);
    const found = expected.versionsPerRead.filter((v) => v.versions > 0);
    const one = found.find((v) => v.versions === 1)?.reads ?? 0;
    expect(one / found.reduce((n, v) => n + v.reads, 0)).toBeGreaterThan(0.99);
    await screenshot(page, 'experiments-divergence-carts-1280x800');
    expect(problems).toEqual([]);
  });

  it('keeps the experiment, its form, a run in progress and its results across a tab switch', async () => {
    const { page, problems } = await openExperiments();
    await page.getByTestId('experiment-tab-divergence').click();
    await page.getByTestId('preset-busy').click();
    await page.getByTestId('experiment-field-writers').fill('6');
    await page.getByTestId('experiment-run').click();
    // Away while it runs, and back.
    await page.getByTestId('tab-metrics').click();
    await page.getByTestId('tab-experiments').click();
    await waitForRun(page);
    await expect(page.getByTestId('experiment-tab-divergence').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.getByTestId('experiment-field-writers').inputValue()).resolves.toBe('6');
    const mean = await shown(page, 'result-meanVersions');
    await page.getByTestId('tab-ring').click();
    await page.getByTestId('tab-experiments').click();
    await expect(shown(page, 'result-meanVersions')).resolves.toBe(mean);
    await expect(page.getByTestId('experiment-cli').textContent()).resolves.toContain('--writers 6');
    expect(problems).toEqual([]);
  });

  it('compares sloppy and strict quorums on the same crashes (§4.6)', async () => {
    const { page, problems } = await openExperiments({ width: 1920, height: 1080 });
    await runPreset(page, 'availability', 'crashes');
    const expected = await runAvailability(presetRequest('availability', 'crashes').options);
    const rows = await page
      .getByTestId('result-table-availability')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.dataset.value)),
      );
    expect(rows.map((r) => [r[0], r[1], Number(r[4])])).toEqual(
      expected.rows.flatMap((r) => [
        [r.quorum, 'gets', r.gets.successRate],
        [r.quorum, 'puts', r.puts.successRate],
      ]),
    );
    const success = page.locator('[data-testid="experiment-chart"][data-chart="success"]');
    await expect(success.locator('rect.bar').count()).resolves.toBe(4);
    await screenshot(page, 'experiments-availability-1920x1080');
    expect(problems).toEqual([]);
  });

  it('points at a bad latency spec with its column, and will not run it', async () => {
    const { page, problems } = await openExperiments();
    await page.getByTestId('experiment-field-latency-read').fill('exp(0.5) + x');
    await expect(page.getByTestId('error-experiment-latency-read').textContent()).resolves.toMatch(
      /^Read request leg, one way \(ms\) .*column 12/,
    );
    await expect(page.getByTestId('experiment-run').isDisabled()).resolves.toBe(true);
    await page.getByTestId('experiment-field-latency-read').fill('exp(0.5) + 1');
    await expect(page.getByTestId('error-experiment-latency-read').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('keeps the last results through a cancelled run, and shows each experiment’s results under its own tab only', async () => {
    const { page, problems } = await openExperiments();
    await runPreset(page, 'partitioning', 'strategy-3');
    const efficiency = await page.getByTestId('experiment-results').innerHTML();
    // Another experiment's tab shows its own state, not the partitioning results.
    await page.getByTestId('experiment-tab-divergence').click();
    await expect(page.getByTestId('experiment-results').count()).resolves.toBe(0);
    await expect(page.getByTestId('experiment-status').getAttribute('data-status')).resolves.toBe('idle');
    await page.getByTestId('experiment-tab-partitioning').click();
    await expect(page.getByTestId('experiment-results').innerHTML()).resolves.toBe(efficiency);
    await expect(page.getByTestId('experiment-status').textContent()).resolves.toMatch(/^partitioning, seed \d+: finished in/);
    // A long run cancelled: the earlier results stay, and the note beside Run says so.
    await page.getByTestId('preset-figure-8').click();
    await page.getByTestId('experiment-run').click();
    await page.locator('[data-testid="experiment-status"][data-status="running"]').waitFor();
    await expect(page.getByTestId('experiment-results').innerHTML()).resolves.toBe(efficiency);
    await page.getByTestId('experiment-cancel').click();
    await page.locator('[data-testid="experiment-status"][data-status="cancelled"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('experiment-status').textContent()).resolves.toContain('The results below are from the last run that finished.');
    await expect(page.getByTestId('experiment-run-note').textContent()).resolves.toBe('Cancelled. The last results stay.');
    await expect(page.getByTestId('experiment-results').innerHTML()).resolves.toBe(efficiency);
    // The cluster settings and the toolbar's seed belong to the other views: not shown here.
    await expect(page.getByTestId('seed-input').count()).resolves.toBe(0);
    await expect(page.getByTestId('settings-panel').count()).resolves.toBe(0);
    await expect(page.getByTestId('cluster-summary').textContent()).resolves.toContain('settings of their own form');
    await screenshot(page, 'experiments-cancelled-keeps-results-1280x800');
    expect(problems).toEqual([]);
  });

  it('shares the study and its form by link: the link opens the Experiments view with the same form and numbers', async () => {
    const { page, problems } = await openExperiments();
    await page.getByTestId('experiment-tab-partitioning').click();
    await page.getByTestId('preset-strategy-1').click();
    await page.getByTestId('experiment-field-tokens').fill('16');
    await page.getByTestId('experiment-field-seed').fill('7');
    const cli = await page.getByTestId('experiment-cli').textContent();
    await page.getByTestId('experiment-run').click();
    await waitForRun(page);
    const efficiency = await shown(page, 'result-efficiency');
    await page.getByTestId('share-link').click();
    const url = await page.getByTestId('share-url').inputValue();
    expect(new URL(url).searchParams.get('experiment')).toBe('partitioning');
    await expect(page.getByTestId('scenario-notice').textContent()).resolves.toContain('It opens the partitioning experiment with this form');

    const other = await openApp(browser, new URL(url).pathname + new URL(url).search);
    await other.page.getByTestId('experiments-view').waitFor();
    await expect(other.page.getByTestId('experiment-tab-partitioning').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(other.page.getByTestId('experiment-field-tokens').inputValue()).resolves.toBe('16');
    await expect(other.page.getByTestId('experiment-cli').textContent()).resolves.toBe(cli);
    await other.page.getByTestId('experiment-run').click();
    await waitForRun(other.page);
    await expect(shown(other.page, 'result-efficiency')).resolves.toBe(efficiency);
    await screenshot(other.page, 'experiments-from-link-1280x800');

    // A link edited by hand into something that is no field says so, and the playground opens as usual.
    const bad = await openApp(browser, '/?v=experiments&experiment=partitioning&tokenz=16');
    await bad.page.locator('[data-testid="scenario-notice"][data-tone="error"]').waitFor();
    await expect(bad.page.getByTestId('scenario-notice').textContent()).resolves.toContain('"tokenz" is not a field of the partitioning experiment');
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('cancels a long run: the progress bar moves, Cancel stops the worker’s run', async () => {
    const { page, problems } = await openExperiments();
    await page.getByTestId('preset-sweep').click();
    await page.getByTestId('experiment-field-trials').fill('50000');
    await page.getByTestId('experiment-run').click();
    await page.waitForFunction(
      () =>
        Number(
          document
            .querySelector('[data-testid="experiment-progress"]')
            ?.getAttribute('data-value') ?? 0,
        ) > 0,
    );
    // The main thread is free while the worker computes: the page answers at once.
    await expect(page.evaluate(() => document.title)).resolves.toBeTypeOf('string');
    // Run was pressed at the foot of the long form; progress and Cancel show beside the status line,
    // in the window, with the form scrolled anywhere and the results scrolled down.
    await page.locator('.experiment-setup').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
    for (const id of ['experiment-progress', 'experiment-cancel', 'experiment-status']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
    }
    const status = await page.getByTestId('experiment-status').boundingBox();
    const progress = await page.getByTestId('experiment-progress').boundingBox();
    expect(Math.abs(progress!.y - status!.y)).toBeLessThan(80);
    await screenshot(page, 'experiments-running-progress-1280x800');
    await page.getByTestId('experiment-cancel').click();
    await page
      .locator('[data-testid="experiment-status"][data-status="cancelled"]')
      .waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('experiment-progress').count()).resolves.toBe(0);
    await expect(page.getByTestId('experiment-run').isEnabled()).resolves.toBe(true);
    expect(problems).toEqual([]);
  });

  it('opens a short hand-written link with the experiment’s defaults, ready to run; lays out the form and its CLI line for reading and copying', async () => {
    const { page, problems } = await openApp(browser, '/?v=experiments&experiment=staleness&N=5&R=2');
    await page.getByTestId('experiments-view').waitFor();
    await expect(page.getByTestId('experiment-field-N').inputValue()).resolves.toBe('5');
    await expect(page.getByTestId('experiment-field-R').inputValue()).resolves.toBe('2');
    await expect(page.getByTestId('experiment-field-W').inputValue()).resolves.toBe(DEFAULT_VALUES.staleness.W);
    await expect(page.getByTestId('experiment-field-latency-ack').inputValue()).resolves.toBe(DEFAULT_VALUES.staleness['latency-ack']);
    await expect(page.getByTestId('experiment-field-trials').inputValue()).resolves.toBe(DEFAULT_VALUES.staleness.trials);
    await expect(page.locator('.field-error').count()).resolves.toBe(0);
    await expect(page.getByTestId('experiment-run').isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('scenario-notice').getAttribute('data-tone')).resolves.toBe('info');

    // The t grid shows all of its default values.
    const t = page.getByTestId('experiment-field-t');
    await t.fill('0, 1, 2, 5, 10, 20, 50, 100');
    const tWidth = await t.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(tWidth.scroll).toBeLessThanOrEqual(tWidth.client);

    // The CLI line wraps between arguments only: each flag on one line box, each short
    // `--flag value` on one line; its text is the command to paste.
    await page.getByTestId('experiment-tab-divergence').click();
    await page.getByTestId('preset-failures').click();
    const cli = page.getByTestId('experiment-cli');
    const lines = await cli.evaluate((code) => {
      const tops = (node: Node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return [...new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))];
      };
      return {
        words: [...code.querySelectorAll('.cli-word')].map((w) => ({ text: w.textContent, tops: tops(w) })),
        args: [...code.querySelectorAll('[data-testid="cli-arg"]')].map((a) => ({ text: a.textContent, tops: tops(a) })),
        all: tops(code),
        text: code.textContent,
        innerText: (code as HTMLElement).innerText,
      };
    });
    expect(lines.all.length).toBeGreaterThan(2);
    for (const word of lines.words) expect(word.tops, word.text ?? '').toHaveLength(1);
    for (const arg of lines.args) expect(arg.tops, arg.text ?? '').toHaveLength(1);
    const expectedLine = cliCommand('divergence', PRESETS.divergence.find((p) => p.id === 'failures')!.values);
    expect(lines.text).toBe(expectedLine);
    expect(lines.innerText.replaceAll(/\s+/g, ' ')).toBe(expectedLine);
    expect(lines.args.map((a) => a.text)).toContain('--downtime-ms 5000');

    // Nodes = 1 under N = 3: the error is on Nodes, the field changed, and on N, each naming the other.
    await page.getByTestId('experiment-tab-availability').click();
    await page.getByTestId('experiment-field-nodes').fill('1');
    await expect(page.getByTestId('error-experiment-nodes').textContent()).resolves.toBe(
      'Nodes must be at least N (3): each of a key’s N replicas is on a node of its own (got 1)',
    );
    await expect(page.getByTestId('error-experiment-N').textContent()).resolves.toMatch(/^N must be at most Nodes \(1\)/);
    await expect(page.getByTestId('experiment-run').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'experiments-nodes-below-N-1280x800');
    await page.getByTestId('experiment-field-nodes').fill('5');
    await expect(page.locator('.field-error').count()).resolves.toBe(0);

    // Partitioning: the strategy decides which of T and Q apply; the other is disabled and ignored.
    await page.getByTestId('experiment-tab-partitioning').click();
    await page.getByTestId('preset-strategy-3').click();
    await page.getByTestId('experiment-field-strategy').selectOption('1');
    await expect(page.getByTestId('experiment-field-partitions').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('experiment-field-tokens').isEnabled()).resolves.toBe(true);
    await expect(page.locator('.field-error').count()).resolves.toBe(0);
    await expect(page.getByTestId('experiment-run').isEnabled()).resolves.toBe(true);
    await expect(cli.textContent()).resolves.not.toContain('--partitions');
    await page.getByTestId('experiment-field-strategy').selectOption('2');
    await expect(page.getByTestId('experiment-field-partitions').isEnabled()).resolves.toBe(true);
    await page.getByTestId('experiment-field-strategy').selectOption('3');
    await expect(page.getByTestId('experiment-field-tokens').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'experiments-strategy-fields-1280x800');
    expect(problems).toEqual([]);
  });
});

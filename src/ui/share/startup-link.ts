/**
 * Opening the page from a link: `?s=<run>` reopens a shared run exactly (scenario, seed,
 * interventions, time), `?fuzz=<seed>&t=<ms>` opens the fuzzer's case for that seed at that time
 * (`&mix=heavy` for the heavy mix; src/check/fuzz-scenario.ts is pure, so it runs in the browser as
 * it does in the CLI), and
 * `?example=<name>` opens one of the example scenarios (public/scenarios/<name>.json), and
 * `?experiment=<name>&<field>=<value>…` the Experiments view with that study's form
 * (experiment-link.ts). The first three open on the view `v` names, with that view's own state
 * (view-link.ts: the ring's key and node, the strategy lab's joins and leaves). A link
 * that does not decode leaves the playground as it is and says why, naming the parameter.
 */
import { fuzzCase, fuzzMixes, isFuzzMix } from '../../check/fuzz-scenario.ts';
import { setupToScenario } from '../../scenario/scenario-setup.ts';
import { exampleFile, fetchExample } from '../library/example-scenarios.ts';
import { useExperimentForms } from '../experiments/experiment-form-store.ts';
import { readExperimentLink } from '../experiments/experiment-link.ts';
import { useAppStore } from '../store/store.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import { loadScenario, showNotice, type LoadOptions } from './active-scenario.ts';
import { settingsFromScenario } from './scenario-settings.ts';
import { decodeShareParam } from './share-link.ts';
import { readViewLink, type ViewLink } from './view-link.ts';

export function openStartupLink(search: string): void {
  const params = new URLSearchParams(search);
  const shared = params.get('s');
  if (shared !== null) {
    const decoded = decodeShareParam(shared);
    if (!decoded.ok) {
      showNotice('error', decoded.message);
      return;
    }
    const { run } = decoded;
    const scenario =
      run.scheduled.length > 0
        ? {
            ...run.scenario,
            schedule: [
              ...(run.scenario.schedule ?? []),
              ...run.scheduled.map((s) => ({ atMs: s.atMs, fault: s.fault as never })),
            ],
          }
        : run.scenario;
    openOnView(scenario, params, 'This link', {
      source: 'Shared link',
      interventions: run.interventions,
      atMs: run.atMs ?? 0,
    });
    return;
  }
  if (params.has('experiment')) {
    const opened = readExperimentLink(params);
    if (!opened.ok) {
      showNotice('error', opened.message);
      return;
    }
    const forms = useExperimentForms.getState();
    forms.edit(opened.experiment, opened.form);
    forms.choose(opened.experiment);
    useAppStore.getState().showView('experiments');
    showNotice('info', `Opened the ${opened.experiment} experiment from a link: press Run for its numbers.`);
    return;
  }
  const example = params.get('example');
  if (example !== null) {
    void openExample(example, params);
    return;
  }
  const fuzz = params.get('fuzz');
  if (fuzz !== null) {
    const seed = Number(fuzz);
    const atMs = Number(params.get('t') ?? '0');
    if (!/^\d+$/.test(fuzz) || !Number.isSafeInteger(seed)) {
      showNotice(
        'error',
        `This fuzzer link could not be opened: fuzz must be a whole-number seed, got "${fuzz}"`,
      );
      return;
    }
    if (!Number.isFinite(atMs) || atMs < 0) {
      showNotice(
        'error',
        `This fuzzer link could not be opened: t must be a time of at least 0 ms, got "${params.get('t') ?? ''}"`,
      );
      return;
    }
    const mix = params.get('mix') ?? 'standard';
    if (!isFuzzMix(mix)) {
      showNotice(
        'error',
        `This fuzzer link could not be opened: mix must be ${fuzzMixes.join(' or ')}, got "${mix}"`,
      );
      return;
    }
    const c = fuzzCase(seed, mix);
    const scenario = setupToScenario(c.setup, {
      name: mix === 'standard' ? `Fuzz seed ${seed}` : `Fuzz seed ${seed}, ${mix} mix`,
      description: c.summary,
    });
    openOnView(scenario, params, 'This fuzzer link', { source: 'Fuzzer', randomSchedule: true, atMs });
    return;
  }
  // A view alone (`?v=cluster`, `?v=ring&key=cart`): that view of the run the page starts with.
  if (params.has('v')) {
    const read = readViewLink(params, useAppStore.getState().settings);
    if (!read.ok) {
      showNotice('error', `This link could not be opened: ${read.why}`);
      return;
    }
    useAppStore.getState().showView(read.link.view);
    restoreViewState(read.link);
  }
}

/**
 * Loads `scenario` on the view the link names and puts back that view's state; a bad view
 * parameter leaves everything as it was and says which (`link`: "This link", "This example link"…).
 */
function openOnView(scenario: Scenario, params: URLSearchParams, link: string, options: Omit<LoadOptions, 'view'>): void {
  const read = readViewLink(params, settingsFromScenario(scenario));
  if (!read.ok) {
    showNotice('error', `${link} could not be opened: ${read.why}`);
    return;
  }
  const problem = loadScenario(scenario, { ...options, view: read.link.view });
  if (problem !== null) showNotice('error', problem);
  else restoreViewState(read.link);
}

/** After the scenario's settings are in: they clear a selection and the lab's changes. */
function restoreViewState(link: ViewLink): void {
  const app = useAppStore.getState();
  if (link.view === 'ring') {
    app.setKey(link.key);
    app.selectNode(link.node);
  }
  if (link.view === 'strategies') app.restoreLab(link.lab);
}

async function openExample(name: string, params: URLSearchParams): Promise<void> {
  const file = exampleFile(name);
  if (file === undefined) {
    showNotice(
      'error',
      `This example link could not be opened: example must be a scenario's file name such as big-cluster, got "${name}"`,
    );
    return;
  }
  const result = await fetchExample(file);
  if (!result.ok) {
    showNotice('error', result.message);
    return;
  }
  openOnView(result.scenario, params, 'This example link', { source: 'Example' });
}

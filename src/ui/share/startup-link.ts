/**
 * Opening the page from a link: `?s=<run>` reopens a shared run exactly (scenario, seed,
 * interventions, time), `?fuzz=<seed>&t=<ms>` opens the fuzzer's case for that seed at that time
 * (`&mix=heavy` for the heavy mix; src/check/fuzz-scenario.ts is pure, so it runs in the browser as
 * it does in the CLI), and
 * `?example=<name>` opens one of the example scenarios (public/scenarios/<name>.json), and
 * `?experiment=<name>&<field>=<value>…` the Experiments view with that study's form
 * (experiment-link.ts). A link
 * that does not decode leaves the playground as it is and says why.
 */
import { fuzzCase, fuzzMixes, isFuzzMix } from '../../check/fuzz-scenario.ts';
import { setupToScenario } from '../../scenario/scenario-setup.ts';
import { exampleFile, fetchExample } from '../library/example-scenarios.ts';
import { useExperimentForms } from '../experiments/experiment-form-store.ts';
import { readExperimentLink } from '../experiments/experiment-link.ts';
import { useAppStore } from '../store/store.ts';
import { VIEWS } from '../views.tsx';
import type { ViewId } from '../store/view-slice.ts';
import { loadScenario, showNotice } from './active-scenario.ts';
import { decodeShareParam } from './share-link.ts';

const LIVE_VIEW: ViewId = 'cluster';

function viewParam(text: string | null): ViewId {
  const view = VIEWS.find((v) => v.id === text);
  return view?.live === true ? view.id : LIVE_VIEW;
}

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
    const problem = loadScenario(scenario, {
      source: 'Shared link',
      interventions: run.interventions,
      atMs: run.atMs ?? 0,
      view: viewParam(params.get('v')),
    });
    if (problem !== null) showNotice('error', problem);
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
    void openExample(example, viewParam(params.get('v')));
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
    const problem = loadScenario(scenario, {
      source: 'Fuzzer',
      randomSchedule: true,
      atMs,
      view: viewParam(params.get('v')),
    });
    if (problem !== null) showNotice('error', problem);
  }
}

async function openExample(name: string, view: ViewId): Promise<void> {
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
  const problem = loadScenario(result.scenario, { source: 'Example', view });
  if (problem !== null) showNotice('error', problem);
}

/**
 * An experiment in a link: the study and its form as typed, in plain query parameters a person can
 * read and edit — `?v=experiments&experiment=staleness&preset=stale-reads&N=3&R=1&W=1…` — so the
 * receiver sees the same form and Run gives the same numbers (the seed is one of the fields).
 * A field the link leaves out takes the named preset's value, or the experiment's default, so a
 * short hand-written link (`?v=experiments&experiment=staleness&N=5&R=2`) opens ready to run.
 */
import type { ExperimentName } from '../../runtime/browser/experiment-api.ts';
import { EXPERIMENT_FIELDS } from './experiment-fields.ts';
import type { FormState } from './experiment-form-store.ts';
import type { FormValues } from './experiment-forms.ts';
import { DEFAULT_VALUES, PRESETS } from './experiment-presets.ts';

const EXPERIMENTS = Object.keys(EXPERIMENT_FIELDS) as ExperimentName[];
/** Parameters of the link itself, never a field. */
const RESERVED = new Set(['v', 'experiment', 'preset']);

export function experimentLinkUrl(base: string, experiment: ExperimentName, form: FormState): string {
  const url = new URL(base);
  url.search = '';
  url.hash = '';
  url.searchParams.set('v', 'experiments');
  url.searchParams.set('experiment', experiment);
  if (form.presetId !== undefined) url.searchParams.set('preset', form.presetId);
  // A field left empty where its default is not goes as `W=`, so it opens empty, as it was.
  const typical = baseValues(experiment, form.presetId);
  for (const field of EXPERIMENT_FIELDS[experiment]) {
    const value = form.values[field.parameter] ?? '';
    if (value !== '' || (typical[field.parameter] ?? '') !== '') url.searchParams.set(field.parameter, value);
  }
  return url.toString();
}

export type OpenedExperiment =
  | { ok: true; experiment: ExperimentName; form: FormState }
  | { ok: false; message: string };

/** Never throws: a link edited by hand gets one sentence saying what is wrong with it. */
export function readExperimentLink(params: URLSearchParams): OpenedExperiment {
  const fail = (why: string): OpenedExperiment => ({ ok: false, message: `This experiment link could not be opened: ${why}` });
  const name = params.get('experiment') ?? '';
  const experiment = EXPERIMENTS.find((e) => e === name);
  if (experiment === undefined) return fail(`experiment must be ${EXPERIMENTS.join(', ')}, got ${JSON.stringify(name)}`);
  const fields = EXPERIMENT_FIELDS[experiment];
  const known = new Set(fields.map((f) => f.parameter));
  for (const key of params.keys())
    if (!RESERVED.has(key) && !known.has(key))
      return fail(`${JSON.stringify(key)} is not a field of the ${experiment} experiment (its fields: ${[...known].join(', ')})`);
  const presetId = params.get('preset') ?? undefined;
  if (presetId !== undefined && !PRESETS[experiment].some((p) => p.id === presetId))
    return fail(`the ${experiment} experiment has no preset ${JSON.stringify(presetId)}`);
  const base = baseValues(experiment, presetId);
  const values = Object.fromEntries(
    fields.map((f) => [f.parameter, params.get(f.parameter) ?? base[f.parameter] ?? '']),
  );
  // A preset stays lit only while the form is still its values (a hand-edited link may change one).
  const preset = PRESETS[experiment].find((p) => p.id === presetId);
  const unchanged = preset !== undefined && fields.every((f) => (preset.values[f.parameter] ?? '') === values[f.parameter]);
  return { ok: true, experiment, form: { values, presetId: unchanged ? presetId : undefined } };
}

/** What a field the link leaves out takes: the named preset's value, else the experiment's default. */
function baseValues(experiment: ExperimentName, presetId: string | undefined): FormValues {
  return PRESETS[experiment].find((p) => p.id === presetId)?.values ?? DEFAULT_VALUES[experiment];
}

/**
 * Which experiment the Experiments view shows and what each form holds, as the person typed it.
 * A store rather than the view's own state, so a share link can carry the form and a link can
 * open it (experiment-link.ts).
 */
import { create } from 'zustand';
import type { ExperimentName } from '../../runtime/browser/experiment-api.ts';
import type { FormValues } from './experiment-forms.ts';
import { PRESETS } from './experiment-presets.ts';

export interface FormState {
  values: FormValues;
  /** The preset the values came from, until one is edited. */
  presetId: string | undefined;
}

interface ExperimentFormStore {
  experiment: ExperimentName;
  forms: Record<ExperimentName, FormState>;
  choose: (experiment: ExperimentName) => void;
  edit: (experiment: ExperimentName, form: FormState) => void;
}

function firstPreset(experiment: ExperimentName): FormState {
  const preset = PRESETS[experiment][0];
  return { values: preset?.values ?? {}, presetId: preset?.id };
}

export const useExperimentForms = create<ExperimentFormStore>()((set) => ({
  experiment: 'staleness',
  forms: {
    staleness: firstPreset('staleness'),
    partitioning: firstPreset('partitioning'),
    divergence: firstPreset('divergence'),
    availability: firstPreset('availability'),
  },
  choose: (experiment) => set({ experiment }),
  edit: (experiment, form) => set((s) => ({ forms: { ...s.forms, [experiment]: form } })),
}));

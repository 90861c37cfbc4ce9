/**
 * Settings slice: the cluster a person configures (nodes, strategy with T or Q, N, R, W, quorum
 * mode, conflict resolution, seed) and the last valid ring built from it (Dynamo §4.2, §4.5).
 * While a field is invalid the form keeps the text and the error; the ring stays the last valid one.
 */
import type { StateCreator } from 'zustand';
import type { RingState } from '../../core/partitioning.ts';
import { tryBuildRing } from '../model/cluster-ring.ts';
import type { AppState } from './store.ts';
import { DEFAULT_SETTINGS, draftOf, validateSettings } from './settings-validation.ts';
import type { ClusterSettings, SettingsDraft, SettingsErrors, SettingsField } from './settings-validation.ts';

export interface SettingsSlice {
  /** The text of every field as typed. */
  draft: SettingsDraft;
  /** Why a field is invalid, keyed by field; empty when the draft is valid. */
  errors: SettingsErrors;
  /** The last valid settings: what every view shows. */
  settings: ClusterSettings;
  /** The ring of `settings` (strategy, nodes, seed), rebuilt only when they change. */
  ring: RingState;
  setSetting: (field: SettingsField, text: string) => void;
  /** Replaces the whole configuration at once (scenarios, URLs); invalid input leaves everything as it was. */
  applySettings: (settings: ClusterSettings) => boolean;
  resetSettings: () => void;
}

function initialRing(): RingState {
  const { ring } = tryBuildRing(DEFAULT_SETTINGS);
  if (ring === undefined) throw new Error('the default settings must build a ring');
  return ring;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set, get) => {
  const commit = (draft: SettingsDraft): boolean => {
    const checked = validateSettings(draft);
    if (checked.settings === undefined) {
      set({ draft, errors: checked.errors });
      return false;
    }
    const built = tryBuildRing(checked.settings);
    if (built.ring === undefined) {
      set({ draft, errors: built.errors });
      return false;
    }
    const changedCluster = JSON.stringify(checked.settings) !== JSON.stringify(get().settings);
    set({ draft, errors: {}, settings: checked.settings, ring: built.ring });
    // A different cluster invalidates the lab's joins and leaves and a selected node that may be gone.
    if (changedCluster) get().resetLab();
    const selected = get().selectedNode;
    if (selected !== null && !checked.settings.nodes.includes(selected)) get().selectNode(null);
    return true;
  };
  return {
    draft: draftOf(DEFAULT_SETTINGS),
    errors: {},
    settings: DEFAULT_SETTINGS,
    ring: initialRing(),
    setSetting: (field, text) => {
      commit({ ...get().draft, [field]: text });
    },
    applySettings: (settings) => commit(draftOf(settings)),
    resetSettings: () => {
      commit(draftOf(DEFAULT_SETTINGS));
    },
  };
};

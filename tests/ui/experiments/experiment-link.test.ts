/** An experiment link carries the study and its form as typed, and explains a link edited badly. */
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_FIELDS } from '../../../src/ui/experiments/experiment-fields.ts';
import { cliCommand } from '../../../src/ui/experiments/experiment-forms.ts';
import { experimentLinkUrl, readExperimentLink } from '../../../src/ui/experiments/experiment-link.ts';
import { PRESETS } from '../../../src/ui/experiments/experiment-presets.ts';

const base = 'http://localhost:5173/?s=s1.old&v=cluster#x';
const open = (url: string) => readExperimentLink(new URL(url).searchParams);

describe('experiment links', () => {
  it('reopen every preset of every experiment, edited, with the same form and CLI line', () => {
    for (const [experiment, presets] of Object.entries(PRESETS) as [keyof typeof PRESETS, (typeof PRESETS)['staleness']][]) {
      for (const preset of presets) {
        const seedField = EXPERIMENT_FIELDS[experiment].find((f) => f.parameter === 'seed');
        const values = { ...preset.values, ...(seedField ? { seed: '7' } : {}) };
        const url = experimentLinkUrl(base, experiment, { values, presetId: undefined });
        expect(new URL(url).searchParams.get('s')).toBeNull();
        expect(new URL(url).searchParams.get('v')).toBe('experiments');
        const opened = open(url);
        if (!opened.ok) throw new Error(opened.message);
        expect(opened.experiment).toBe(experiment);
        expect(cliCommand(experiment, opened.form.values)).toBe(cliCommand(experiment, values));
      }
    }
  });

  it('keep the preset a form came from, and leave out fields left empty', () => {
    const preset = PRESETS.partitioning[0]!;
    const url = experimentLinkUrl(base, 'partitioning', { values: { ...preset.values, 'tokens': '' }, presetId: preset.id });
    expect(new URL(url).searchParams.has('tokens')).toBe(false);
    const opened = open(url);
    expect(opened.ok && opened.form.presetId).toBe(preset.id);
    expect(opened.ok && opened.form.values['tokens']).toBe('');
  });

  it('explain an unknown experiment, field or preset instead of opening something else', () => {
    expect(open('http://x/?experiment=latency')).toEqual({
      ok: false,
      message: 'This experiment link could not be opened: experiment must be staleness, partitioning, divergence, availability, got "latency"',
    });
    const field = open('http://x/?experiment=staleness&N=3&bogus=1');
    expect(!field.ok && field.message).toMatch(/"bogus" is not a field of the staleness experiment \(its fields: N, R, W/);
    const preset = open('http://x/?experiment=divergence&preset=nope');
    expect(!preset.ok && preset.message).toBe('This experiment link could not be opened: the divergence experiment has no preset "nope"');
  });
});

/** An experiment link carries the study and its form as typed, and explains a link edited badly. */
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_FIELDS } from '../../../src/ui/experiments/experiment-fields.ts';
import { checkForm, cliCommand } from '../../../src/ui/experiments/experiment-forms.ts';
import { experimentLinkUrl, readExperimentLink } from '../../../src/ui/experiments/experiment-link.ts';
import { DEFAULT_VALUES, PRESETS } from '../../../src/ui/experiments/experiment-presets.ts';

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

  it('keep the preset a form came from, and leave out fields empty by default', () => {
    const preset = PRESETS.partitioning[0]!;
    const url = experimentLinkUrl(base, 'partitioning', { values: preset.values, presetId: preset.id });
    expect(new URL(url).searchParams.has('tokens')).toBe(false);
    const opened = open(url);
    expect(opened.ok && opened.form.presetId).toBe(preset.id);
    expect(opened.ok && opened.form.values['tokens']).toBe('');
  });

  it('give a field a short link leaves out the experiment’s default, so the form is ready to run', () => {
    const opened = open('http://x/?v=experiments&experiment=staleness&N=5&R=2');
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.form.values).toEqual({ ...DEFAULT_VALUES.staleness, N: '5', R: '2' });
    expect(opened.form.presetId).toBeUndefined();
    expect(checkForm('staleness', opened.form.values)).toMatchObject({ ok: true, request: { options: { N: 5, R: 2, W: 1 } } });
    for (const experiment of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) {
      const bare = open(`http://x/?experiment=${experiment}`);
      expect(bare.ok && bare.form.values).toEqual(DEFAULT_VALUES[experiment]);
    }
  });

  it('give a field left out the named preset’s value, and keep the preset only while the form is its values', () => {
    const quorum = open('http://x/?experiment=staleness&preset=quorum');
    expect(quorum.ok && quorum.form).toEqual({ values: PRESETS.staleness[1]!.values, presetId: 'quorum' });
    const edited = open('http://x/?experiment=staleness&preset=quorum&R=1');
    expect(edited.ok && edited.form.values['W']).toBe('2');
    expect(edited.ok && edited.form.presetId).toBeUndefined();
  });

  it('carry a field the sender left empty as empty (W=), not as its default', () => {
    const values = { ...DEFAULT_VALUES.staleness, W: '' };
    const url = experimentLinkUrl(base, 'staleness', { values, presetId: undefined });
    expect(new URL(url).searchParams.get('W')).toBe('');
    const opened = open(url);
    expect(opened.ok && opened.form.values['W']).toBe('');
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

import { describe, expect, it } from 'vitest';
import type { ExperimentName } from '../../../src/runtime/browser/experiment-api.ts';
import { EXPERIMENT_FIELDS } from '../../../src/ui/experiments/experiment-fields.ts';
import { checkForm, cliCommand } from '../../../src/ui/experiments/experiment-forms.ts';
import { DEFAULT_VALUES, PRESETS } from '../../../src/ui/experiments/experiment-presets.ts';
import { inapplicableFields } from '../../../src/ui/experiments/field-applicability.ts';

const experiments: ExperimentName[] = ['staleness', 'partitioning', 'divergence', 'availability'];

describe('presets a teacher picks in one click', () => {
  for (const experiment of experiments) {
    it(`${experiment}: every preset and the defaults pass the experiment’s own validation`, () => {
      for (const values of [
        DEFAULT_VALUES[experiment],
        ...PRESETS[experiment].map((p) => p.values),
      ]) {
        const check = checkForm(experiment, values);
        expect(check).toMatchObject({ ok: true });
      }
    });

    it(`${experiment}: every field has a value in the defaults`, () => {
      for (const field of EXPERIMENT_FIELDS[experiment])
        expect(DEFAULT_VALUES[experiment]).toHaveProperty([field.parameter]);
    });
  }

  it('"N=3 R=1 W=1 — stale reads" asks for R=1, W=1; "quorum" for R=2, W=2', () => {
    const stale = PRESETS.staleness.find((p) => p.id === 'stale-reads');
    const quorum = PRESETS.staleness.find((p) => p.id === 'quorum');
    expect(checkForm('staleness', stale?.values ?? {})).toMatchObject({
      ok: true,
      request: { options: { N: 3, R: 1, W: 1 } },
    });
    expect(checkForm('staleness', quorum?.values ?? {})).toMatchObject({
      ok: true,
      request: { options: { N: 3, R: 2, W: 2 } },
    });
  });
});

describe('bad values are named with the experiment’s message', () => {
  const staleness = DEFAULT_VALUES.staleness;

  it('R above N names R and N, each naming the other', () => {
    expect(checkForm('staleness', { ...staleness, R: '4' })).toEqual({
      ok: false,
      parameter: 'R',
      message: 'R must be at most N (3): a read waits for replies from at most the N replicas (got 4)',
      related: {
        parameter: 'N',
        message: 'N must be at least R (4): a read waits for replies from at most the N replicas (got 3)',
      },
    });
  });

  it('Nodes = 1 under N = 3 names Nodes as well as N (the field a person changed)', () => {
    for (const experiment of ['availability', 'divergence'] as const) {
      const check = checkForm(experiment, { ...DEFAULT_VALUES[experiment], nodes: '1' });
      expect(check).toMatchObject({ ok: false, parameter: 'N', related: { parameter: 'nodes' } });
      expect(!check.ok && check.related?.message).toBe(
        'Nodes must be at least N (3): each of a key’s N replicas is on a node of its own (got 1)',
      );
    }
    const partitioning = checkForm('partitioning', { ...DEFAULT_VALUES.partitioning, nodes: '1' });
    expect(partitioning).toMatchObject({ related: { parameter: 'nodes' } });
    expect(!partitioning.ok && partitioning.related?.message).toMatch(/^Nodes \(S\) must be at least N \(3\)/);
  });

  it('a field out of range on its own is named alone, with the experiment’s message', () => {
    expect(checkForm('availability', { ...DEFAULT_VALUES.availability, nodes: '0' })).toEqual({
      ok: false,
      parameter: 'nodes',
      message: '--nodes: must be a whole number between 1 and 64 (got 0)',
    });
  });

  it('text where a number belongs names the field', () => {
    expect(checkForm('staleness', { ...staleness, trials: 'many' })).toMatchObject({
      ok: false,
      parameter: 'trials',
    });
  });

  it('a broken latency spec names its leg and the column of the mistake', () => {
    const check = checkForm('staleness', { ...staleness, 'latency-read': 'exp(0.5) + x' });
    expect(check).toMatchObject({ ok: false, parameter: 'latency-read' });
    expect(!check.ok && check.message).toMatch(/column 12/);
  });

  it('T and Q the chosen strategy does not use are ignored, in the run and in the CLI line (§6.2)', () => {
    const typed = { ...DEFAULT_VALUES.partitioning, tokens: '8', partitions: '256' };
    const expected = { 1: [8, undefined], 2: [8, 256], 3: [undefined, 256] } as const;
    for (const [strategy, [tokens, partitions]] of Object.entries(expected)) {
      const values = { ...typed, strategy };
      expect(checkForm('partitioning', values)).toMatchObject({ ok: true, request: { options: { tokens, partitions } } });
      const line = cliCommand('partitioning', values);
      expect(line.includes('--tokens 8')).toBe(tokens !== undefined);
      expect(line.includes('--partitions 256')).toBe(partitions !== undefined);
      expect(inapplicableFields('partitioning', values)).toEqual(
        [tokens === undefined ? 'tokens' : [], partitions === undefined ? 'partitions' : []].flat(),
      );
    }
  });

  it('a sweep runs the fields it sets at their defaults, as the CLI does without them', () => {
    const check = checkForm('staleness', { ...staleness, sweep: 'on', R: '', W: '7' });
    expect(check).toMatchObject({ ok: true, request: { options: { sweep: true, R: 1, W: 1 } } });
    expect(cliCommand('staleness', { ...staleness, sweep: 'on', R: '', W: '7' })).not.toMatch(/--R|--W/);
  });

  it('Q under the nodes of strategy 3 names both', () => {
    expect(
      checkForm('partitioning', { ...DEFAULT_VALUES.partitioning, strategy: '3', partitions: '16' }),
    ).toMatchObject({ ok: false, parameter: 'partitions', related: { parameter: 'nodes' } });
  });

  it('a bad key popularity names keys', () => {
    expect(
      checkForm('partitioning', { ...DEFAULT_VALUES.partitioning, keys: 'zipf(-1)' }),
    ).toMatchObject({ ok: false, parameter: 'keys' });
  });

  it('an empty item in the t grid is refused, worded as the CLI words it', () => {
    for (const [t, item] of [['1,,2', 2], [',1', 1], ['1, ,2', 2], ['1,,', 2]] as const)
      expect(checkForm('staleness', { ...staleness, t })).toEqual({
        ok: false,
        parameter: 't',
        message: `--t: item ${item} is empty (got ${JSON.stringify(t)})`,
      });
  });

  it('spaces around t items and a trailing comma are let go, as the CLI lets them go', () => {
    expect(checkForm('staleness', { ...staleness, t: ' 1, 2, ' })).toMatchObject({
      ok: true,
      request: { options: { tMs: [1, 2] } },
    });
    // tests/cli/args.test.ts: the CLI takes `--t 1,2,` too.
    expect(cliCommand('staleness', { ...staleness, t: ' 1, 2, ' })).toContain('--t 1,2, ');
  });

  it('an empty t grid is the experiment’s own complaint', () => {
    expect(checkForm('staleness', { ...staleness, t: ' ' })).toEqual({
      ok: false,
      parameter: 't',
      message: '--t: needs at least one read offset',
    });
  });

  it('a negative crash rate names it', () => {
    expect(
      checkForm('availability', { ...DEFAULT_VALUES.availability, 'crashes-per-minute': '-1' }),
    ).toMatchObject({ ok: false, parameter: 'crashes-per-minute' });
  });
});

/** The words a POSIX shell makes of a command line of plain and single-quoted words. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  let started = false;
  for (const c of line) {
    if (c === "'") {
      quoted = !quoted;
      started = true;
    } else if (c === ' ' && !quoted) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

describe('the same run from a terminal', () => {
  it('spells every field as its CLI flag, quoting latency specs', () => {
    const command = cliCommand('staleness', { ...DEFAULT_VALUES.staleness, sweep: 'on' });
    // The sweep sets R and W itself; the CLI refuses them beside it.
    expect(command).toContain('experiment staleness --N 3 --sweep');
    expect(command).not.toMatch(/--R |--W /);
    expect(command).toContain("--latency-write 'exp(0.5) + 1'");
    expect(command).toContain('--t 0,1,2,3,5,10,20');
    expect(command.endsWith('--json')).toBe(true);
  });

  it('leaves out optional fields left empty', () => {
    expect(cliCommand('partitioning', DEFAULT_VALUES.partitioning)).not.toContain('--tokens');
  });

  it('gives a switch bare or not at all, and every preset a command the CLI takes', () => {
    expect(cliCommand('divergence', { ...DEFAULT_VALUES.divergence, 'read-modify-write': 'on' })).toContain('--read-modify-write --');
    expect(cliCommand('divergence', { ...DEFAULT_VALUES.divergence, 'read-modify-write': 'off' })).not.toContain('read-modify-write');
    for (const [experiment, presets] of Object.entries(PRESETS)) {
      const fields = EXPERIMENT_FIELDS[experiment as ExperimentName];
      for (const preset of presets) {
        const words = shellWords(cliCommand(experiment as ExperimentName, preset.values));
        const at = `${experiment} ${preset.id}`;
        // Every flag is one the form knows, followed by its value unless it is a switch.
        for (let i = 6; i < words.length - 1; i++) {
          const name = (words[i] ?? '').replace(/^--/, '');
          const field = fields.find((f) => f.parameter === name);
          expect(field, `${at}: ${words[i]}`).toBeDefined();
          if (field?.switchFlag !== true) i++;
          else expect(words[i + 1]?.startsWith('--'), `${at}: ${words[i]} takes no value`).toBe(true);
        }
        if (preset.values.sweep === 'on')
          for (const f of fields.filter((f) => f.setBySweep === true)) expect(words, at).not.toContain(`--${f.parameter}`);
      }
    }
  });
});

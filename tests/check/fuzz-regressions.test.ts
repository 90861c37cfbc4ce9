import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/check/fuzz-run.ts';
import { fixedSeeds, knownFailingSeeds } from './fuzz-regressions.ts';

describe('fuzz regressions: seeds that were fixed keep passing', () => {
  it.each(fixedSeeds.map((f) => [f.seed, f.bug, f.mix ?? 'standard']))(
    'seed %i passes (once failed on %s, %s mix)',
    (seed, _bug, mix) => {
      expect(runSeed(seed, mix).violations).toEqual([]);
    },
  );
  it('has no seed both fixed and known failing', () => {
    expect(fixedSeeds.filter((f) => knownFailingSeeds.some((k) => k.seed === f.seed))).toEqual([]);
  });
});

describe(`KNOWN FAILING: ${knownFailingSeeds.length} seeds fail on known engine bugs`, () => {
  it('lists each known failing seed once', () => {
    expect(new Set(knownFailingSeeds.map((k) => k.seed)).size).toBe(knownFailingSeeds.length);
  });
  it.each(knownFailingSeeds.map((k) => [k.seed, k.bug, k]))(
    'seed %i still fails (%s); when it passes, move it to fixedSeeds',
    (_seed, _bug, known) => {
      const outcome = runSeed(known.seed);
      const checkers = [...new Set(outcome.violations.map((v) => v.checker))];
      expect(
        checkers,
        `seed ${known.seed} no longer fails: if ${known.bug} was fixed, move it to fixedSeeds`,
      ).not.toEqual([]);
      expect(
        checkers.some((c) => known.checkers.includes(c)),
        `seed ${known.seed} now fails differently: ${checkers.join(', ')}`,
      ).toBe(true);
    },
  );
});

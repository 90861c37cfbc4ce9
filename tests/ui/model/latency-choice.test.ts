import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  latencySpecFor,
  latencySpecProblem,
  meanLatencyOf,
  meanMsToSlider,
  sliderToMeanMs,
} from '../../../src/ui/model/latency-choice.ts';

describe('the latency slider', () => {
  it('gives the default LAN spec for a 3 ms mean', () => {
    expect(latencySpecFor(3)).toBe('exp(0.5) + 1');
  });

  it('makes specs whose mean is the one asked for', () => {
    fc.assert(
      fc.property(fc.double({ min: 1.5, max: 500, noNaN: true }), (mean) => {
        const back = meanLatencyOf(latencySpecFor(mean)) ?? 0;
        return Math.abs(back - mean) / mean < 0.01;
      }),
    );
  });

  it('maps slider positions to means and back', () => {
    expect(sliderToMeanMs(0)).toBeCloseTo(1.5);
    expect(sliderToMeanMs(100)).toBeCloseTo(500);
    expect(meanMsToSlider(sliderToMeanMs(37))).toBeCloseTo(37);
  });
});

describe('the expert latency field', () => {
  it('accepts the grammar and says where a spec goes wrong', () => {
    expect(latencySpecProblem('mix(0.9:normal(5,1), 0.1:pareto(20,1.5)) + 1')).toBeNull();
    expect(latencySpecProblem('uniform(5,')).toMatch(/^Latency at column \d+: expected/);
    expect(latencySpecProblem('  ')).toMatch(/needs a distribution/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMeanMs,
  latencyReading,
  latencySpecFor,
  latencySpecProblem,
  meanLatencyOf,
  meanMsToSlider,
  outsideNote,
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

describe('the latency label and slider for an applied distribution', () => {
  it('give the real mean inside the slider’s range', () => {
    expect(latencyReading('uniform(100, 300)')).toMatchObject({ meanMs: 200, outside: undefined });
    expect(latencyReading('uniform(100, 300)').position).toBeCloseTo(meanMsToSlider(200));
  });

  it('give the real mean past either end, with the slider at that end and a note saying so', () => {
    expect(latencyReading('const(100000)')).toEqual({ meanMs: 100000, position: 100, outside: 'above' });
    expect(latencyReading('const(0)')).toEqual({ meanMs: 0, position: 0, outside: 'below' });
    expect(formatMeanMs(latencyReading('const(100000)').meanMs)).toBe('100000.0');
    expect(formatMeanMs(latencyReading('const(0)').meanMs)).toBe('0.0');
    expect(outsideNote('above')).toBe("past the slider's end (500 ms)");
    expect(outsideNote('below')).toBe("below the slider's start (1.5 ms)");
    expect(outsideNote(undefined)).toBeUndefined();
  });

  it('say a heavy tail has no mean rather than inventing one', () => {
    const reading = latencyReading('pareto(1, 0.5)');
    expect(reading).toEqual({ meanMs: Infinity, position: 100, outside: 'above' });
    expect(formatMeanMs(reading.meanMs)).toBe('unbounded');
  });
});

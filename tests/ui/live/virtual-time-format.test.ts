import { describe, expect, it } from 'vitest';
import { stepBackTargetMs } from '../../../src/runtime/step-back.ts';
import { formatVirtualTime } from '../../../src/ui/virtual-time-format.ts';

describe('the clock', () => {
  it('shows tenths of a ms under a second, ms under ten seconds, hundredths of a second after', () => {
    expect(formatVirtualTime(0)).toBe('0.0 ms');
    expect(formatVirtualTime(12.34)).toBe('12.3 ms');
    expect(formatVirtualTime(4234)).toBe('4.234 s');
    expect(formatVirtualTime(12_345.6)).toBe('12.34 s');
  });

  it('reads just before a batch as the digit before it, not the batch’s own time', () => {
    const before = stepBackTargetMs(4234) as number;
    expect(before).toBeLessThan(4234);
    expect(formatVirtualTime(before)).toBe('4.233 s');
    expect(formatVirtualTime(stepBackTargetMs(500) as number)).toBe('499.9 ms');
    expect(formatVirtualTime(stepBackTargetMs(12_340) as number)).toBe('12.33 s');
  });

  it('never rounds up into the next unit or the next digit', () => {
    expect(formatVirtualTime(999.96)).toBe('999.9 ms');
    expect(formatVirtualTime(9999.9)).toBe('9.999 s');
    expect(formatVirtualTime(1.99)).toBe('1.9 ms');
  });

  it('keeps a time that arithmetic left a hair under a digit on that digit', () => {
    expect(formatVirtualTime(0.1 + 0.2)).toBe('0.3 ms');
    expect(formatVirtualTime(4234 - 1e-12)).toBe('4.234 s');
    expect(formatVirtualTime(3 * 1.1 * 1000)).toBe('3.300 s');
  });
});

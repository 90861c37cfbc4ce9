import { describe, expect, it } from 'vitest';
import { contrastRatio, relativeLuminance, textColourOn } from '../../../src/ui/theme/contrast.ts';

describe('WCAG contrast', () => {
  it('measures black on white as 21:1 and a colour on itself as 1:1, either way round', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 6);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 6);
    expect(contrastRatio('#4e79a7', '#4e79a7')).toBe(1);
  });

  it('matches the published ratio of #767676 on white (4.54:1, the lightest grey that passes for text)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('keeps white digits on dark fills and turns them black on light ones', () => {
    expect(textColourOn('#1f2b5c')).toBe('#ffffff');
    expect(textColourOn('#4e79a7')).toBe('#ffffff');
    expect(textColourOn('#76b7b2')).toBe('#000000');
    expect(textColourOn('#eae8df')).toBe('#000000');
  });

  it('always finds a digit colour reading at 4.5:1, over a sweep of greys', () => {
    for (let v = 0; v <= 255; v++) {
      const grey = `#${v.toString(16).padStart(2, '0').repeat(3)}`;
      expect(contrastRatio(grey, textColourOn(grey))).toBeGreaterThanOrEqual(4.5);
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  relativeLuminance,
  rgbToHex,
  schemeColor,
  textColorOn,
} from './color-scale';

describe('sequential colour scales', () => {
  it('match viridis and cividis at their ends and middle', () => {
    expect(rgbToHex(schemeColor('viridis', 0))).toBe('#440154');
    expect(rgbToHex(schemeColor('viridis', 0.5))).toBe('#21918c');
    expect(rgbToHex(schemeColor('viridis', 1))).toBe('#fde725');
    expect(rgbToHex(schemeColor('cividis', 0))).toBe('#002051');
    expect(rgbToHex(schemeColor('cividis', 1))).toBe('#fdea45');
  });

  it('clamp out-of-range input', () => {
    expect(schemeColor('viridis', -1)).toEqual(schemeColor('viridis', 0));
    expect(schemeColor('viridis', 2)).toEqual(schemeColor('viridis', 1));
    expect(schemeColor('cividis', Number.NaN)).toEqual(schemeColor('cividis', 0));
  });

  it('grow lighter monotonically (perceptually ordered)', () => {
    for (const scheme of ['viridis', 'cividis'] as const) {
      let previous = -1;
      for (let i = 0; i <= 50; i++) {
        const luminance = relativeLuminance(schemeColor(scheme, i / 50));
        expect(luminance).toBeGreaterThan(previous);
        previous = luminance;
      }
    }
  });

  it('pick the readable text colour with AA contrast on every cell colour', () => {
    expect(textColorOn(schemeColor('viridis', 0))).toBe('#ffffff');
    expect(textColorOn(schemeColor('viridis', 1))).toBe('#000000');
    for (const scheme of ['viridis', 'cividis'] as const) {
      for (let i = 0; i <= 20; i++) {
        const background = schemeColor(scheme, i / 20);
        const text = textColorOn(background) === '#000000' ? [0, 0, 0] : [255, 255, 255];
        expect(contrastRatio(background, text as [number, number, number])).toBeGreaterThanOrEqual(
          4.5,
        );
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  gainColor,
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

describe('the diverging gain scale', () => {
  it('is red for worse, light grey for no change, blue for better', () => {
    expect(rgbToHex(gainColor(-1))).toBe('#b2182b');
    expect(rgbToHex(gainColor(0))).toBe('#f7f7f7');
    expect(rgbToHex(gainColor(1))).toBe('#2166ac');
    expect(gainColor(Number.NaN)).toEqual(gainColor(0));
    expect(gainColor(5)).toEqual(gainColor(1));
  });

  it('is symmetric in lightness around 0, so neither side looks larger', () => {
    for (const t of [0.25, 0.5, 0.75, 1]) {
      const better = relativeLuminance(gainColor(t));
      const worse = relativeLuminance(gainColor(-t));
      expect(Math.abs(better - worse)).toBeLessThan(0.08);
    }
  });
});

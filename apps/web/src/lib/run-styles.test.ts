import { describe, expect, it } from 'vitest';
import { RUN_HUES, runStyle, runStyles } from './run-styles';

describe('runStyle', () => {
  it('gives eight distinct solid hues, then the same hues dashed, then dotted', () => {
    const first = Array.from({ length: 8 }, (_, i) => runStyle(i));
    expect(new Set(first.map((style) => style.color)).size).toBe(8);
    expect(first.every((style) => style.dash === undefined)).toBe(true);
    expect(runStyle(8)).toEqual({ color: RUN_HUES[0], dash: '6 3' });
    expect(runStyle(17)).toEqual({ color: RUN_HUES[1], dash: '2 2' });
  });

  it('never uses black, which vanishes on the dark theme', () => {
    expect(RUN_HUES.map((hue) => hue.toLowerCase())).not.toContain('#000000');
  });
});

describe('runStyles', () => {
  it('keys the styles by run id in comparison order, 20 runs all told apart', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `run-${i}`);
    const styles = runStyles(ids);
    expect(styles.get('run-0')).toEqual(runStyle(0));
    const looks = new Set([...styles.values()].map((style) => `${style.color} ${style.dash}`));
    expect(looks.size).toBe(20);
  });
});

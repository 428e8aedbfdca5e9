import { describe, expect, it } from 'vitest';
import { loadRunView, serializeRunView } from './run-view';

const DEFAULTS = {
  x: 'step',
  smoothing: 0,
  log: false,
  band: true,
  evalStep: null,
  normalized: false,
  scheme: 'viridis',
};

describe('run view in the URL', () => {
  it('parses every choice and round-trips', () => {
    const state = loadRunView(
      new URLSearchParams('x=epoch&smooth=0.6&log=1&band=0&eval=120&norm=1&scale=cividis'),
    );
    expect(state).toEqual({
      x: 'epoch',
      smoothing: 0.6,
      log: true,
      band: false,
      evalStep: 120,
      normalized: true,
      scheme: 'cividis',
    });
    expect(loadRunView(new URLSearchParams(serializeRunView(state)))).toEqual(state);
  });

  it('falls back to defaults on nonsense and leaves defaults out of links', () => {
    expect(
      loadRunView({ x: 'banana', smooth: '7', eval: '-3', scale: '<b>', log: 'yes', band: '' }),
    ).toEqual(DEFAULTS);
    expect(loadRunView({ smooth: '' }).smoothing).toBe(0);
    expect(loadRunView({ eval: '1e3' }).evalStep).toBeNull();
    expect(loadRunView({ x: ['epoch', 'step'] }).x).toBe('epoch');
    expect(serializeRunView(loadRunView({}))).toBe('');
    expect(serializeRunView('/runs/r', { log: true })).toBe('/runs/r?log=1');
    expect(serializeRunView('/runs/r?log=1', { log: false })).toBe('/runs/r');
  });
});

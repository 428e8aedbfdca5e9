import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseViewState, serializeViewState, viewHref } from './chart-state';
import { chooseEvaluation, evaluationOptions } from './evaluation-choice';
import { isRunId } from './run-id';

describe('view state in the URL', () => {
  it('parses every choice and round-trips', () => {
    const state = parseViewState(
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
    expect(parseViewState(new URLSearchParams(serializeViewState(state)))).toEqual(state);
  });

  it('falls back to defaults on nonsense and leaves defaults out of links', () => {
    expect(
      parseViewState({ x: 'banana', smooth: '7', eval: '-3', scale: '<b>', log: 'yes' }),
    ).toEqual(DEFAULT_VIEW);
    expect(parseViewState({ x: ['epoch', 'step'] }).x).toBe('epoch');
    expect(serializeViewState(DEFAULT_VIEW)).toBe('');
    expect(viewHref('/runs/r', DEFAULT_VIEW, {})).toBe('/runs/r');
    expect(viewHref('/runs/r', DEFAULT_VIEW, { log: true })).toBe('/runs/r?log=1');
  });
});

describe('chooseEvaluation', () => {
  const evaluations = [
    { id: 'c', step: 30, split: 'val', macroF1: 0.4 },
    { id: 'b', step: 20, split: 'val', macroF1: 0.5 },
    { id: 'a', step: 10, split: 'val', macroF1: 0.3 },
    { id: 't', step: 30, split: 'test', macroF1: 0.9 },
  ];

  it('defaults to the best validation evaluation', () => {
    expect(chooseEvaluation(evaluations, null).evaluation?.id).toBe('b');
  });

  it('takes the requested step, and says when it does not exist', () => {
    expect(chooseEvaluation(evaluations, 10)).toMatchObject({
      evaluation: { id: 'a' },
      requestedMissing: false,
    });
    expect(chooseEvaluation(evaluations, 11)).toMatchObject({
      evaluation: { id: 'b' },
      requestedMissing: true,
    });
  });

  it('breaks ties toward the later step, as the API does', () => {
    const tied = [
      { id: 'x', step: 10, split: 'val', macroF1: 0.5 },
      { id: 'y', step: 20, split: 'val', macroF1: 0.5 },
    ];
    expect(chooseEvaluation(tied, null).evaluation?.id).toBe('y');
    expect(chooseEvaluation([], null).evaluation).toBeNull();
  });

  it('lists the chooser options in training order', () => {
    expect(evaluationOptions(evaluations).map((evaluation) => evaluation.step)).toEqual([
      10, 20, 30,
    ]);
  });
});

describe('isRunId', () => {
  it('accepts UUIDs only', () => {
    expect(isRunId('0b6f7a52-3c1d-4e8f-9a2b-1c3d5e7f9a0b')).toBe(true);
    expect(isRunId('not-a-uuid')).toBe(false);
    expect(isRunId('0b6f7a52-3c1d-4e8f-9a2b-1c3d5e7f9a0b/../x')).toBe(false);
  });
});

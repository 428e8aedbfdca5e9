import { describe, expect, it } from 'vitest';
import {
  checkSettings,
  chooseCvVariants,
  crossValidationRuns,
  singleSplitRuns,
  STUDY_VARIANTS,
} from './study-plan.ts';
import { unitSettings } from './unit-settings.test-fixture.ts';

const settings = unitSettings;
const twoBest = STUDY_VARIANTS.filter((v) => v.key === 'focal' || v.key === 'label-set');

describe('checkSettings', () => {
  it('needs the BCE baseline when the study cross-validates', () => {
    expect(() => checkSettings({ ...settings, variants: twoBest })).toThrow(
      'the variants must include bce',
    );
  });

  it('runs a single-split study of any variants with --folds 0 (e.g. the two best at 128 px)', () => {
    const only = { ...settings, inputSize: 128, folds: 0, variants: twoBest };
    expect(() => checkSettings(only)).not.toThrow();
    expect(singleSplitRuns(only).map((r) => r.name)).toEqual(['unit/focal', 'unit/label-set']);
    expect(singleSplitRuns(only).every((r) => r.config.inputSize === 128)).toBe(true);
  });

  it('refuses one fold, naming what it accepts', () => {
    expect(() => checkSettings({ ...settings, folds: 1 })).toThrow(
      'folds must be 0 (no CV) or >= 2, got 1',
    );
  });
});

describe('crossValidationRuns', () => {
  it('plans K runs per variant and seed, each naming its fold', () => {
    const runs = crossValidationRuns({ ...settings, cvSeeds: [42, 43] }, ['bce']);
    expect(runs).toHaveLength(10);
    expect(runs[7]!.name).toBe('unit/bce/cv5-seed43-fold2');
    expect(runs[7]!.config.dataset).toMatchObject({ folds: 5, fold: 2 });
  });
});

describe('chooseCvVariants', () => {
  const ranked = ['label-set', 'soft-f1-bce', 'focal'];

  it('takes BCE and the cvBest best of the single split', () => {
    expect(chooseCvVariants(settings, ranked)).toEqual(['bce', 'label-set', 'soft-f1-bce']);
  });

  it('takes BCE and the named variants when --cv-variants is given, whatever the ranking', () => {
    const named = { ...settings, cvVariants: ['focal', 'bce'] };
    expect(chooseCvVariants(named, ranked)).toEqual(['bce', 'focal']);
  });

  it('takes none with --folds 0', () => {
    expect(chooseCvVariants({ ...settings, folds: 0 }, ranked)).toEqual([]);
  });

  it('refuses a named variant the study does not train, naming it', () => {
    const three = STUDY_VARIANTS.filter((v) => ['bce', 'focal', 'label-set'].includes(v.key));
    expect(() =>
      checkSettings({ ...settings, variants: three, cvVariants: ['soft-f1-bce'] }),
    ).toThrow('--cv-variants: "soft-f1-bce" is not among the variants (bce, focal, label-set)');
  });
});

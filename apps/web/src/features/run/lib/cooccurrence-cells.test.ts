import { describe, expect, it } from 'vitest';
import { cooccurrenceCells, legendStops } from './cooccurrence-cells';

function matrix(): number[][] {
  const m = Array.from({ length: 28 }, () => new Array<number>(28).fill(0));
  m[0]![0] = 80;
  m[0]![25] = 30;
  m[25]![25] = 40;
  return m;
}
const support = Array.from({ length: 28 }, (_, i) => (i === 0 ? 100 : i === 25 ? 50 : 0));

describe('cooccurrenceCells', () => {
  it('scales counts to the largest count', () => {
    const data = cooccurrenceCells(matrix(), support, { normalized: false, scheme: 'viridis' });
    expect(data.max).toBe(80);
    expect(data.cells[0]![0]).toMatchObject({
      count: 80,
      intensity: 1,
      fill: '#fde725',
      textColor: '#000000',
    });
    expect(data.cells[0]![25]!.intensity).toBeCloseTo(30 / 80, 12);
    expect(data.cells[3]![3]).toMatchObject({
      count: 0,
      intensity: 0,
      fill: '#440154',
      share: null,
    });
  });

  it('row-normalises by the true class support (multi-label rows sum past it)', () => {
    const data = cooccurrenceCells(matrix(), support, { normalized: true, scheme: 'cividis' });
    expect(data.max).toBe(1);
    expect(data.cells[0]![0]!.share).toBe(0.8);
    expect(data.cells[0]![25]!.intensity).toBe(0.3);
    expect(data.cells[25]![25]!.intensity).toBe(0.8);
  });

  it('labels cells with class names, count and share', () => {
    const data = cooccurrenceCells(matrix(), support, { normalized: false, scheme: 'viridis' });
    expect(data.classNames[27]).toBe('Rods & rings');
    expect(data.cells[0]![25]!.label).toBe(
      'true Nucleoplasm → predicted Cytosol: 30 images (30.0% of Nucleoplasm)',
    );
    expect(data.cells[5]![6]!.label).toContain('class has no images');
  });

  it('gives legend stops from dark to light', () => {
    expect(legendStops('viridis', 3)).toEqual(['#440154', '#21918c', '#fde725']);
  });
});

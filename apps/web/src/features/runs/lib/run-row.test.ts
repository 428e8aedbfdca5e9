import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '@/graphql/generated';
import { csvHeader, runCsvRow, RunRowFragment, toRunRow } from './run-row';

const fields = {
  id: 'r1',
  name: '=cmd|"/c calc"!A1',
  approach: 'focal, rare oversampling',
  status: 'SUCCEEDED' as const,
  tags: ['focal', '<b>x</b>'],
  config: { model: { name: 'resnet' }, inputSize: 128, loss: { name: 'focal' } },
  backend: 'wasm',
  bestMacroF1: 0.4567,
  rareClassF1: 0.1,
  createdAt: '2026-11-29T10:00:00.000Z',
  startedAt: '2026-11-29T10:00:00.000Z',
  finishedAt: '2026-11-29T10:02:05.000Z',
  owner: { id: 'm1', name: 'Ada' },
};
const node = makeFragmentData(fields, RunRowFragment);

describe('run rows', () => {
  it('derives config values and the duration', () => {
    expect(toRunRow(node, 0)).toMatchObject({
      model: 'resnet',
      inputSize: 128,
      loss: 'focal',
      f1: 0.4567,
      rareF1: 0.1,
      durationMs: 125_000,
      member: 'Ada',
    });
  });

  it('writes a CSV line with every column, text defused and quoted', () => {
    expect(csvHeader()).toBe(
      '"id","status","name","approach","member","tags","model","input_size","loss","best_macro_f1","rare_class_f1","duration_s","backend","created_utc"\r\n',
    );
    expect(runCsvRow(toRunRow(node, 0))).toBe(
      `"r1","SUCCEEDED","'=cmd|""/c calc""!A1","focal, rare oversampling","Ada","focal <b>x</b>","resnet","128","focal","0.4567","0.1","125","wasm","2026-11-29 10:00"\r\n`,
    );
  });

  it('leaves cells empty for what a run does not have yet', () => {
    const queued = makeFragmentData(
      {
        ...fields,
        status: 'QUEUED' as const,
        bestMacroF1: null,
        rareClassF1: null,
        startedAt: null,
        finishedAt: null,
        backend: null,
        config: {},
      },
      RunRowFragment,
    );
    expect(runCsvRow(toRunRow(queued, 0))).toMatch(/,"QUEUED",.*(,""){7},"2026-11-29 10:00"\r\n$/);
  });
});

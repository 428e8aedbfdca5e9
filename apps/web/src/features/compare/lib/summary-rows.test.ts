import { describe, expect, it } from 'vitest';
import { runSummaryRows, type SummaryRunInput } from './summary-rows';

function run(id: string, macro: number | null, rare: number | null): SummaryRunInput {
  return {
    id,
    name: `run ${id}`,
    approach: 'resnet + focal',
    config: { model: { name: 'resnet' }, loss: { name: 'focal' } },
    owner: { name: 'Ada' },
    bestMacroF1: macro,
    rareClassF1: rare,
    bestEpoch: 7,
    durationMs: 60_000,
    imagesPerSecond: 120.5,
    backend: 'wasm',
  };
}

describe('runSummaryRows', () => {
  it('reads model and loss from the config and keeps the scores', () => {
    const [row] = runSummaryRows([run('a', 0.5, 0.2), run('b', 0.4, 0.3)]);
    expect(row).toMatchObject({
      id: 'a',
      member: 'Ada',
      model: 'resnet',
      loss: 'focal',
      macroF1: 0.5,
      rareClassF1: 0.2,
      bestEpoch: 7,
      backend: 'wasm',
    });
  });

  it('marks the leader of each score, ties included, and none without scores', () => {
    const rows = runSummaryRows([run('a', 0.5, 0.2), run('b', 0.5, 0.3), run('c', null, null)]);
    expect(rows.map((row) => row.leadsMacro)).toEqual([true, true, false]);
    expect(rows.map((row) => row.leadsRare)).toEqual([false, true, false]);
  });

  it('marks no leader of a single run, and reads a config without model or loss', () => {
    const rows = runSummaryRows([{ ...run('a', 0.5, 0.2), config: {} }]);
    expect(rows[0]).toMatchObject({ leadsMacro: false, model: null, loss: null });
  });
});

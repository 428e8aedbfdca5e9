// The compared runs -> the summary table's rows: the values the table prints (model and loss
// read from the config as the runs table reads them) and which run leads each score, so the
// table can mark it. Pure: the component only renders.
import { summarizeRunConfig } from '@/lib/run-config-summary';

/** The fields of a run the rows read (the generated CompareSummary_Run fragment fits). */
export interface SummaryRunInput {
  id: string;
  name: string;
  approach: string;
  config: unknown;
  owner: { name: string };
  bestMacroF1?: number | null;
  rareClassF1?: number | null;
  bestEpoch?: number | null;
  durationMs?: number | null;
  imagesPerSecond?: number | null;
  backend?: string | null;
}

export interface RunSummaryRow {
  id: string;
  name: string;
  member: string;
  approach: string;
  model: string | null;
  loss: string | null;
  macroF1: number | null;
  rareClassF1: number | null;
  bestEpoch: number | null;
  durationMs: number | null;
  imagesPerSecond: number | null;
  backend: string | null;
  /** This run has the highest macro F1 of the comparison (ties: each of them). */
  leadsMacro: boolean;
  /** This run has the highest rare-class F1 of the comparison. */
  leadsRare: boolean;
}

function best(values: readonly (number | null)[]): number | null {
  const scored = values.filter((value): value is number => value !== null);
  return scored.length > 0 ? Math.max(...scored) : null;
}

export function runSummaryRows(runs: readonly SummaryRunInput[]): RunSummaryRow[] {
  const topMacro = best(runs.map((run) => run.bestMacroF1 ?? null));
  const topRare = best(runs.map((run) => run.rareClassF1 ?? null));
  return runs.map((run) => {
    const { model, loss } = summarizeRunConfig(run.config);
    const macroF1 = run.bestMacroF1 ?? null;
    const rareClassF1 = run.rareClassF1 ?? null;
    return {
      id: run.id,
      name: run.name,
      member: run.owner.name,
      approach: run.approach,
      model,
      loss,
      macroF1,
      rareClassF1,
      bestEpoch: run.bestEpoch ?? null,
      durationMs: run.durationMs ?? null,
      imagesPerSecond: run.imagesPerSecond ?? null,
      backend: run.backend ?? null,
      leadsMacro: runs.length > 1 && macroF1 !== null && macroF1 === topMacro,
      leadsRare: runs.length > 1 && rareClassF1 !== null && rareClassF1 === topRare,
    };
  });
}

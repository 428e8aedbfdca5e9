'use client';
// The compared runs' hyperparameters side by side: a row per config path, a column per run
// (its colour swatch as on the charts), the differing rows marked; "differences only" (the
// default, in the URL as `params`) hides the rows where every run agrees.
import { useQueryStates } from 'nuqs';
import { compareParams } from '@/features/compare/lib/compare-url';
import type { ParamRow } from '@/features/compare/lib/param-rows';
import { MISSING } from '@/lib/format';
import { runStyle } from '@/lib/run-styles';
import { RunSwatch } from './run-swatch';

export function ParamDiff({
  runs,
  rows,
}: {
  runs: readonly { id: string; name: string }[];
  rows: readonly ParamRow[];
}) {
  const [view, setView] = useQueryStates(
    { params: compareParams.params },
    { history: 'replace', scroll: false },
  );
  const differing = rows.filter((row) => row.differs).length;
  const shown = view.params === 'diff' ? rows.filter((row) => row.differs) : rows;
  return (
    <section aria-labelledby="params-heading" className="flex flex-col gap-2" data-testid="params">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 id="params-heading" className="text-base font-semibold">
          Hyperparameters
        </h2>
        <label className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            checked={view.params === 'diff'}
            onChange={(event) => void setView({ params: event.target.checked ? 'diff' : 'all' })}
          />
          differences only
        </label>
        <span className="text-xs text-muted" data-testid="params-count">
          {differing} of {rows.length} parameters differ
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="rounded border border-border bg-surface px-3 py-2 text-muted">
          {rows.length === 0
            ? 'These runs store no config.'
            : 'Every parameter is the same in all these runs.'}
        </p>
      ) : (
        <div
          className="relative max-h-[32rem] overflow-auto rounded-lg border border-border"
          tabIndex={0}
          role="region"
          aria-label="Hyperparameters of the compared runs (scrolls)"
        >
          <table className="w-full border-collapse text-left text-xs" data-testid="params-table">
            <caption className="sr-only">
              Config values of each compared run
              {view.params === 'diff' ? ', only those that differ' : ''}
            </caption>
            <thead className="sticky top-0 bg-surface">
              <tr>
                <th scope="col" className="px-2 py-1.5 font-medium text-muted">
                  parameter
                </th>
                {runs.map((run, index) => {
                  const style = runStyle(index);
                  return (
                    <th key={run.id} scope="col" className="px-2 py-1.5 font-medium">
                      <span className="flex items-center gap-1.5">
                        <RunSwatch style={style} width={14} />
                        <span className="max-w-40 truncate" title={run.name}>
                          {run.name}
                        </span>
                      </span>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr
                  key={row.path}
                  className="border-t border-border"
                  data-path={row.path}
                  data-differs={row.differs}
                >
                  <th scope="row" className="px-2 py-1 font-mono font-normal">
                    {row.differs ? (
                      <span className="mr-1 font-sans font-semibold text-accent">≠</span>
                    ) : null}
                    {row.path}
                    {row.differs ? <span className="sr-only"> (differs)</span> : null}
                  </th>
                  {row.values.map((value, i) => (
                    <td key={runs[i]?.id ?? i} className="break-all px-2 py-1 font-mono">
                      {value ?? MISSING}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

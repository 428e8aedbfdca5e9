'use client';
// Grouped bars for a chosen subset of classes: a group per class (in the order chosen), in it a
// bar per compared run in the run's colour (dashed or dotted, as its line, past eight runs),
// then the ensemble and the composite. HTML bars, not a chart library: a few dozen bars, drawn
// on the server too, the numbers in the page as text. The choice lives in the URL (`classes`,
// nuqs); a bad id there is named beside the chart.
import { useQueryStates } from 'nuqs';
import { CLASS_NAMES } from '@hpa-lab/ml/classes';
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';
import {
  MAX_BAR_CLASSES,
  classBarGroups,
  parseClassSelection,
  toggleClass,
} from '@/features/compare/lib/class-bars';
import { perClassParams } from '@/features/compare/lib/per-class-url';
import { formatScore } from '@/lib/format';

export interface BarSeries {
  key: string;
  label: string;
  f1: number[] | null;
  /** The run's colour and dash; null for a derived row (drawn in the theme's foreground). */
  color: string | null;
  dash: string | undefined;
}

/** A dashed run's bar is striped with its dash pattern (px along the bar). */
function barBackground(color: string | null, dash: string | undefined): string {
  const fill = color ?? 'var(--color-muted)';
  if (!dash) return fill;
  const [on, off] = dash.split(' ').map(Number);
  return `repeating-linear-gradient(90deg, ${fill} 0 ${on}px, transparent ${on}px ${on! + off!}px)`;
}

const RARE = new Set(RARE_CLASS_IDS);

export function ClassBars({ series }: { series: readonly BarSeries[] }) {
  const [view, setView] = useQueryStates(
    { classes: perClassParams.classes },
    { history: 'replace', scroll: false },
  );
  const selection = parseClassSelection(view.classes);
  const groups = classBarGroups(selection.classIds, series);
  const choose = (classId: number) =>
    void setView({ classes: toggleClass(selection.classIds, classId).map(String) });

  return (
    <figure
      aria-labelledby="class-bars-heading"
      className="rounded-lg border border-border bg-surface p-3"
      data-testid="class-bars"
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h3 id="class-bars-heading" className="font-semibold">
          F1 of chosen classes
        </h3>
        <details className="relative text-xs">
          <summary className="cursor-pointer rounded border border-border px-2 py-0.5">
            Choose classes ({selection.classIds.length}/{MAX_BAR_CLASSES})
          </summary>
          <fieldset className="absolute z-10 mt-1 grid w-[36rem] max-w-[90vw] grid-cols-2 gap-x-4 rounded border border-border bg-canvas p-2 shadow-lg">
            <legend className="sr-only">Classes shown as bars</legend>
            {CLASS_NAMES.map((name, classId) => {
              const checked = selection.classIds.includes(classId);
              return (
                <label key={classId} className="flex items-center gap-1.5 py-0.5">
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={!checked && selection.classIds.length >= MAX_BAR_CLASSES}
                    onChange={() => choose(classId)}
                  />
                  {RARE.has(classId) ? '◆ ' : ''}
                  {name}
                </label>
              );
            })}
          </fieldset>
        </details>
        <button
          type="button"
          className="text-xs text-accent underline"
          onClick={() => void setView({ classes: null })}
        >
          the five rare classes
        </button>
      </div>
      {selection.problem ? (
        <p className="mt-1 text-xs text-danger" role="status">
          {selection.problem}
        </p>
      ) : null}
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className="inline-block h-2.5 w-5 rounded-sm"
              style={{ background: barBackground(s.color, s.dash) }}
            />
            <span className={s.color ? '' : 'italic'}>{s.label}</span>
          </li>
        ))}
      </ul>
      {groups.length === 0 ? (
        <p className="mt-2 text-xs text-muted">No class chosen.</p>
      ) : (
        <div className="mt-2 grid grid-cols-[repeat(auto-fill,minmax(18rem,1fr))] gap-3">
          {groups.map((group) => (
            <section
              key={group.classId}
              aria-label={`${group.name} F1 by run`}
              data-class-id={group.classId}
              className="rounded border border-border bg-canvas p-2"
            >
              <h4 className="mb-1 text-xs font-semibold">
                {RARE.has(group.classId) ? '◆ ' : ''}
                {group.name}
              </h4>
              <ol className="grid gap-0.5">
                {series.map((s) => {
                  const value = group.values[s.key] ?? null;
                  return (
                    <li
                      key={s.key}
                      className="grid grid-cols-[minmax(0,8rem)_1fr_2.5rem] items-center gap-2 text-xs"
                      data-series={s.key}
                    >
                      <span className="truncate text-muted" title={s.label}>
                        {s.label}
                      </span>
                      <span aria-hidden="true" className="h-2.5 rounded-sm bg-raised">
                        <span
                          className="block h-2.5 rounded-sm"
                          style={{
                            width: `${Math.max(0, Math.min(1, value ?? 0)) * 100}%`,
                            background: barBackground(s.color, s.dash),
                          }}
                        />
                      </span>
                      <span className="num">{formatScore(value)}</span>
                    </li>
                  );
                })}
              </ol>
            </section>
          ))}
        </div>
      )}
    </figure>
  );
}

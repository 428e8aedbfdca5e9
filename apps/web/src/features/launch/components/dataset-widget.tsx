'use client';
// The data set field (`dataset.cachePath`): a list of the data sets the platform knows (the
// API's `datasets`: synthetic specs, built caches with their fingerprints and sample counts),
// and a text box for any other path or synthetic spec, which the config schema judges as it
// would a typed one.
import type { WidgetProps } from '@rjsf/utils';
import { ariaDescribedByIds } from '@rjsf/utils';
import type { DatasetWidget_DatasetFragment } from '@/graphql/generated/graphql';
import { formatCount, shortHash } from '@/lib/format';

export interface LaunchFormContext {
  datasets: readonly DatasetWidget_DatasetFragment[];
}

const OTHER = '';

/** The API's label (it names the size already), and a cache's fingerprint to tell caches apart. */
function optionText(dataset: DatasetWidget_DatasetFragment): string {
  return dataset.fingerprint
    ? `${dataset.label} · ${shortHash(dataset.fingerprint)}`
    : dataset.label;
}

const GROUPS = [
  { kind: 'SYNTHETIC', label: 'Synthetic (generated on first use)' },
  { kind: 'CACHED', label: 'Built caches' },
] as const;

export function DatasetWidget(props: WidgetProps) {
  const { id, value, onChange, onBlur, onFocus, disabled, readonly, registry } = props;
  const { datasets } = registry.formContext as LaunchFormContext;
  const current = typeof value === 'string' ? value : '';
  const known = datasets.find((dataset) => dataset.cachePath === current);
  const otherId = `${id}__other`;
  return (
    <div className="flex flex-col gap-1">
      <select
        id={id}
        value={known ? known.cachePath : OTHER}
        disabled={disabled || readonly}
        onChange={(event) => onChange(event.target.value === OTHER ? '' : event.target.value)}
        onBlur={() => onBlur(id, current)}
        onFocus={() => onFocus(id, current)}
        aria-describedby={ariaDescribedByIds(id)}
      >
        {GROUPS.map((group) => {
          const members = datasets.filter((dataset) => dataset.kind === group.kind);
          return members.length === 0 ? null : (
            <optgroup key={group.kind} label={group.label}>
              {members.map((dataset) => (
                <option key={dataset.id} value={dataset.cachePath}>
                  {optionText(dataset)}
                </option>
              ))}
            </optgroup>
          );
        })}
        <option value={OTHER}>Another path or synthetic spec…</option>
      </select>
      {known ? (
        <p className="text-xs text-muted" data-testid="dataset-details">
          {known.description} {formatCount(known.sampleCount)} images, {known.imageSize} px ·{' '}
          <code className="font-mono break-all">{known.cachePath}</code>
          {known.fingerprint ? (
            <>
              {' '}
              · fingerprint <code className="font-mono break-all">{known.fingerprint}</code>
            </>
          ) : null}
          {known.sourcePath ? <> · from {known.sourcePath}</> : null}
        </p>
      ) : (
        <>
          <label htmlFor={otherId} className="text-xs">
            Path or spec
          </label>
          <input
            id={otherId}
            value={current}
            disabled={disabled || readonly}
            placeholder="synthetic:count=400,size=128,seed=1,rarity=1"
            onChange={(event) => onChange(event.target.value)}
            onBlur={() => onBlur(id, current)}
            aria-describedby={ariaDescribedByIds(id)}
          />
        </>
      )}
    </div>
  );
}

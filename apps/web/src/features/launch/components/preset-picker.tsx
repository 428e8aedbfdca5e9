'use client';
// The approach presets of packages/ml (APPROACH_PRESETS, from the README's experiments): one
// fills the whole config except the data set, and the run's approach text.
import { APPROACH_PRESETS, type ApproachPreset } from '@hpa-lab/ml/config';
import { useState } from 'react';

export function PresetPicker({ onApply }: { onApply: (preset: ApproachPreset) => void }) {
  const [chosen, setChosen] = useState(APPROACH_PRESETS[0]?.id ?? '');
  const preset = APPROACH_PRESETS.find((entry) => entry.id === chosen);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-0 flex-col gap-1 text-xs font-medium">
          Start from a preset
          <select
            value={chosen}
            onChange={(event) => setChosen(event.target.value)}
            className="rounded border border-border bg-canvas px-2 py-1 text-sm font-normal"
          >
            {APPROACH_PRESETS.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!preset}
          onClick={() => preset && onApply(preset)}
          className="rounded border border-border px-3 py-1 hover:bg-raised"
        >
          Apply preset
        </button>
      </div>
      {preset ? <p className="text-xs text-muted">{preset.description}</p> : null}
    </div>
  );
}

// What the form would launch differently from the run it was cloned from, before launching.
import type { ConfigChange } from '@/features/launch/lib/config-diff';
import { formatConfigValue } from '@/features/launch/lib/config-diff';

export function ConfigDiffList({ changes, runName }: { changes: ConfigChange[]; runName: string }) {
  return (
    <section
      aria-labelledby="config-diff-title"
      data-testid="config-diff"
      className="rounded-lg border border-border bg-surface px-3 py-2"
    >
      <h2 id="config-diff-title" className="text-sm font-semibold">
        Differences from {runName}
      </h2>
      {changes.length === 0 ? (
        <p className="text-xs text-muted">None yet: this launches the same config again.</p>
      ) : (
        <table className="mt-1 text-xs">
          <thead className="text-muted">
            <tr>
              <th scope="col" className="pr-3 text-left font-medium">
                Field
              </th>
              <th scope="col" className="pr-3 text-left font-medium">
                Original
              </th>
              <th scope="col" className="text-left font-medium">
                This launch
              </th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {changes.map((change) => (
              <tr key={change.path}>
                <th scope="row" className="pr-3 text-left font-normal">
                  {change.path}
                </th>
                <td className="pr-3 break-all">{formatConfigValue(change.before)}</td>
                <td className="break-all">{formatConfigValue(change.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

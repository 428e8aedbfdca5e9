import { statusStyle } from '../lib/run-status';

export function StatusBadge({ status }: { status: string }) {
  const style = statusStyle(status);
  return (
    <span className="inline-flex items-center gap-1.5 rounded-full border border-border px-2 py-0.5 text-xs font-medium">
      <span
        aria-hidden="true"
        className="h-2 w-2 rounded-full"
        style={{ background: style.color }}
      />
      {style.label}
    </span>
  );
}

import type { RunStatus } from '@/graphql/generated/graphql';
import { statusStyle } from '@/lib/run-status';

/** Status as a coloured glyph plus its name (never colour alone). */
export function StatusBadge({ status }: { status: RunStatus }) {
  const style = statusStyle(status);
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <span aria-hidden="true" style={{ color: style.color }} className="text-xs">
        {style.glyph}
      </span>
      <span data-status-label>{style.label}</span>
    </span>
  );
}

// A shell command shown as code, selectable, with a copy button. It wraps rather than scrolls:
// a scrolling box would need its own tab stop.
import { CopyButton } from '@/components/copy-button';

export function CommandLine({ command, label }: { command: string; label: string }) {
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2 text-xs text-muted">
        {label} <CopyButton text={command} label="Copy command" />
      </div>
      <code className="block rounded border border-border bg-canvas px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap">
        {command}
      </code>
    </div>
  );
}

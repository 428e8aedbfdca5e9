'use client';
// Copies a text (a curl command, a new key's secret) with navigator.clipboard and says so in a
// live region. Where the clipboard is refused (insecure origin, denied permission) it says that
// instead, and the text stays selectable beside it.
import { useState } from 'react';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        className="rounded border border-border px-2 py-0.5 text-xs hover:bg-raised"
      >
        {label}
      </button>
      <span role="status" className="text-xs text-muted">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy refused: select the text' : ''}
      </span>
    </span>
  );
}

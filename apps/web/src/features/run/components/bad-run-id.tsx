// A /runs/<x> address whose <x> cannot be a run id: say so instead of asking the API.
import { NotFoundPanel } from '@/components/not-found-panel';

export function BadRunId({ value }: { value: string }) {
  return (
    <NotFoundPanel title="Not a run id" alert>
      “<span className="break-all font-mono">{safeDecode(value)}</span>” is not a run id. Run ids
      are UUIDs such as <span className="font-mono">3f2b9c1e-8a4d-4e6f-9b0a-1c2d3e4f5a6b</span>;
      open a run from the runs table to get a working link.
    </NotFoundPanel>
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// A /runs/<x> address whose <x> cannot be a run id: say so instead of asking the API.
import Link from 'next/link';

export function BadRunId({ value }: { value: string }) {
  return (
    <section role="alert" className="mx-auto mt-10 max-w-lg">
      <h1 className="mb-2 text-xl font-semibold">Not a run id</h1>
      <p className="text-muted">
        “<span className="break-all font-mono">{safeDecode(value)}</span>” is not a run id. Run ids
        are UUIDs such as <span className="font-mono">3f2b9c1e-8a4d-4e6f-9b0a-1c2d3e4f5a6b</span>;
        open a run from the runs table to get a working link.
      </p>
      <p className="mt-4">
        <Link href="/runs" className="text-accent underline">
          Go to the runs
        </Link>
      </p>
    </section>
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

import Link from 'next/link';

export default function RunNotFound() {
  return (
    <section className="mx-auto mt-10 max-w-lg">
      <h1 className="mb-2 text-xl font-semibold">Run not found (404)</h1>
      <p className="text-muted">
        No run has this id. It may have been deleted, or the link belongs to another hpa-lab
        installation.
      </p>
      <p className="mt-4">
        <Link href="/runs" className="text-accent underline">
          Go to the runs
        </Link>
      </p>
    </section>
  );
}

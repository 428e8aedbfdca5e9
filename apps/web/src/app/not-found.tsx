import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="mx-auto mt-10 max-w-lg">
      <h1 className="mb-2 text-xl font-semibold">Page not found (404)</h1>
      <p className="text-muted">Nothing lives at this address: the link may be old or mistyped.</p>
      <p className="mt-4">
        <Link href="/runs" className="text-accent underline">
          Go to the runs
        </Link>
      </p>
    </section>
  );
}

// The body of every "nothing here" page (an unknown address, a missing run, a malformed run id):
// a heading, what happened, and the way back to the runs table.
import Link from 'next/link';
import type { ReactNode } from 'react';

export function NotFoundPanel({
  title,
  children,
  alert = false,
}: {
  title: string;
  children: ReactNode;
  /** Announce it to screen readers at once (a problem with the address the member typed). */
  alert?: boolean;
}) {
  return (
    <section role={alert ? 'alert' : undefined} className="mx-auto mt-10 max-w-lg">
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <p className="text-muted">{children}</p>
      <p className="mt-4">
        <Link href="/runs" className="text-accent underline">
          Go to the runs
        </Link>
      </p>
    </section>
  );
}

'use client';
// Last resort for errors a page did not turn into a message itself (pages render API problems
// inline, see features/shell/components/problem-message.tsx). In production Next replaces a
// server error's message with a digest, which the server log carries next to the real one.
import { useEffect } from 'react';

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    document.title = 'Error · hpa-lab';
  }, []);
  return (
    <section role="alert" className="mx-auto mt-10 max-w-lg">
      <h1 className="mb-2 text-xl font-semibold">This page failed to render</h1>
      <p className="text-muted">
        {error.digest
          ? `The dashboard's server hit an unexpected error (reference ${error.digest}; its log has the details).`
          : error.message}
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded border border-border px-3 py-1 hover:bg-raised"
      >
        Try again
      </button>
    </section>
  );
}

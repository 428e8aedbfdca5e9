/** Placeholder body of a section whose page is planned (web-design.md) but not built yet. */
export function NotBuiltYet({ title, purpose }: { title: string; purpose: string }) {
  return (
    <section>
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <p className="text-muted">{purpose}</p>
      <p className="mt-4 rounded border border-border bg-surface px-3 py-2">
        This page is not built yet.
      </p>
    </section>
  );
}

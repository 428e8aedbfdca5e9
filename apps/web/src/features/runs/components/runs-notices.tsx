/** What the page ignored in its URL, so a mistyped link explains itself. */
export function RunsNotices({ notices }: { notices: readonly string[] }) {
  if (notices.length === 0) return null;
  return (
    <div
      role="status"
      className="mb-3 rounded border border-border bg-surface px-3 py-2 text-muted"
      data-testid="url-notices"
    >
      <p className="font-medium text-fg">Some of this page&apos;s address was not understood:</p>
      <ul className="ml-5 list-disc">
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
    </div>
  );
}

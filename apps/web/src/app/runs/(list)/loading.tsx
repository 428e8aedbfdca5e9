export default function RunsLoading() {
  return (
    <p role="status" aria-live="polite" className="text-muted">
      Loading runs…
    </p>
  );
}

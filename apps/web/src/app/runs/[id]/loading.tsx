// Shown while the run's data is on its way: the page's outline, so nothing jumps when it lands.
export default function LoadingRun() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true">
      <p role="status" aria-live="polite" className="text-muted">
        Loading the run…
      </p>
      <div className="h-24 animate-pulse rounded-lg bg-surface" />
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-64 animate-pulse rounded-lg bg-surface" />
        ))}
      </div>
    </div>
  );
}

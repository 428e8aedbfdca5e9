// The launch form's address, filled with a run's config (the run page's and the compare page's
// "Clone this run"): one place spells it, the launch page reads it (features/launch/lib/launch-url.ts).
export const CLONE_PARAM = 'clone';

export function cloneRunHref(runId: string): string {
  return `/launch?${CLONE_PARAM}=${encodeURIComponent(runId)}`;
}

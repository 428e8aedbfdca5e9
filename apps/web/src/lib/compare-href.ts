// The compare page takes 2-20 runs (web-design.md), named by id in its URL: every link to it
// (the runs table's selection, the class leaderboard) is built here.
export const MIN_COMPARE = 2;
export const MAX_COMPARE = 20;

export function compareHref(ids: readonly string[]): string {
  return `/compare?runs=${ids.map(encodeURIComponent).join(',')}`;
}

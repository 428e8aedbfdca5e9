// Picking a built cache in the data set list pins its fingerprint (`dataset.fingerprint`): the
// trainer then refuses other data under the same path, and the run is comparable only with
// runs on that very cache. Moving to another data set drops a pin the list had set, never one
// the member typed.

export interface KnownDataset {
  cachePath: string;
  fingerprint?: string | null;
}

interface DatasetPart {
  cachePath?: unknown;
  fingerprint?: unknown;
  [key: string]: unknown;
}

function datasetOf(config: unknown): DatasetPart | undefined {
  const dataset = (config as { dataset?: unknown } | null | undefined)?.dataset;
  return typeof dataset === 'object' && dataset !== null ? (dataset as DatasetPart) : undefined;
}

/** The config after a change, with the fingerprint pinned or unpinned as the data set moved. */
export function withPinnedFingerprint<T>(
  before: unknown,
  after: T,
  datasets: readonly KnownDataset[],
): T {
  const previous = datasetOf(before);
  const next = datasetOf(after);
  if (!next || next.cachePath === previous?.cachePath) return after;
  const fingerprintOf = (path: unknown) =>
    datasets.find((dataset) => dataset.cachePath === path)?.fingerprint ?? undefined;
  const listed = fingerprintOf(next.cachePath);
  const pinnedByList =
    next.fingerprint !== undefined && next.fingerprint === fingerprintOf(previous?.cachePath);
  if (listed) return { ...after, dataset: { ...next, fingerprint: listed } };
  if (pinnedByList) {
    const { fingerprint: _dropped, ...rest } = next;
    return { ...after, dataset: rest };
  }
  return after;
}

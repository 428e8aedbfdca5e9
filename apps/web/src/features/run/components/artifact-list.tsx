// A run's files with size and checksum. Downloads go through this app's route handler
// (/artifacts/<artifactId>), which streams the API's response with the member's key:
// the browser never holds the key and the server never holds the whole file.
import { formatDateTime } from '@/lib/format';
import { formatBytes } from '@/lib/format';
import { type FragmentType, graphql, useFragment } from '@/graphql/generated';

// What the list reads of an artifact.
export const ArtifactListFragment = graphql(`
  fragment ArtifactList_Artifact on Artifact {
    id
    kind
    name
    bytes
    sha256
    createdAt
  }
`);

export function artifactHref(artifactId: string): string {
  return `/artifacts/${encodeURIComponent(artifactId)}`;
}

export function ArtifactList({
  artifacts: artifactRefs,
}: {
  artifacts: readonly FragmentType<typeof ArtifactListFragment>[];
}) {
  const artifacts = useFragment(ArtifactListFragment, artifactRefs);
  if (artifacts.length === 0) {
    return (
      <p className="rounded-lg border border-border bg-surface px-3 py-2 text-muted">
        No files stored yet. The trainer uploads the best model and a checkpoint when training ends.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-xs" data-testid="artifact-table">
        <caption className="sr-only">Files of this run</caption>
        <thead className="bg-surface">
          <tr>
            <th scope="col" className="px-2 py-1 text-left font-medium">
              file
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium">
              kind
            </th>
            <th scope="col" className="num px-2 py-1 font-medium">
              size
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium">
              sha256
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium">
              stored
            </th>
          </tr>
        </thead>
        <tbody>
          {artifacts.map((artifact) => (
            <tr key={artifact.id} className="border-t border-border" data-artifact-id={artifact.id}>
              <td className="px-2 py-1">
                <a
                  href={artifactHref(artifact.id)}
                  download={artifact.name}
                  className="text-accent underline underline-offset-2"
                >
                  {artifact.name}
                </a>
              </td>
              <td className="px-2 py-1">{artifact.kind.toLowerCase()}</td>
              <td className="num px-2 py-1 whitespace-nowrap" title={`${artifact.bytes} bytes`}>
                {formatBytes(artifact.bytes)}
              </td>
              <td className="px-2 py-1 font-mono">
                <span className="break-all" data-testid="artifact-sha256">
                  {artifact.sha256}
                </span>
              </td>
              <td className="num px-2 py-1 whitespace-nowrap">
                {formatDateTime(artifact.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// A model's versions, newest first: where each came from (run, member, approach), how it scored
// when promoted (macro F1 and rare-class F1), when, which aliases point at it, and its file.
import { graphql, useFragment, type FragmentType } from '@/graphql/generated';
import { artifactApiPath, curlCommand, downloadFileName } from '@/features/models/lib/curl-command';
import { formatBytes, formatDateTime, formatScore } from '@/lib/format';
import { CommandLine } from './command-line';

// The newest 100 versions (the API's page limit is 200); the table says when there are more.
export const VersionsTableFragment = graphql(`
  fragment VersionsTable_RegisteredModel on RegisteredModel {
    name
    versions(first: 100) {
      totalCount
      nodes {
        id
        version
        macroF1
        rareClassF1
        createdAt
        aliases
        artifact {
          id
          name
          bytes
          sha256
        }
        run {
          id
          name
          approach
          owner {
            id
            name
          }
        }
      }
    }
  }
`);

export function VersionsTable({
  data,
  apiUrl,
}: {
  data: FragmentType<typeof VersionsTableFragment>;
  apiUrl: string;
}) {
  const model = useFragment(VersionsTableFragment, data);
  const { nodes, totalCount } = model.versions;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left" data-testid="versions-table">
        <caption className="sr-only">Versions of {model.name}</caption>
        <thead className="text-xs text-muted">
          <tr className="border-b border-border">
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Version
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Run
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Member
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Approach
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Macro F1
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Rare-class F1
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Promoted
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Aliases
            </th>
            <th scope="col" className="py-1 font-medium">
              File
            </th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((version) => {
            const fileName = downloadFileName(
              model.name,
              `v${version.version}`,
              version.artifact.name,
            );
            return (
              <tr key={version.id} className="border-b border-border align-top">
                <th scope="row" className="num py-1 pr-3 text-right font-medium">
                  v{version.version}
                </th>
                <td className="max-w-48 py-1 pr-3 break-all">
                  <a
                    href={`/runs/${version.run.id}`}
                    className="text-accent underline-offset-2 hover:underline"
                  >
                    {version.run.name}
                  </a>
                </td>
                <td className="py-1 pr-3">{version.run.owner.name}</td>
                <td className="max-w-56 py-1 pr-3 text-muted">{version.run.approach || '—'}</td>
                <td className="num py-1 pr-3 text-right">{formatScore(version.macroF1)}</td>
                <td className="num py-1 pr-3 text-right">{formatScore(version.rareClassF1)}</td>
                <td className="py-1 pr-3 whitespace-nowrap tabular-nums">
                  {formatDateTime(version.createdAt)}
                </td>
                <td className="py-1 pr-3">{version.aliases.join(', ') || '—'}</td>
                <td className="py-1">
                  <a
                    href={`/artifacts/${version.artifact.id}`}
                    download={fileName}
                    className="whitespace-nowrap text-accent"
                  >
                    Download v{version.version}
                  </a>{' '}
                  <span className="text-muted tabular-nums">
                    {formatBytes(version.artifact.bytes)}
                  </span>
                  <details>
                    <summary className="cursor-pointer text-xs text-muted">sha256 and curl</summary>
                    <div className="mt-1 flex max-w-xl flex-col gap-1">
                      <p className="font-mono text-xs break-all">
                        sha256 {version.artifact.sha256}
                      </p>
                      <CommandLine
                        label="From a script:"
                        command={curlCommand(
                          apiUrl,
                          artifactApiPath(version.artifact.id),
                          fileName,
                        )}
                      />
                    </div>
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {totalCount > nodes.length ? (
        <p className="mt-1 text-xs text-muted">
          The newest {nodes.length} of {totalCount} versions.
        </p>
      ) : null}
    </div>
  );
}

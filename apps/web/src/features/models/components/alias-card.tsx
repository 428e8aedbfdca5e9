// One alias (e.g. `champion`): the version it points at with the run, member and the F1 numbers
// it was promoted with, and the file: a download through this dashboard, its size and sha256,
// and the curl command that fetches the same file from a script.
import { graphql, useFragment, type FragmentType } from '@/graphql/generated';
import { curlCommand, downloadFileName } from '@/features/models/lib/curl-command';
import { formatBytes, formatDateTime, formatScore } from '@/lib/format';
import { CommandLine } from './command-line';

export const AliasCardFragment = graphql(`
  fragment AliasCard_ModelAlias on ModelAlias {
    alias
    downloadUrl
    updatedAt
    version {
      id
      version
      macroF1
      rareClassF1
      artifact {
        id
        name
        bytes
        sha256
      }
      run {
        id
        name
        owner {
          id
          name
        }
      }
    }
  }
`);

export function AliasCard({
  data,
  modelName,
  apiUrl,
}: {
  data: FragmentType<typeof AliasCardFragment>;
  modelName: string;
  apiUrl: string;
}) {
  const alias = useFragment(AliasCardFragment, data);
  const { version } = alias;
  const fileName = downloadFileName(modelName, alias.alias, version.artifact.name);
  return (
    <article
      className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-3"
      aria-labelledby={`alias-${alias.alias}`}
      data-testid="alias-card"
    >
      <h3 id={`alias-${alias.alias}`} className="flex flex-wrap items-baseline gap-2">
        <span className="font-semibold">{alias.alias}</span>
        <span className="text-muted">→ version {version.version}</span>
      </h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-muted">run</dt>
        <dd className="break-all">
          <a
            href={`/runs/${version.run.id}`}
            className="text-accent underline-offset-2 hover:underline"
          >
            {version.run.name}
          </a>{' '}
          <span className="text-muted">by {version.run.owner.name}</span>
        </dd>
        <dt className="text-muted">macro F1 · rare-class F1</dt>
        <dd className="tabular-nums">
          {formatScore(version.macroF1)} · {formatScore(version.rareClassF1)}
        </dd>
        <dt className="text-muted">moved</dt>
        <dd className="tabular-nums">{formatDateTime(alias.updatedAt)} UTC</dd>
        <dt className="text-muted">file</dt>
        <dd className="tabular-nums">
          {version.artifact.name} · {formatBytes(version.artifact.bytes)}
        </dd>
        <dt className="text-muted">sha256</dt>
        <dd className="font-mono text-xs break-all" data-testid="alias-sha256">
          {version.artifact.sha256}
        </dd>
      </dl>
      <a
        href={`/artifacts/${version.artifact.id}`}
        download={fileName}
        className="self-start rounded bg-accent px-3 py-1 font-medium text-accent-fg no-underline"
      >
        Download {alias.alias} ({formatBytes(version.artifact.bytes)})
      </a>
      <CommandLine
        label={`The same file from a script (the ${alias.alias} alias, whichever version it points at then):`}
        command={curlCommand(apiUrl, alias.downloadUrl, fileName)}
      />
    </article>
  );
}

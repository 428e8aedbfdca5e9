// Every registered model in one compact table: its aliases (which version each points at), how
// many versions it has and when the newest came. A name opens the model below the table.
import { graphql, useFragment, type FragmentType } from '@/graphql/generated';
import { formatDateTime } from '@/lib/format';

export const ModelListFragment = graphql(`
  fragment ModelList_RegisteredModel on RegisteredModel {
    id
    name
    project {
      id
      slug
    }
    aliases {
      alias
      version {
        id
        version
      }
    }
    versions(first: 1) {
      totalCount
      nodes {
        id
        version
        createdAt
      }
    }
  }
`);

export function ModelList({
  data,
  selectedId,
}: {
  data: readonly FragmentType<typeof ModelListFragment>[];
  selectedId: string | null;
}) {
  const models = useFragment(ModelListFragment, data);
  return (
    <table className="w-full text-left">
      <caption className="sr-only">Registered models</caption>
      <thead className="sticky top-0 bg-canvas text-xs text-muted">
        <tr className="border-b border-border">
          <th scope="col" className="py-1 pr-4 font-medium">
            Model
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            Project
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            Aliases
          </th>
          <th scope="col" className="py-1 pr-4 text-right font-medium">
            Versions
          </th>
          <th scope="col" className="py-1 font-medium">
            Newest version
          </th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => {
          const newest = model.versions.nodes[0];
          const selected = model.id === selectedId;
          return (
            <tr
              key={model.id}
              className={`border-b border-border ${selected ? 'bg-raised' : ''}`}
              data-testid="model-row"
            >
              <th scope="row" className="py-1 pr-4 font-medium">
                <a
                  href={`/models?model=${model.id}`}
                  aria-current={selected ? 'true' : undefined}
                  className="text-accent underline-offset-2 hover:underline"
                >
                  {model.name}
                </a>
              </th>
              <td className="py-1 pr-4 text-muted">{model.project.slug}</td>
              <td className="py-1 pr-4">
                {model.aliases.length === 0 ? (
                  <span className="text-muted">none</span>
                ) : (
                  <ul className="flex flex-wrap gap-1">
                    {model.aliases.map((alias) => (
                      <li key={alias.alias} className="rounded bg-raised px-1.5 py-0.5 text-xs">
                        {alias.alias} → v{alias.version.version}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="num py-1 pr-4 text-right">{model.versions.totalCount}</td>
              <td className="py-1 tabular-nums">
                {newest ? `v${newest.version} · ${formatDateTime(newest.createdAt)} UTC` : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

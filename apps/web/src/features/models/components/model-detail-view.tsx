// The chosen model in full: its aliases with downloads, its versions, its promotion history.
import { graphql, useFragment, type FragmentType } from '@/graphql/generated';
import { AliasCard } from './alias-card';
import { PromotionHistory } from './promotion-history';
import { VersionsTable } from './versions-table';

export const ModelDetailViewFragment = graphql(`
  fragment ModelDetailView_RegisteredModel on RegisteredModel {
    name
    project {
      id
      name
    }
    aliases {
      alias
      ...AliasCard_ModelAlias
    }
    ...VersionsTable_RegisteredModel
    ...PromotionHistory_RegisteredModel
  }
`);

export function ModelDetailView({
  data,
  apiUrl,
}: {
  data: FragmentType<typeof ModelDetailViewFragment>;
  apiUrl: string;
}) {
  const model = useFragment(ModelDetailViewFragment, data);
  return (
    <section aria-labelledby="model-name" className="flex flex-col gap-4">
      <h2 id="model-name" className="text-lg font-semibold">
        {model.name} <span className="text-sm font-normal text-muted">in {model.project.name}</span>
      </h2>
      <section aria-labelledby="aliases-heading">
        <h3 id="aliases-heading" className="mb-2 font-semibold">
          Aliases
        </h3>
        {model.aliases.length === 0 ? (
          <p className="text-muted">No alias points at a version of this model.</p>
        ) : (
          <div className="grid gap-3 lg:grid-cols-2">
            {model.aliases.map((alias) => (
              <AliasCard key={alias.alias} data={alias} modelName={model.name} apiUrl={apiUrl} />
            ))}
          </div>
        )}
      </section>
      <section aria-labelledby="versions-heading">
        <h3 id="versions-heading" className="mb-2 font-semibold">
          Versions
        </h3>
        <VersionsTable data={model} apiUrl={apiUrl} />
      </section>
      <section aria-labelledby="history-heading">
        <h3 id="history-heading" className="mb-2 font-semibold">
          Promotion history
        </h3>
        <PromotionHistory data={model} />
      </section>
    </section>
  );
}

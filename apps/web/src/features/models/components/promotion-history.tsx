// Every alias move of a model, newest first: who pointed which alias from which version to which.
import { graphql, useFragment, type FragmentType } from '@/graphql/generated';
import { formatDateTime } from '@/lib/format';

export const PromotionHistoryFragment = graphql(`
  fragment PromotionHistory_RegisteredModel on RegisteredModel {
    promotions(first: 100) {
      totalCount
      nodes {
        alias
        version
        previousVersion
        createdAt
        promotedBy {
          id
          name
        }
      }
    }
  }
`);

export function PromotionHistory({
  data,
}: {
  data: FragmentType<typeof PromotionHistoryFragment>;
}) {
  const { nodes, totalCount } = useFragment(PromotionHistoryFragment, data).promotions;
  if (nodes.length === 0) return <p className="text-muted">No alias has moved yet.</p>;
  return (
    <>
      <ol className="flex flex-col gap-1" data-testid="promotion-history">
        {nodes.map((promotion) => (
          <li
            key={`${promotion.createdAt}-${promotion.alias}-${promotion.version}`}
            className="flex flex-wrap gap-x-2"
          >
            <span className="text-muted tabular-nums">
              {formatDateTime(promotion.createdAt)} UTC
            </span>
            <span>
              <span className="font-medium">{promotion.promotedBy.name}</span> moved{' '}
              <span className="font-medium">{promotion.alias}</span>{' '}
              {promotion.previousVersion === null
                ? `to v${promotion.version} (new alias)`
                : `from v${promotion.previousVersion} to v${promotion.version}`}
            </span>
          </li>
        ))}
      </ol>
      {totalCount > nodes.length ? (
        <p className="mt-1 text-xs text-muted">
          The newest {nodes.length} of {totalCount} moves.
        </p>
      ) : null}
    </>
  );
}

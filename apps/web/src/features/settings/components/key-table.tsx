// One member's keys: label, prefix (to tell keys apart), dates, state, and a revoke control
// where the API says the asker may manage this member's keys.
import { graphql, useFragment, type FragmentType } from '@/graphql/generated';
import type { KeyTable_ApiKeyFragment } from '@/graphql/generated/graphql';
import { formatDateTime } from '@/lib/format';
import { RevokeKeyButton } from './revoke-key-button';

export const KeyTableFragment = graphql(`
  fragment KeyTable_ApiKey on ApiKey {
    id
    name
    prefix
    createdAt
    lastUsedAt
    expiresAt
    revokedAt
  }
`);

function keyState(key: KeyTable_ApiKeyFragment, now: number): string {
  if (key.revokedAt) return `revoked ${formatDateTime(key.revokedAt)}`;
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}

export function KeyTable({
  data,
  memberName,
  canManage,
  now,
}: {
  data: readonly FragmentType<typeof KeyTableFragment>[];
  memberName: string;
  canManage: boolean;
  now: number;
}) {
  const keys = useFragment(KeyTableFragment, data);
  if (keys.length === 0) return <p className="text-xs text-muted">No keys.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">API keys of {memberName}</caption>
      <thead className="text-xs text-muted">
        <tr className="border-b border-border">
          <th scope="col" className="py-1 pr-3 font-medium">
            Label
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Prefix
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Created
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Last used
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Expires
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            State
          </th>
          <th scope="col" className="py-1 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const state = keyState(key, now);
          return (
            <tr key={key.id} className="border-b border-border" data-testid="key-row">
              <th scope="row" className="py-1 pr-3 font-medium">
                {key.name}
              </th>
              <td className="py-1 pr-3 font-mono text-xs">{key.prefix}…</td>
              <td className="py-1 pr-3 tabular-nums">{formatDateTime(key.createdAt)}</td>
              <td className="py-1 pr-3 tabular-nums">{formatDateTime(key.lastUsedAt)}</td>
              <td className="py-1 pr-3 tabular-nums">
                {key.expiresAt ? formatDateTime(key.expiresAt) : 'never'}
              </td>
              <td className="py-1 pr-3">{state}</td>
              <td className="py-1">
                {canManage && state === 'active' ? (
                  <RevokeKeyButton keyId={key.id} keyName={key.name} />
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// Members and API keys. What each control does is the API's to allow: creating members shows
// only for admins (Query.viewerCanManageMembers), a member's keys only where the asker may
// manage them (Member.viewerCanManageKeys); the API refuses anything else anyway.
import type { SettingsPageQuery } from '@/graphql/generated/graphql';
import { formatDateTime } from '@/lib/format';
import { CreateKeyForm } from './create-key-form';
import { CreateMemberForm } from './create-member-form';
import { KeyTable } from './key-table';

export function SettingsView({ data, now }: { data: SettingsPageQuery; now: number }) {
  const { me, members, viewerCanManageMembers } = data;
  // The asker's own keys first, then everyone else's the asker may manage (admins: all).
  const keyOwners = members
    .filter((member) => member.viewerCanManageKeys)
    .sort((a, b) => Number(b.id === me.id) - Number(a.id === me.id));
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="members-heading" className="flex flex-col gap-2">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Members and their roles</caption>
          <thead className="text-xs text-muted">
            <tr className="border-b border-border">
              <th scope="col" className="py-1 pr-3 font-medium">
                Name
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                E-mail
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Role
              </th>
              <th scope="col" className="py-1 font-medium">
                Since
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id} className="border-b border-border" data-testid="member-row">
                <th scope="row" className="py-1 pr-3 font-medium">
                  {member.name}
                  {member.id === me.id ? <span className="text-muted"> (you)</span> : null}
                </th>
                <td className="py-1 pr-3 break-all">{member.email}</td>
                <td className="py-1 pr-3">{member.role.toLowerCase()}</td>
                <td className="py-1 tabular-nums">{formatDateTime(member.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {viewerCanManageMembers ? <CreateMemberForm /> : null}
      </section>
      <section aria-labelledby="keys-heading" className="flex flex-col gap-3">
        <h2 id="keys-heading" className="text-lg font-semibold">
          API keys
        </h2>
        <p className="text-xs text-muted">
          Scripts and trainers send a key as <code>Authorization: Bearer $HPA_API_KEY</code>.
          {viewerCanManageMembers
            ? ' As an admin you issue and revoke keys for every member.'
            : ' You issue and revoke your own keys.'}
        </p>
        {keyOwners.map((member) => (
          <section
            key={member.id}
            aria-label={`Keys of ${member.name}`}
            className="flex flex-col gap-2 rounded-lg border border-border p-3"
            data-testid="member-keys"
          >
            <h3 className="font-semibold">
              {member.id === me.id ? 'Your keys' : `${member.name}’s keys`}
            </h3>
            <KeyTable data={member.apiKeys} memberName={member.name} canManage now={now} />
            <CreateKeyForm memberId={member.id} memberName={member.name} />
          </section>
        ))}
      </section>
    </div>
  );
}

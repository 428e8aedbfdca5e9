// The /settings page's data: who is asking, whether they may create members, and every member
// with the keys the asker may see (the API returns only their own keys to non-admins).
import 'server-only';
import { execute, type ApiResult } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import type { SettingsPageQuery } from '@/graphql/generated/graphql';

export const SettingsPageDocument = graphql(`
  query SettingsPage {
    me {
      id
      role
    }
    viewerCanManageMembers
    members {
      id
      name
      email
      role
      createdAt
      viewerCanManageKeys
      apiKeys {
        id
        ...KeyTable_ApiKey
      }
    }
  }
`);

export function loadSettings(): Promise<ApiResult<SettingsPageQuery>> {
  return execute(SettingsPageDocument, {});
}

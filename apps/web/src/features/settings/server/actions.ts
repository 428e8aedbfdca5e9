'use server';
// /settings' writes as server actions: create a member (admins), issue and revoke keys (admins
// for anyone, every member for themselves). The API decides every permission again. A new key's
// secret travels back only in the action's response, shown once by the page: never in a
// cookie, a URL or a log. A key revoked while in use sends its member to sign-in (execute()).
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { problemText } from '@/graphql/api-problem';
import { execute } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import type { MemberRole } from '@/graphql/generated/graphql';
import { isRunId } from '@/lib/run-id';
import { clearSession, readSessionKey } from '@/lib/session';
import { actionCrossSiteReason } from '@/lib/action-origin';

const CreateMemberDocument = graphql(`
  mutation SettingsCreateMember($input: CreateMemberInput!) {
    createMember(input: $input) {
      id
      name
    }
  }
`);

const CreateKeyDocument = graphql(`
  mutation SettingsCreateApiKey($memberId: ID, $name: String!) {
    createApiKey(memberId: $memberId, name: $name) {
      apiKey {
        id
        name
        prefix
      }
      secret
    }
  }
`);

const RevokeKeyDocument = graphql(`
  mutation SettingsRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      prefix
      revokedAt
    }
  }
`);

export interface FormState {
  status: 'idle' | 'done' | 'error';
  message?: string;
  /** The input the API refused (e.g. `input.email`), to mark it. */
  field?: string;
}

export interface CreateKeyState extends FormState {
  /** Shown once; the page holds it only in this response. */
  created?: { name: string; prefix: string; secret: string };
}

const ROLES: readonly MemberRole[] = ['ADMIN', 'MEMBER', 'VIEWER'];

const text = (formData: FormData, name: string) => String(formData.get(name) ?? '').trim();

export async function createMemberAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const refused = await actionCrossSiteReason();
  if (refused) return { status: 'error', message: `Refused ${refused}.` };
  const role = text(formData, 'role') as MemberRole;
  if (!ROLES.includes(role)) {
    return { status: 'error', field: 'input.role', message: `Choose a role: ${ROLES.join(', ')}.` };
  }
  const result = await execute(CreateMemberDocument, {
    input: { email: text(formData, 'email'), name: text(formData, 'name'), role },
  });
  if (!result.ok) {
    return {
      status: 'error',
      message: problemText(result.problem),
      ...(result.problem.field ? { field: result.problem.field } : {}),
    };
  }
  revalidatePath('/settings');
  return { status: 'done', message: `${result.data.createMember.name} is a member now.` };
}

export async function createKeyAction(
  memberId: string,
  _previous: CreateKeyState,
  formData: FormData,
): Promise<CreateKeyState> {
  const refused = await actionCrossSiteReason();
  if (refused) return { status: 'error', message: `Refused ${refused}.` };
  if (!isRunId(memberId)) return { status: 'error', message: `"${memberId}" is not a member id` };
  const result = await execute(CreateKeyDocument, { memberId, name: text(formData, 'name') });
  if (!result.ok) {
    return {
      status: 'error',
      message: problemText(result.problem),
      ...(result.problem.field ? { field: result.problem.field } : {}),
    };
  }
  revalidatePath('/settings');
  const { apiKey, secret } = result.data.createApiKey;
  return { status: 'done', created: { name: apiKey.name, prefix: apiKey.prefix, secret } };
}

export async function revokeKeyAction(keyId: string, _previous: FormState): Promise<FormState> {
  const refused = await actionCrossSiteReason();
  if (refused) return { status: 'error', message: `Refused ${refused}.` };
  if (!isRunId(keyId)) return { status: 'error', message: `"${keyId}" is not a key id` };
  const result = await execute(RevokeKeyDocument, { id: keyId });
  if (!result.ok) return { status: 'error', message: problemText(result.problem) };
  // Revoking the key this session signs in with ends the session: straight to sign-in, saying why.
  const sessionKey = await readSessionKey();
  if (sessionKey?.startsWith(result.data.revokeApiKey.prefix)) {
    await clearSession();
    redirect('/sign-in?reason=revoked');
  }
  revalidatePath('/settings');
  return { status: 'done' };
}

import type { Metadata } from 'next';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { SignInLinkForm } from '@/features/auth/components/sign-in-link-form';
import { safeReturnPath } from '@/features/auth/lib/api-key-format';
import { parseSignInReason, SIGN_IN_REASON_TEXT } from '@/graphql/api-problem';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const reason = parseSignInReason(params.reason);
  const next = safeReturnPath(Array.isArray(params.next) ? params.next[0] : params.next);
  const token = Array.isArray(params.token) ? params.token[0] : params.token;
  return (
    <div className="mx-auto mt-10 max-w-md rounded-lg border border-border bg-surface p-6">
      <h1 className="mb-2 text-xl font-semibold">Sign in</h1>
      <p className={reason === 'signed-out' ? 'mb-4 text-muted' : 'mb-4 font-medium text-danger'}>
        {SIGN_IN_REASON_TEXT[reason]}
      </p>
      {token ? (
        <div className="mb-6 border-b border-border pb-6">
          <SignInLinkForm token={token} />
        </div>
      ) : null}
      <SignInForm next={next} />
      <p className="mt-6 text-muted">
        No key yet? An admin creates one in Settings. On a new installation,{' '}
        <code className="font-mono">npm start</code> prints a one-time sign-in link for the first
        admin.
      </p>
    </div>
  );
}

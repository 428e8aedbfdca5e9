import type { Metadata } from 'next';
import { SignInForm } from '../../features/auth/components/sign-in-form';
import { safeReturnPath } from '../../features/auth/lib/api-key-format';
import { parseSignInReason, SIGN_IN_REASON_TEXT } from '../../graphql/api-problem';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const reason = parseSignInReason(params.reason);
  const next = safeReturnPath(Array.isArray(params.next) ? params.next[0] : params.next);
  return (
    <div className="mx-auto mt-10 max-w-md rounded-lg border border-border bg-surface p-6">
      <h1 className="mb-2 text-xl font-semibold">Sign in</h1>
      <p className={reason === 'signed-out' ? 'mb-4 text-muted' : 'mb-4 font-medium text-danger'}>
        {SIGN_IN_REASON_TEXT[reason]}
      </p>
      <SignInForm next={next} />
      <p className="mt-6 text-muted">
        No key yet? An admin creates one in Settings (or with{' '}
        <code className="font-mono">npm run create-admin -w @hpa-lab/api</code> on a new
        installation).
      </p>
    </div>
  );
}

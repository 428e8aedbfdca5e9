import Link from 'next/link';
import { signOut } from '@/features/auth/server/actions';
import { currentSession } from '@/features/auth/server/viewer';

const SIGN_OUT_CLASS =
  'rounded border border-border px-2 py-1 text-muted hover:bg-raised hover:text-fg';

/**
 * The signed-in member and a sign-out button, or a sign-in link. With a session cookie the
 * member is signed in even when the API cannot say who they are (it is down): then the badge
 * says so instead of offering a sign-in that would not help.
 */
export async function SessionBadge() {
  const session = await currentSession();
  if (session.kind === 'signed-out') {
    return (
      <Link href="/sign-in" className="text-muted underline">
        Sign in
      </Link>
    );
  }
  return (
    <form action={signOut} className="flex items-center gap-3">
      {session.kind === 'signed-in' ? (
        <span className="text-muted">
          <span className="text-fg">{session.viewer.name}</span> ·{' '}
          {session.viewer.role.toLowerCase()}
        </span>
      ) : (
        <span className="text-muted" title={session.problem.title} data-testid="session-unverified">
          Signed in (the API cannot say as whom right now)
        </span>
      )}
      <button type="submit" className={SIGN_OUT_CLASS}>
        Sign out
      </button>
    </form>
  );
}

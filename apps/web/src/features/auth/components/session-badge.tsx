import Link from 'next/link';
import { signOut } from '../server/actions';
import { currentViewer } from '../server/viewer';

/** The signed-in member and a sign-out button, or a sign-in link. */
export async function SessionBadge() {
  const viewer = await currentViewer();
  if (!viewer) {
    return (
      <Link href="/sign-in" className="text-muted underline">
        Sign in
      </Link>
    );
  }
  return (
    <form action={signOut} className="flex items-center gap-3">
      <span className="text-muted">
        <span className="text-fg">{viewer.name}</span> · {viewer.role.toLowerCase()}
      </span>
      <button
        type="submit"
        className="rounded border border-border px-2 py-1 text-muted hover:bg-raised hover:text-fg"
      >
        Sign out
      </button>
    </form>
  );
}

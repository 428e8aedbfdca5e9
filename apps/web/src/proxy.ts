// Runs before every page:
// - without a session cookie, a real 307 to sign-in (a redirect from inside a streamed page
//   arrives late, as a client-side navigation); whether the key is still valid only the API can
//   say, and pages handle that (graphql/execute.ts);
// - /runs addresses written by the GET forms (`status=A&status=B`, empty fields) are redirected
//   to their one canonical form, so equal views share one URL. An address with something the
//   page cannot use is left alone: the page names what it ignored.
import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE } from './features/auth/lib/session-cookie';
import { parseRunsView, serializeRunsView } from './features/runs/lib/url-state';

function canonicalRunsSearch(request: NextRequest): string | undefined {
  if (request.nextUrl.pathname !== '/runs' || request.nextUrl.search === '') return undefined;
  const { state, notices } = parseRunsView(request.nextUrl.searchParams);
  if (notices.length > 0) return undefined;
  const canonical = serializeRunsView(state);
  return canonical === request.nextUrl.search.slice(1) ? undefined : canonical;
}

export function proxy(request: NextRequest) {
  if (!request.cookies.get(SESSION_COOKIE)?.value) {
    const signIn = new URL('/sign-in', request.url);
    const target = request.nextUrl.pathname + request.nextUrl.search;
    if (target !== '/' && target !== '/runs') signIn.searchParams.set('next', target);
    return NextResponse.redirect(signIn);
  }
  const canonical = canonicalRunsSearch(request);
  if (canonical !== undefined) {
    const url = request.nextUrl.clone();
    url.search = canonical;
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = {
  // Everything but sign-in itself and Next's static files.
  matcher: ['/((?!sign-in|_next/|favicon\\.ico).*)'],
};

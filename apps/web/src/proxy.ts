// Requests without a session cookie go to sign-in with a real 307 before any page renders
// (a redirect from inside a streamed page arrives late, as a client-side navigation). Whether
// the key in a cookie is still valid only the API can say; pages handle that (execute.ts).
import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE } from './features/auth/lib/session-cookie';

export function proxy(request: NextRequest) {
  if (request.cookies.get(SESSION_COOKIE)?.value) return NextResponse.next();
  const signIn = new URL('/sign-in', request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== '/' && target !== '/runs') signIn.searchParams.set('next', target);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything but sign-in itself and Next's static files.
  matcher: ['/((?!sign-in|_next/|favicon\\.ico).*)'],
};

// Runs before every page, route handler and server action (not Next's static files):
// - a state-changing request (a server action's POST) must come from this site: with an Origin
//   header equal to the site's origin (src/lib/same-origin.ts), else a plain 403 (Next's own
//   check trusts X-Forwarded-Host from anyone, lets a request without Origin through, and
//   answers a mismatch with a 500);
// - without a session cookie, a real 307 to sign-in (a redirect from inside a streamed page
//   arrives late, as a client-side navigation); whether the key is still valid only the API can
//   say, and pages handle that (graphql/execute.ts);
// - /runs addresses written by the GET forms (`status=A&status=B`, empty fields) are redirected
//   to their one canonical form, so equal views share one URL. An address with something the
//   page cannot use is left alone: the page names what it ignored;
// - every answer carries the browser headers of src/lib/security-headers.ts, pages a CSP with a
//   nonce of their own (set on the request too, where Next reads it for its scripts).
import { type NextRequest, NextResponse } from 'next/server';
import { serverEnv } from '@/env';
import { SAFE_METHODS, siteOrigin, stateChangeRefusal } from '@/lib/same-origin';
import {
  contentSecurityPolicy,
  HSTS,
  newNonce,
  STATIC_SECURITY_HEADERS,
} from '@/lib/security-headers';
import { SESSION_COOKIE } from '@/lib/session-cookie';
import { parseRunsView, serializeRunsView } from '@/features/runs/lib/url-state';

function canonicalRunsSearch(request: NextRequest): string | undefined {
  if (request.nextUrl.pathname !== '/runs' || request.nextUrl.search === '') return undefined;
  const { state, notices } = parseRunsView(request.nextUrl.searchParams);
  if (notices.length > 0) return undefined;
  const canonical = serializeRunsView(state);
  // Compared decoded, parameter by parameter: a browser may percent-encode what nuqs writes
  // plainly (`,` as %2C, non-ASCII text), which is the same view and must not redirect again.
  const same =
    JSON.stringify([...new URLSearchParams(canonical)]) ===
    JSON.stringify([...request.nextUrl.searchParams]);
  return same ? undefined : canonical;
}

function withSecurityHeaders(response: NextResponse, csp: string, https: boolean): NextResponse {
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) {
    response.headers.set(name, value);
  }
  response.headers.set('content-security-policy', csp);
  if (https) response.headers.set('strict-transport-security', HSTS);
  return response;
}

function answer(request: NextRequest): NextResponse {
  const { trustProxy, nodeEnv } = serverEnv();
  const origin = siteOrigin(request.headers, trustProxy);
  const https = origin.startsWith('https:');
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: nodeEnv === 'development' });
  const done = (response: NextResponse) => withSecurityHeaders(response, csp, https);

  if (!SAFE_METHODS.has(request.method)) {
    const refused = stateChangeRefusal(request.headers, origin);
    if (refused) {
      return done(
        new NextResponse(`Refused: ${refused}.\n`, {
          status: 403,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    }
  }
  const signingIn = request.nextUrl.pathname === '/sign-in';
  if (!signingIn && !request.cookies.get(SESSION_COOKIE)?.value) {
    const signIn = new URL('/sign-in', request.url);
    const target = request.nextUrl.pathname + request.nextUrl.search;
    if (target !== '/' && target !== '/runs') signIn.searchParams.set('next', target);
    return done(NextResponse.redirect(signIn));
  }
  const canonical = canonicalRunsSearch(request);
  if (canonical !== undefined) {
    const url = request.nextUrl.clone();
    url.search = canonical;
    return done(NextResponse.redirect(url));
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-nonce', nonce);
  return done(NextResponse.next({ request: { headers: requestHeaders } }));
}

export function proxy(request: NextRequest) {
  return answer(request);
}

export const config = {
  // Everything but Next's static files (hashed, immutable; next.config.ts gives them the
  // static headers).
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico).*)'],
};

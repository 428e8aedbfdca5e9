// Whether a request comes from this site, for everything that acts with the member's cookie:
// route handlers (a cross-site GET is refused, naming why) and every state-changing request
// (server actions, checked in src/proxy.ts), which must also say where it comes from. The
// SameSite=Strict cookie already stays home; these checks refuse the request outright.

export interface HeaderReader {
  get(name: string): string | null;
}

/** The first value of a header a proxy may have appended to (`a, b`). */
const first = (value: string | null) => value?.split(',')[0]?.trim() || undefined;

/**
 * This site's origin as the browser sees it: from the Host header, or, when a proxy of ours is
 * configured (HPA_WEB_TRUST_PROXY), from the X-Forwarded-Host and X-Forwarded-Proto it sets.
 * Without that setting the forwarded headers are ignored: a client could send any.
 */
export function siteOrigin(headers: HeaderReader, trustProxy: boolean): string {
  const host =
    (trustProxy ? first(headers.get('x-forwarded-host')) : undefined) ??
    headers.get('host') ??
    'localhost';
  const proto = trustProxy ? (first(headers.get('x-forwarded-proto')) ?? 'http') : 'http';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

export function crossSiteReason(headers: HeaderReader, requestOrigin: string): string | undefined {
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    return `a ${site} request (Sec-Fetch-Site: ${site})`;
  }
  const origin = headers.get('origin');
  if (origin !== null && origin !== requestOrigin) {
    return `a request from another origin (${origin})`;
  }
  return undefined;
}

/** Methods that change nothing; every other one must prove it comes from this site. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request (a server action's POST) is refused: it is cross-site, or it
 * names no Origin at all (every browser sends one with a POST; a request without one is not a
 * form of ours), or another origin.
 */
export function stateChangeRefusal(
  headers: HeaderReader,
  requestOrigin: string,
): string | undefined {
  if (headers.get('origin') === null) return 'a state-changing request without an Origin header';
  return crossSiteReason(headers, requestOrigin);
}

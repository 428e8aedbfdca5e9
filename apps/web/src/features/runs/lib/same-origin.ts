// Whether a request comes from this site (or from the address bar), for route handlers that act
// with the member's cookie: the SameSite=Strict cookie already stays home, and this refuses a
// cross-site request outright, naming why.

export function crossSiteReason(
  headers: { get(name: string): string | null },
  requestOrigin: string,
): string | undefined {
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

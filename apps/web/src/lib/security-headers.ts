// The browser-side protections every page is served with (applied in src/proxy.ts; the static
// ones also in next.config.ts for files the proxy does not see):
// - a Content-Security-Policy whose scripts need this response's nonce: Next reads the nonce
//   from the request's CSP header that the proxy sets and stamps it on its own scripts, so
//   nothing injected into a page (no 'unsafe-inline' for scripts) can run;
// - frame-ancestors 'none' and X-Frame-Options DENY: no other site can frame a page (the runs
//   table's Cancel button cannot be clickjacked);
// - Referrer-Policy same-origin (run ids and filters in URLs stay home), nosniff, and HSTS only
//   when the site is served over https (a Strict-Transport-Security header over plain http is
//   ignored by browsers and would only mislead).

/** A fresh, unguessable nonce for one response (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next's nonced scripts load are trusted too. Development's
    // React refresh needs eval; production never gets 'unsafe-eval', so a library that
    // compiles code in the browser (AJV inside @rjsf/validator-ajv8) must use its
    // precompiled mode there, or validate on the server. The launch form validates with the
    // config's zod schema in jitless mode instead (features/launch/lib/zod-validator.ts).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    // Inline styles stay allowed: recharts and the charts' colour scales set `style`
    // attributes on SVG elements (and React writes style props as attributes), which a nonce
    // cannot cover. Styles cannot run code; scripts, the real risk, stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The browser talks only to this server (the API is reached server-side).
    `connect-src 'self'${options.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers for every response, pages and files alike. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** Two years, subdomains included: what the HSTS preload list asks for. */
export const HSTS = 'max-age=63072000; includeSubDomains';

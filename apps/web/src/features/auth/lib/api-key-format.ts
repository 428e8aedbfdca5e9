// The shape of an API key (apps/api/src/auth/api-keys.ts: `hpa_` + 32 random bytes in
// base64url), checked before the key is sent anywhere so a paste error gets a precise message.
const KEY_PATTERN = /^hpa_[A-Za-z0-9_-]{43}$/;
const KEY_LENGTH = 47;

export type KeyCheck = { ok: true; key: string } | { ok: false; message: string };

export function checkApiKeyFormat(raw: unknown): KeyCheck {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, message: 'Paste your API key (it starts with hpa_).' };
  }
  // People paste "Bearer hpa_..." from a curl command, or a trailing newline: forgive both.
  const key = raw.trim().replace(/^Bearer\s+/i, '');
  if (KEY_PATTERN.test(key)) return { ok: true, key };
  if (!key.startsWith('hpa_')) {
    return { ok: false, message: 'That is not an hpa-lab API key: keys start with hpa_.' };
  }
  if (key.length !== KEY_LENGTH) {
    return {
      ok: false,
      message: `That key is ${key.length} characters long; API keys have ${KEY_LENGTH}. Was part of it cut off?`,
    };
  }
  return {
    ok: false,
    message: 'That key contains characters API keys never have (only letters, digits, - and _).',
  };
}

/**
 * An origin no request ever has: `next` is resolved against it the way the browser will resolve
 * the Location header against ours, so a result on this origin is a path of our own site.
 */
const OWN_ORIGIN = 'http://hpa-lab.invalid';

/**
 * A `next` target after sign-in: a path on this site only, never another origin. Decided by
 * parsing, not by patterns: the URL parser strips tabs and newlines, turns backslashes into
 * slashes and removes dot segments exactly as the browser will (`/\t/evil.example` and
 * `/.//evil.example` both mean `//evil.example`), and the result must keep our origin and not
 * begin with `//`, which a Location header would read as another host.
 */
export function safeReturnPath(raw: unknown): string {
  const fallback = '/runs';
  if (typeof raw !== 'string' || !raw.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(raw, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

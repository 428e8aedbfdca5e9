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

/** A `next` target after sign-in: a path on this site only, never another origin. */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return '/runs';
  if (raw.includes('\\') || /[\r\n]/.test(raw)) return '/runs';
  return raw;
}

// The member's API key lives in one httpOnly, SameSite=Strict cookie: browser JavaScript never
// sees it, and no cross-site request carries it.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { SESSION_COOKIE } from '../lib/session-cookie';
/** The cookie outlives a browser restart; the API still decides whether the key is valid. */
const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

export async function readSessionKey(): Promise<string | undefined> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  return value && value.length > 0 ? value : undefined;
}

/** Secure cookies over HTTPS; plain http on 127.0.0.1 (the default) cannot carry them. */
async function requestIsHttps(): Promise<boolean> {
  const list = await headers();
  const origin = list.get('origin') ?? '';
  return origin.startsWith('https://') || list.get('x-forwarded-proto') === 'https';
}

export async function writeSessionKey(key: string): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, key, {
    httpOnly: true,
    sameSite: 'strict',
    secure: await requestIsHttps(),
    path: '/',
    maxAge: SESSION_MAX_AGE_S,
  });
}

export async function clearSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

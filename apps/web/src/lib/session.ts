// The member's API key lives in one httpOnly, SameSite=Strict cookie: browser JavaScript never
// sees it, and no cross-site request carries it.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { serverEnv } from '@/env';
import { siteOrigin } from './same-origin';
import { SESSION_COOKIE } from './session-cookie';
/** The cookie outlives a browser restart; the API still decides whether the key is valid. */
const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

export async function readSessionKey(): Promise<string | undefined> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  return value && value.length > 0 ? value : undefined;
}

/**
 * Secure cookies when the site is served over https: that is, behind a proxy of ours
 * (HPA_WEB_TRUST_PROXY) that says X-Forwarded-Proto: https. Plain http on 127.0.0.1 (the
 * default) cannot carry a Secure cookie.
 */
async function requestIsHttps(): Promise<boolean> {
  return siteOrigin(await headers(), serverEnv().trustProxy).startsWith('https:');
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

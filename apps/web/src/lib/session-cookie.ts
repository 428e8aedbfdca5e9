/** Name of the httpOnly cookie holding the member's API key (read by session.ts and proxy.ts). */
export const SESSION_COOKIE = 'hpa_session';

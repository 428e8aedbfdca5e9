// One-time sign-in links: embedded mode prints one for the first admin at start, so a newcomer
// opens a URL instead of copying an API key by hand. The token works once, expires, and is
// stored only as its SHA-256; redeeming it creates a new API key for its member (the dashboard
// keeps that key in its httpOnly cookie).
import { createHash, randomBytes } from 'node:crypto';
import { generateApiKeySecret } from '../auth/api-keys.ts';
import type { PrismaClient } from '../db.ts';
import { ApiError } from '../lib/errors.ts';
import type { CreatedKey } from './members.ts';

const TOKEN_PREFIX = 'hst_';
/** Long enough to open the printed link, short enough that an old terminal log is harmless. */
export const SIGN_IN_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Keys made by a sign-in link last as long as the dashboard's session cookie. */
const KEY_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createSignInToken(
  db: PrismaClient,
  memberId: string,
  now = new Date(),
  ttlMs = SIGN_IN_TOKEN_TTL_MS,
): Promise<{ token: string; expiresAt: Date }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.signInToken.create({ data: { memberId, hash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

/** Exchanges a token for a new API key of its member; refused when unknown, used or expired. */
export async function redeemSignInToken(
  db: PrismaClient,
  token: string,
  now = new Date(),
): Promise<CreatedKey> {
  const stored = await db.signInToken.findUnique({ where: { hash: hashToken(token.trim()) } });
  if (!stored) throw new ApiError('UNAUTHENTICATED', 'Unknown sign-in link');
  if (stored.usedAt) {
    throw new ApiError(
      'UNAUTHENTICATED',
      `This sign-in link was already used at ${stored.usedAt.toISOString()}; links work once`,
    );
  }
  if (stored.expiresAt <= now) {
    throw new ApiError(
      'UNAUTHENTICATED',
      `This sign-in link expired at ${stored.expiresAt.toISOString()}`,
    );
  }
  const secret = generateApiKeySecret();
  return db.$transaction(async (tx) => {
    // Conditional update: of two requests racing with the same token, only one gets a key.
    const claimed = await tx.signInToken.updateMany({
      where: { id: stored.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) {
      throw new ApiError('UNAUTHENTICATED', 'This sign-in link was already used; links work once');
    }
    const apiKey = await tx.apiKey.create({
      data: {
        memberId: stored.memberId,
        name: `sign-in link ${now.toISOString().slice(0, 10)}`,
        prefix: secret.prefix,
        hash: secret.hash,
        expiresAt: new Date(now.getTime() + KEY_LIFETIME_MS),
      },
    });
    return { apiKey, secret: secret.secret };
  });
}

/** The admin a printed link signs in as: the first one created. */
export function firstAdmin(db: PrismaClient) {
  return db.member.findFirst({ where: { role: 'admin' }, orderBy: { createdAt: 'asc' } });
}

// API keys: a random secret shown once; only its SHA-256 is stored, so a database leak does not
// leak usable keys. SHA-256 (not bcrypt) is enough because the secret has 256 bits of entropy,
// and it keeps authentication to one indexed lookup per request.
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db.ts';
import { ApiError } from '../lib/errors.ts';
import type { Actor } from '../services/deps.ts';

const KEY_PREFIX = 'hpa_';
const LAST_USED_RESOLUTION_MS = 60_000;

export interface NewApiKeySecret {
  secret: string;
  prefix: string;
  hash: string;
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKeySecret(): NewApiKeySecret {
  const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { secret, prefix: secret.slice(0, 12), hash: hashApiKey(secret) };
}

/** Extracts the key from `Authorization: Bearer <key>`; names what is wrong otherwise. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new ApiError('UNAUTHENTICATED', 'Missing Authorization header (Bearer <API key>)');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError('UNAUTHENTICATED', 'Authorization header must be "Bearer <API key>"');
  }
  return match[1];
}

/** An authenticated key: its member, and what a live subscription opened with it watches. */
export interface AuthenticatedKey {
  actor: Actor;
  keyId: string;
  expiresAt: Date | null;
}

export async function authenticate(
  db: PrismaClient,
  authorizationHeader: string | undefined,
  now = new Date(),
): Promise<Actor> {
  return (await authenticateKey(db, authorizationHeader, now)).actor;
}

/** Why a stored key no longer authenticates, or null while it does. */
export function keyRefusal(
  key: { revokedAt: Date | null; expiresAt: Date | null } | null,
  now: Date,
): string | null {
  if (!key) return 'Unknown API key';
  if (key.revokedAt) return 'API key has been revoked';
  if (key.expiresAt && key.expiresAt <= now) {
    return `API key expired at ${key.expiresAt.toISOString()}`;
  }
  return null;
}

export async function authenticateKey(
  db: PrismaClient,
  authorizationHeader: string | undefined,
  now = new Date(),
): Promise<AuthenticatedKey> {
  const secret = bearerToken(authorizationHeader);
  const key = await db.apiKey.findUnique({
    where: { hash: hashApiKey(secret) },
    include: { member: { select: { id: true, role: true } } },
  });
  const refusal = keyRefusal(key, now);
  if (!key || refusal) throw new ApiError('UNAUTHENTICATED', refusal ?? 'Unknown API key');
  // Throttled so a trainer logging metrics many times a second does not write on every call.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return {
    actor: { memberId: key.member.id, role: key.member.role },
    keyId: key.id,
    expiresAt: key.expiresAt,
  };
}

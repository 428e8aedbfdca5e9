// Members, API keys and projects. Only admins manage members and projects; everyone may manage
// their own keys.
import { z } from 'zod';
import { generateApiKeySecret } from '../auth/api-keys.ts';
import { canManageKeysOf, requireRole } from '../auth/permissions.ts';
import type { ApiKey, Member, MemberRole, PrismaClient, Project } from '../db.ts';
import { ApiError, notFound, parseInput } from '../lib/errors.ts';
import { isUniqueViolation } from '../lib/prisma-errors.ts';
import type { Actor } from './deps.ts';
import { parseId } from './runs.ts';

const memberInput = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(['admin', 'member', 'viewer']).default('member'),
});

const keyInput = z.object({
  name: z.string().trim().min(1).max(100),
  expiresAt: z.date().nullish(),
});

const projectInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, at most 63'),
  name: z.string().trim().min(1).max(200),
});

export async function createMember(
  db: PrismaClient,
  actor: Actor,
  input: { email: string; name: string; role?: MemberRole | null },
): Promise<Member> {
  requireRole(actor, ['admin'], 'create members');
  const data = parseInput(memberInput, { ...input, role: input.role ?? undefined }, 'input');
  try {
    return await db.member.create({ data });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError('CONFLICT', `A member with e-mail ${data.email} already exists`, {
        field: 'input.email',
      });
    }
    throw error;
  }
}

export interface CreatedKey {
  apiKey: ApiKey;
  secret: string;
}

export async function createApiKey(
  db: PrismaClient,
  actor: Actor,
  input: { memberId?: string | null; name: string; expiresAt?: Date | null },
  now = new Date(),
): Promise<CreatedKey> {
  const memberId = input.memberId ? parseId(input.memberId, 'memberId') : actor.memberId;
  if (!canManageKeysOf(actor, memberId))
    requireRole(actor, ['admin'], 'create keys for other members');
  const data = parseInput(keyInput, { name: input.name, expiresAt: input.expiresAt }, '');
  if (data.expiresAt && data.expiresAt <= now) {
    throw new ApiError('BAD_USER_INPUT', 'expiresAt must be in the future', {
      field: 'expiresAt',
    });
  }
  const member = await db.member.findUnique({ where: { id: memberId }, select: { id: true } });
  if (!member) throw notFound('Member', memberId);
  const secret = generateApiKeySecret();
  const apiKey = await db.apiKey.create({
    data: {
      memberId,
      name: data.name,
      prefix: secret.prefix,
      hash: secret.hash,
      expiresAt: data.expiresAt ?? null,
    },
  });
  return { apiKey, secret: secret.secret };
}

export async function revokeApiKey(db: PrismaClient, actor: Actor, id: string): Promise<ApiKey> {
  const key = await db.apiKey.findUnique({ where: { id: parseId(id, 'id') } });
  if (!key) throw notFound('API key', id);
  if (!canManageKeysOf(actor, key.memberId)) requireRole(actor, ['admin'], "revoke others' keys");
  if (key.revokedAt) return key;
  return db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
}

export async function createProject(
  db: PrismaClient,
  actor: Actor,
  input: { slug: string; name: string },
): Promise<Project> {
  requireRole(actor, ['admin'], 'create projects');
  const data = parseInput(projectInput, input);
  try {
    return await db.project.create({ data });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError('CONFLICT', `Project ${data.slug} already exists`, { field: 'slug' });
    }
    throw error;
  }
}

export interface BootstrapResult {
  member: Member;
  project: Project;
  secret: string;
}

/**
 * Creates the first admin (and a default project) when no admin exists yet. Used by
 * `npm run create-admin` and by the first start of the embedded mode; returns null once an
 * admin exists so a restart never mints a second key silently.
 */
export async function bootstrapAdmin(
  db: PrismaClient,
  input: { email: string; name: string; projectSlug?: string; force?: boolean },
): Promise<BootstrapResult | null> {
  const existing = await db.member.findFirst({ where: { role: 'admin' } });
  if (existing && !input.force) return null;
  const data = parseInput(memberInput.omit({ role: true }), {
    email: input.email,
    name: input.name,
  });
  const secret = generateApiKeySecret();
  return db.$transaction(async (tx) => {
    const member = await tx.member.upsert({
      where: { email: data.email },
      create: { ...data, role: 'admin' },
      update: { role: 'admin' },
    });
    await tx.apiKey.create({
      data: { memberId: member.id, name: 'bootstrap', prefix: secret.prefix, hash: secret.hash },
    });
    const slug = input.projectSlug ?? 'hpa';
    const project = await tx.project.upsert({
      where: { slug },
      create: { slug, name: 'Human Protein Atlas' },
      update: {},
    });
    return { member, project, secret: secret.secret };
  });
}

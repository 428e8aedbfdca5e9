// Artifact metadata and streaming. Bytes go straight from the HTTP request to the store (never
// buffered whole, never base64 in GraphQL); the row is written only after the content is stored
// and its SHA-256 matches what the client announced.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Artifact, ArtifactKind, PrismaClient } from '../db.ts';
import { ApiError, notFound, parseInput } from '../lib/errors.ts';
import { isUniqueViolation } from '../lib/prisma-errors.ts';
import {
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
  type Connection,
  type PageArgs,
} from './connection.ts';
import type { Actor, ServiceDeps } from './deps.ts';
import { findRunForWrite, lockWritableRun, parseId, requireWritableRun } from './runs.ts';

/** Plain file names only: no separators, no leading dot, so `../../etc/passwd` cannot pass. */
export const ARTIFACT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

const uploadSchema = z.object({
  name: z
    .string()
    .regex(
      ARTIFACT_NAME_PATTERN,
      'must be a plain file name (letters, digits, . _ -, no path separators, at most 200)',
    )
    .refine((name) => !name.includes('..'), 'must not contain ".."'),
  kind: z.enum(['model', 'checkpoint', 'predictions', 'submission', 'log'], {
    error: 'must be one of model, checkpoint, predictions, submission, log',
  }),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be the hex SHA-256 of the content (X-Content-SHA256 header)')
    .transform((hash) => hash.toLowerCase()),
  contentLength: z.number().int().min(0).nullish(),
});

export interface UploadInput {
  runId: string;
  name: string;
  kind: string | null;
  sha256: string | null;
  contentLength: number | null;
  body: Readable;
}

export interface UploadResult {
  artifact: Artifact;
  /** false when the same content was already stored under this name (a retried upload). */
  created: boolean;
}

export async function uploadArtifact(
  deps: Pick<ServiceDeps, 'db' | 'store' | 'logger'>,
  actor: Actor,
  input: UploadInput,
  maxBytes: number,
): Promise<UploadResult> {
  const data = parseInput(uploadSchema, input);
  if (data.contentLength != null && data.contentLength > maxBytes) {
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `Artifact of ${data.contentLength} bytes exceeds the limit of ${maxBytes} bytes`,
      { maxBytes },
    );
  }
  const run = await findRunForWrite(deps.db, actor, input.runId);
  const existing = await deps.db.artifact.findUnique({
    where: { runId_name: { runId: run.id, name: data.name } },
  });
  if (existing) {
    // A retried upload of the same content changes nothing, even after the run finished.
    if (existing.sha256 === data.sha256) return { artifact: existing, created: false };
    throw new ApiError(
      'CONFLICT',
      `Run ${run.id} already has an artifact named ${data.name} with different content`,
      { field: 'name' },
    );
  }
  // A submission made later from a succeeded run's model (`hpa-train predict --upload`) changes
  // none of the run's numbers, so it is the one kind a finished run still takes.
  const lateSubmission = data.kind === 'submission' && run.status === 'succeeded';
  if (!lateSubmission) requireWritableRun(run, 'artifacts');
  const id = randomUUID();
  const storageKey = `runs/${run.id}/${id}`;
  const stored = await deps.store.put(storageKey, input.body, { maxBytes });
  if (stored.sha256 !== data.sha256) {
    await deps.store.delete(storageKey);
    throw new ApiError(
      'CHECKSUM_MISMATCH',
      `SHA-256 mismatch: header says ${data.sha256}, received content hashes to ${stored.sha256}`,
      { expected: data.sha256, actual: stored.sha256 },
    );
  }
  try {
    // The run may have finished while the bytes streamed in: re-checked under a share lock.
    const artifact = await deps.db.$transaction(async (tx) => {
      // A succeeded run stays succeeded: only the others can finish while the bytes stream.
      if (!lateSubmission) await lockWritableRun(tx, run.id, 'artifacts');
      return tx.artifact.create({
        data: {
          id,
          runId: run.id,
          kind: data.kind as ArtifactKind,
          name: data.name,
          bytes: BigInt(stored.bytes),
          sha256: stored.sha256,
          storageKey,
        },
      });
    });
    deps.logger.info({ runId: run.id, artifactId: id, bytes: stored.bytes }, 'artifact stored');
    return { artifact, created: true };
  } catch (error) {
    await deps.store.delete(storageKey);
    if (isUniqueViolation(error)) {
      throw new ApiError('CONFLICT', `Run ${run.id} already has an artifact named ${data.name}`);
    }
    throw error;
  }
}

export async function openArtifact(
  deps: Pick<ServiceDeps, 'db' | 'store'>,
  id: string,
): Promise<{ artifact: Artifact; content: Readable }> {
  const artifact = await deps.db.artifact.findUnique({ where: { id: parseId(id, 'id') } });
  if (!artifact) throw notFound('Artifact', id);
  return { artifact, content: await deps.store.get(artifact.storageKey) };
}

/** The name is unique within a run, so (createdAt, name) orders the pages without ties. */
const artifactCursor = z.object({ createdAt: z.iso.datetime(), name: z.string() });

/** A run's artifacts, oldest first, one page at a time. */
export async function listArtifacts(
  db: PrismaClient,
  runId: string,
  args: PageArgs = {},
): Promise<Connection<Artifact>> {
  const size = pageSize(args.first);
  const where = { runId: parseId(runId, 'runId') };
  const after = args.after ? decodeCursor(args.after, artifactCursor, 'artifacts') : undefined;
  const at = after ? new Date(after.createdAt) : undefined;
  const rows = await db.artifact.findMany({
    where:
      after && at
        ? {
            ...where,
            OR: [{ createdAt: { gt: at } }, { createdAt: at, name: { gt: after.name } }],
          }
        : where,
    orderBy: [{ createdAt: 'asc' }, { name: 'asc' }],
    take: size + 1,
  });
  return toConnection(
    rows,
    size,
    args.after,
    (row) => encodeCursor({ createdAt: row.createdAt.toISOString(), name: row.name }),
    () => db.artifact.count({ where }),
  );
}

export const artifactDownloadPath = (artifactId: string) => `/artifacts/${artifactId}`;

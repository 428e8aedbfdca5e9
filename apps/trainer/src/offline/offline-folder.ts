// A run trained with no API reachable lives in one folder, written as the run goes so that an
// interrupted trainer leaves everything it had logged:
//   run.json           what createRun would have received, plus the client's id (the
//                      idempotency key `hpa-train sync` sends, so syncing twice makes one run)
//   status.json        status, error, backend, device, data fingerprint, split seed, times, pid
//   metrics.jsonl      one logMetrics point per line (a later line for the same key and step
//                      wins, as on the API)
//   evaluations.jsonl  one logEvaluation input per line
//   artifacts.jsonl    one uploaded file per line (name, kind, sha256, bytes); bytes in artifacts/
//   synced.json        written by `hpa-train sync`: the API run it became
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ArtifactKind, LogEvaluationInput, MetricPointInput } from '../api-client/index.ts';
import { UsageError } from '../cli/train-args.ts';

export const OFFLINE_FORMAT = 'hpa-lab-offline-run/1';

const runSchema = z.object({
  format: z.literal(OFFLINE_FORMAT),
  clientId: z.string(),
  project: z.string().nullable(),
  name: z.string(),
  approach: z.string().nullable(),
  tags: z.array(z.string()),
  config: z.unknown(),
  datasetFingerprint: z.string().nullable(),
  splitSeed: z.number().nullable(),
  gitCommit: z.string().nullable(),
  createdAt: z.string(),
});
export type OfflineRun = z.infer<typeof runSchema>;

const statusSchema = z.object({
  status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']),
  errorMessage: z.string().nullable(),
  backend: z.string().nullable(),
  device: z.string().nullable(),
  datasetFingerprint: z.string().nullable(),
  splitSeed: z.number().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The trainer process, so `sync` can tell a run still training from an abandoned one. */
  pid: z.number(),
});
export type OfflineStatus = z.infer<typeof statusSchema>;

export interface OfflineArtifact {
  name: string;
  kind: ArtifactKind;
  sha256: string;
  bytes: number;
}

export interface SyncedMarker {
  runId: string;
  apiUrl: string;
  syncedAt: string;
}

const FILES = {
  run: 'run.json',
  status: 'status.json',
  metrics: 'metrics.jsonl',
  evaluations: 'evaluations.jsonl',
  artifacts: 'artifacts.jsonl',
  synced: 'synced.json',
} as const;

export const artifactsDir = (dir: string) => join(dir, 'artifacts');

/** JSON written whole or not at all (a rename), so a killed trainer never leaves half a file. */
function writeJson(file: string, value: unknown): void {
  const staging = `${file}.tmp-${process.pid}`;
  writeFileSync(staging, JSON.stringify(value, null, 2) + '\n');
  renameSync(staging, file);
}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const path = join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${path}: ${(error as Error).message.split('\n')[0]}; give sync a folder that ` +
        '`hpa-train run` wrote while offline',
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}; the folder was ` +
        'not written by this version of hpa-train, or was edited',
    );
  }
  return parsed.data;
}

/** Lines of a JSONL file; a last line cut short by a killed trainer is dropped. */
function readLines<T>(dir: string, file: string): T[] {
  const path = join(dir, file);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const rows: T[] = [];
  lines.forEach((line, i) => {
    try {
      rows.push(JSON.parse(line) as T);
    } catch (error) {
      if (i < lines.length - 1)
        throw new UsageError(`${path}:${i + 1}: ${(error as Error).message}`);
    }
  });
  return rows;
}

const appendLine = (dir: string, file: string, value: unknown) =>
  appendFileSync(join(dir, file), JSON.stringify(value) + '\n');

export const offlineFolder = {
  writeRun: (dir: string, run: OfflineRun) => writeJson(join(dir, FILES.run), run),
  readRun: (dir: string) => readJson(dir, FILES.run, runSchema),
  writeStatus: (dir: string, status: OfflineStatus) => writeJson(join(dir, FILES.status), status),
  readStatus: (dir: string) => readJson(dir, FILES.status, statusSchema),
  appendMetrics: (dir: string, points: readonly MetricPointInput[]) =>
    appendFileSync(join(dir, FILES.metrics), points.map((p) => JSON.stringify(p) + '\n').join('')),
  readMetrics: (dir: string) => readLines<MetricPointInput>(dir, FILES.metrics),
  appendEvaluation: (dir: string, input: LogEvaluationInput) =>
    appendLine(dir, FILES.evaluations, input),
  readEvaluations: (dir: string) => readLines<LogEvaluationInput>(dir, FILES.evaluations),
  appendArtifact: (dir: string, artifact: OfflineArtifact) =>
    appendLine(dir, FILES.artifacts, artifact),
  readArtifacts: (dir: string) => readLines<OfflineArtifact>(dir, FILES.artifacts),
  writeSynced: (dir: string, marker: SyncedMarker) => writeJson(join(dir, FILES.synced), marker),
  readSynced: (dir: string): SyncedMarker | null =>
    existsSync(join(dir, FILES.synced))
      ? (JSON.parse(readFileSync(join(dir, FILES.synced), 'utf8')) as SyncedMarker)
      : null,
  /** A run.json of an offline run (a folder may hold a run.json that is a training config). */
  isOfflineRun: (dir: string) => {
    try {
      const raw = JSON.parse(readFileSync(join(dir, FILES.run), 'utf8')) as { format?: unknown };
      return raw.format === OFFLINE_FORMAT;
    } catch {
      return false;
    }
  },
};

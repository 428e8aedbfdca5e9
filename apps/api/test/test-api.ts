// Test harness: a real API on port 0 over a fresh PostgreSQL database (one per test file), a
// temporary artifact directory and a real queue, driven through HTTP with fetch.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TrainJobProcessor } from '@hpa-lab/contracts';
import { openDatabase, postgresNotifications, type NotificationSource } from '@hpa-lab/db';
import { createTestDatabase, type TestDatabase } from '@hpa-lab/db/testing';
import { pino } from 'pino';
import { startApi, type RunningApi } from '../src/app.ts';
import type { QueryLimits } from '../src/graphql/limits.ts';
import { DEFAULT_ADMISSION_LIMITS, type AdmissionLimits } from '../src/graphql/member-admission.ts';
import { createBullmqLaunchQueue } from '../src/queue/bullmq-launch-queue.ts';
import { createInProcessLaunchQueue } from '../src/queue/in-process-launch-queue.ts';
import type { LaunchQueue } from '../src/queue/launch-queue.ts';
import { jobApiKeyPreparer } from '../src/services/job-keys.ts';
import { markRunFailedOnJobError } from '../src/services/launch.ts';
import { bootstrapAdmin } from '../src/services/members.ts';
import { createSignInToken } from '../src/services/sign-in-tokens.ts';
import type { ArtifactStore } from '../src/store/artifact-store.ts';
import { createLocalArtifactStore } from '../src/store/local-artifact-store.ts';
import type { LogEvaluationInput, MemberRole, PerClassInput } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

export type { MemberRole };

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** For tests that run the API as a child process on their own database. */
export { bootstrapAdmin } from '../src/services/members.ts';

export {
  apiChildEnv,
  freePort,
  graphqlAt,
  startApiProcess,
  startRedisServer,
  spawnTypeScript,
  type ApiProcess,
  type RedisProcess,
  type TypedDocument,
} from './child-processes.ts';
import type { TypedDocument } from './child-processes.ts';

export interface GraphQLResponse<T> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; extensions?: { code?: string; [key: string]: unknown } }[] | undefined;
}

export interface TestApi {
  url: string;
  database: TestDatabase;
  artifactDir: string;
  queue: LaunchQueue;
  queuePrefix: string;
  adminKey: string;
  adminId: string;
  projectId: string;
  /**
   * Sends a typed document (`graphql(...)` from ./generated, checked against the schema by
   * codegen and typed by tsc) or, for queries that must stay free text (malformed, generated,
   * introspection), a string whose result is not typed.
   */
  gql: GraphqlRequest;
  /** A one-time sign-in token for the admin (what embedded mode prints as a link). */
  signInToken(ttlMs?: number): Promise<string>;
  /** Creates a member with the given role and returns its id and API key. */
  member(role: MemberRole): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

export interface GraphqlRequest {
  <TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    key?: string | null,
  ): Promise<GraphQLResponse<TResult>>;
  /** Free text only: the caller states the result type, which nothing checks. */
  <TResult = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<GraphQLResponse<TResult>>;
}

export interface TestApiOptions {
  queue?: 'in-process' | 'bullmq';
  /** The Redis of the BullMQ queue; the shared one by default. */
  redisUrl?: string;
  processor?: TrainJobProcessor;
  maxArtifactBytes?: number;
  production?: boolean;
  limits?: QueryLimits;
  /**
   * The bound per member: the server's defaults except a budget large enough for a test file's
   * many costly queries under one key (test/member-bound.test.ts tests the budget).
   */
  admission?: AdmissionLimits;
  /** Connections of the heavy reads' pool (3, as the server's default). */
  heavyPoolSize?: number;
  /** Where artifact bytes go; a local store in `artifactDir` by default. */
  store?: ArtifactStore;
  /** HPA_LAB_HOME: the `datasets` query lists the caches under `<home>/cache`. */
  home?: string;
  /** Where live events are LISTENed for; this database's PostgreSQL by default. */
  notifications?: (databaseUrl: string) => NotificationSource;
  /** The most points a live subscriber may have waiting (the server's default otherwise). */
  maxLiveBacklog?: number;
  /** Called with each statement the API's main pool sends (a client of its own is opened). */
  onQuery?: (query: string) => void;
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const counted = options.onQuery
    ? await openDatabase({
        databaseUrl: database.url,
        home: os.tmpdir(),
        migrate: false,
        poolSize: 4,
        onQuery: options.onQuery,
      })
    : undefined;
  const db = counted?.prisma ?? database.prisma;
  const heavy = await openDatabase({
    databaseUrl: database.url,
    home: os.tmpdir(),
    migrate: false,
    poolSize: options.heavyPoolSize ?? 3,
    statementTimeoutMs: 5000,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const artifactDir = await mkdtemp(path.join(os.tmpdir(), 'hpa-api-artifacts-'));
  const queuePrefix = `hpa-test-${randomUUID()}`;
  let apiUrl = '';
  const queue =
    options.queue === 'bullmq'
      ? createBullmqLaunchQueue({ redisUrl: options.redisUrl ?? REDIS_URL, prefix: queuePrefix })
      : createInProcessLaunchQueue({
          logger,
          ...(options.processor ? { processor: options.processor } : {}),
          prepareJob: jobApiKeyPreparer(db, () => apiUrl),
          onJobFailed: markRunFailedOnJobError(db),
        });
  const api: RunningApi = await startApi(
    {
      db,
      heavyDb: heavy.prisma,
      queue,
      store: options.store ?? createLocalArtifactStore(artifactDir),
      logger,
      ...(options.home ? { home: options.home } : {}),
      production: options.production ?? false,
      maxArtifactBytes: options.maxArtifactBytes ?? 1024 * 1024,
      ...(options.limits ? { limits: options.limits } : {}),
      admission: options.admission ?? { ...DEFAULT_ADMISSION_LIMITS, costPerWindow: 1e9 },
      notifications: (options.notifications ?? postgresNotifications)(database.url),
      ...(options.maxLiveBacklog ? { maxLiveBacklog: options.maxLiveBacklog } : {}),
    },
    0,
  );
  apiUrl = api.url;
  const admin = await bootstrapAdmin(db, { email: 'admin@test.local', name: 'Admin' });
  if (!admin) throw new Error('test database already had an admin');

  const gql: GraphqlRequest = async (
    document: TypedDocument<unknown, unknown> | string,
    variables?: unknown,
    key: string | null = admin.secret,
  ) => {
    const query = document.toString();
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: unknown;
      errors?: GraphQLResponse<never>['errors'];
    };
    return { status: response.status, data: body.data as never, errors: body.errors };
  };

  let memberCount = 0;
  return {
    url: api.url,
    database,
    artifactDir,
    queue,
    queuePrefix,
    adminKey: admin.secret,
    adminId: admin.member.id,
    projectId: admin.project.id,
    gql,
    async signInToken(ttlMs) {
      return (await createSignInToken(db, admin.member.id, new Date(), ttlMs)).token;
    },
    async member(role) {
      memberCount += 1;
      const created = await gql(
        graphql(`
          mutation testCreateMember($input: CreateMemberInput!) {
            createMember(input: $input) {
              id
            }
          }
        `),
        {
          input: {
            email: `${role.toLowerCase()}${memberCount}@test.local`,
            name: `${role.toLowerCase()} ${memberCount}`,
            role,
          },
        },
      );
      const id = created.data!.createMember.id;
      const key = await gql(
        graphql(`
          mutation testCreateApiKey($id: ID!) {
            createApiKey(memberId: $id, name: "test") {
              secret
            }
          }
        `),
        { id },
      );
      return { id, key: key.data!.createApiKey.secret };
    },
    async close() {
      await api.close();
      if (options.queue === 'bullmq') {
        const bull = queue as ReturnType<typeof createBullmqLaunchQueue>;
        await bull.queue.obliterate({ force: true });
      }
      await queue.close();
      await heavy.close();
      await counted?.close();
      await database.drop();
      await rm(artifactDir, { recursive: true, force: true });
    },
  };
}

/** A minimal valid TrainConfig input (packages/ml fills in the defaults). */
export function trainConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: { name: 'small-cnn', filters: 8, blocks: 3 },
    inputSize: 64,
    dataset: { cachePath: '/data/cache.bin', fingerprint: 'fp-test', splitSeed: 7 },
    ...overrides,
  };
}

/** 28 copies of `value`: one per HPA class. */
export function perClassFill(value: number): number[] {
  return new Array<number>(28).fill(value);
}

/**
 * A valid validation evaluation of `runId` at `step` with every class at `macroF1` and neutral
 * counts; a test overrides the per-class arrays (or the rest) that it is about.
 */
export function evaluationInput(
  runId: string,
  macroF1: number,
  overrides: Partial<Omit<LogEvaluationInput, 'perClass'>> & {
    perClass?: Partial<PerClassInput>;
  } = {},
): LogEvaluationInput {
  const { perClass, ...rest } = overrides;
  return {
    runId,
    step: 10,
    split: 'val',
    macroF1,
    perClass: {
      f1: perClassFill(macroF1),
      precision: perClassFill(0.5),
      recall: perClassFill(0.5),
      support: perClassFill(1),
      threshold: perClassFill(0.3),
      tp: perClassFill(1),
      fp: perClassFill(0),
      fn: perClassFill(0),
      tn: perClassFill(5),
      ...perClass,
    },
    cooccurrence: Array.from({ length: 28 }, () => perClassFill(0)),
    ...rest,
  };
}

/** Expects exactly one GraphQL error with this code; returns its message. */
export function errorCode(response: GraphQLResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

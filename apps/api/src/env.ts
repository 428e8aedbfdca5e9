// The only reader of process.env in apps/api: every setting is validated here, once, with zod,
// and handed to the rest of the app as plain arguments.
import os from 'node:os';
import path from 'node:path';
import { LOG_FORMATS, type LogFormat } from '@hpa-lab/logging';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` or `pretty`; unset: pretty at a terminal, JSON lines otherwise (@hpa-lab/logging). */
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  /** PostgreSQL URL; without it the API runs on embedded PGlite under HPA_LAB_HOME. */
  DATABASE_URL: optionalString,
  HPA_LAB_HOME: z.string().default(path.join(os.homedir(), '.hpa-lab')),
  /** The dashboard's address, for the sign-in link embedded mode prints (apps/web listens there). */
  HPA_WEB_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** Redis URL for the BullMQ launch queue; without it an in-process queue is used. */
  REDIS_URL: optionalString,
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default('hpa-lab'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  ARTIFACT_DIR: optionalString,
  MAX_ARTIFACT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 ** 3),
  HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().positive().default(30),
  RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(0).default(60),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Connections of the main pool (trainers' writes, dashboard pages, /healthz). */
  DB_POOL_SIZE: z.coerce.number().int().min(2).default(10),
  /** Connections of the separate pool heavy reads run on (graphql/member-admission.ts). */
  HEAVY_POOL_SIZE: z.coerce.number().int().min(1).default(3),
  /** Heavy queries (cost >= 5,000) one member may have in flight at once. */
  MEMBER_HEAVY_REQUESTS: z.coerce.number().int().min(1).default(2),
  /** Query cost units one member may spend per minute (refilled evenly). */
  MEMBER_COST_PER_MINUTE: z.coerce.number().int().min(25_000).default(300_000),
  S3_ENDPOINT: optionalString,
  S3_BUCKET: optionalString,
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
});

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ApiEnv {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  logFormat: LogFormat | undefined;
  databaseUrl: string | undefined;
  home: string;
  /** Without a trailing slash. */
  webUrl: string;
  redisUrl: string | undefined;
  queuePrefix: string;
  host: string;
  port: number;
  artifactDir: string;
  maxArtifactBytes: number;
  heartbeatTimeoutMs: number;
  sweepIntervalMs: number;
  statementTimeoutMs: number;
  dbPoolSize: number;
  heavyPoolSize: number;
  memberHeavyRequests: number;
  memberCostPerMinute: number;
  reconcileGraceMs: number;
  s3: S3Settings | undefined;
}

/** Parses an environment (process.env by default) and names every invalid variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid environment for apps/api:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  const s3Values = [env.S3_ENDPOINT, env.S3_BUCKET, env.S3_ACCESS_KEY_ID, env.S3_SECRET_ACCESS_KEY];
  const s3Count = s3Values.filter((value) => value !== undefined).length;
  if (s3Count > 0 && s3Count < s3Values.length) {
    throw new Error(
      'Invalid environment for apps/api: S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and ' +
        'S3_SECRET_ACCESS_KEY must be set together',
    );
  }
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    databaseUrl: env.DATABASE_URL,
    home: env.HPA_LAB_HOME,
    webUrl: env.HPA_WEB_URL.replace(/\/+$/, ''),
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    host: env.HOST,
    port: env.PORT,
    artifactDir: env.ARTIFACT_DIR ?? path.join(env.HPA_LAB_HOME, 'artifacts'),
    maxArtifactBytes: env.MAX_ARTIFACT_BYTES,
    heartbeatTimeoutMs: env.HEARTBEAT_TIMEOUT_SECONDS * 1000,
    sweepIntervalMs: env.SWEEP_INTERVAL_SECONDS * 1000,
    statementTimeoutMs: env.STATEMENT_TIMEOUT_MS,
    dbPoolSize: env.DB_POOL_SIZE,
    heavyPoolSize: env.HEAVY_POOL_SIZE,
    memberHeavyRequests: env.MEMBER_HEAVY_REQUESTS,
    memberCostPerMinute: env.MEMBER_COST_PER_MINUTE,
    reconcileGraceMs: env.RECONCILE_GRACE_SECONDS * 1000,
    s3:
      s3Count === s3Values.length
        ? {
            endpoint: env.S3_ENDPOINT!,
            bucket: env.S3_BUCKET!,
            region: env.S3_REGION,
            accessKeyId: env.S3_ACCESS_KEY_ID!,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
          }
        : undefined,
  };
}

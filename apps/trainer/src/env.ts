// The only reader of process.env in apps/trainer: every setting is validated here, once, with
// zod, and handed to the rest of the app as plain arguments.
import os from 'node:os';
import path from 'node:path';
import { LOG_FORMATS, type LogFormat } from '@hpa-lab/logging';
import { BACKEND_NAMES, type BackendChoice } from '@hpa-lab/ml/config';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const envSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` or `pretty`; unset: pretty at a terminal, JSON lines otherwise (@hpa-lab/logging). */
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  /** Origin of the API (GraphQL at /graphql, artifacts at /artifacts). */
  HPA_API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000'),
  /** The trainer's API key (a member or admin key); sent as `Authorization: Bearer`. */
  HPA_API_KEY: optionalString,
  /** Redis URL of the BullMQ launch queue; without it the API trains in-process. */
  REDIS_URL: optionalString,
  /** Must equal the API's QUEUE_PREFIX so both sides use the same Redis keys. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default('hpa-lab'),
  HPA_LAB_HOME: z.string().default(path.join(os.homedir(), '.hpa-lab')),
  /** Forces one tfjs backend for every run (overrides the config's `backend`). */
  HPA_TRAINER_BACKEND: z.enum(BACKEND_NAMES).optional(),
  /** Jobs trained at once by one worker: one per accelerator. */
  HPA_TRAINER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Must stay well under the API's HEARTBEAT_TIMEOUT_SECONDS (default 300) / 3. */
  HPA_HEARTBEAT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** How long an API call is retried through an outage before the run gives up. */
  HPA_API_RETRY_SECONDS: z.coerce.number().positive().max(86_400).default(120),
  /** Set by npm to the directory `npm run` was typed in (scripts run in the workspace). */
  INIT_CWD: optionalString,
});

export interface TrainerEnv {
  logLevel: string;
  logFormat: LogFormat | undefined;
  apiUrl: string;
  apiKey: string | undefined;
  redisUrl: string | undefined;
  queuePrefix: string;
  home: string;
  backend: BackendChoice | undefined;
  concurrency: number;
  heartbeatIntervalMs: number;
  apiRetryBudgetMs: number;
  /** Where relative paths given on the command line are resolved. */
  invocationDir: string;
}

/** Parses an environment (process.env by default) and names every invalid variable. */
export function loadTrainerEnv(source: NodeJS.ProcessEnv = process.env): TrainerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid environment for apps/trainer:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    apiUrl: env.HPA_API_URL.replace(/\/+$/, ''),
    apiKey: env.HPA_API_KEY,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    home: path.resolve(env.HPA_LAB_HOME),
    backend: env.HPA_TRAINER_BACKEND,
    concurrency: env.HPA_TRAINER_CONCURRENCY,
    heartbeatIntervalMs: Math.round(env.HPA_HEARTBEAT_SECONDS * 1000),
    apiRetryBudgetMs: Math.round(env.HPA_API_RETRY_SECONDS * 1000),
    invocationDir: env.INIT_CWD ?? process.cwd(),
  };
}

/** The API key is optional in the environment (the start script idles without it) but every
 * command that talks to the API needs one. */
export function requireApiKey(env: TrainerEnv): string {
  if (!env.apiKey) {
    throw new Error(
      'Invalid environment for apps/trainer: HPA_API_KEY is required (create one with ' +
        '`npm run create-admin -w @hpa-lab/api` or the createApiKey mutation)',
    );
  }
  return env.apiKey;
}

// The only reader of process.env in apps/web. Server variables (the API's address, where the
// dashboard listens) never reach the browser: Next inlines only NEXT_PUBLIC_* into client
// bundles, and this app has none, so `clientEnv` is deliberately empty of secrets.
import { z } from 'zod';

const serverSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Base URL of apps/api (the same variable the trainer reads). */
  HPA_API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000'),
  /** Where the dashboard listens. Not PORT/HOST: `npm start` gives every app one environment. */
  HPA_WEB_HOST: z.string().min(1).default('127.0.0.1'),
  HPA_WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

export interface ServerEnv {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  /** Without a trailing slash, e.g. `http://127.0.0.1:4000`. */
  apiUrl: string;
  host: string;
  port: number;
}

/** Parses an environment (process.env by default) and names every invalid variable. */
export function loadServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = serverSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid environment for apps/web:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    apiUrl: env.HPA_API_URL.replace(/\/+$/, ''),
    host: env.HPA_WEB_HOST,
    port: env.HPA_WEB_PORT,
  };
}

let cached: ServerEnv | undefined;

/** The server environment, parsed once per process (at the first request, not at build time). */
export function serverEnv(): ServerEnv {
  cached ??= loadServerEnv();
  return cached;
}

/** Variables a client component may read: none yet (no secret ever goes here). */
export const clientEnv = {} as const;

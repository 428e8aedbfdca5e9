// The only reader of process.env in apps/web. Server variables (the API's address, where the
// dashboard listens) never reach the browser: Next inlines only NEXT_PUBLIC_* into client
// bundles, and this app defines none.
import { LOG_FORMATS, type LogFormat } from '@hpa-lab/logging/formats';
import { z } from 'zod';

const serverSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` or `pretty`; unset: pretty at a terminal, JSON lines otherwise (@hpa-lab/logging). */
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  /** Base URL of apps/api (the same variable the trainer reads). */
  HPA_API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000'),
  /** Where the dashboard listens. Not PORT/HOST: `npm start` gives every app one environment. */
  HPA_WEB_HOST: z.string().min(1).default('127.0.0.1'),
  HPA_WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * `true` only when the dashboard is reached through a reverse proxy that sets (overwriting
   * whatever the client sent) X-Forwarded-Host and X-Forwarded-Proto: then those headers say
   * the site's origin (same-origin checks, a Secure cookie and HSTS over https). Otherwise they
   * are ignored, since anyone can send them.
   */
  HPA_WEB_TRUST_PROXY: z.stringbool().default(false),
});

export interface ServerEnv {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  logFormat: LogFormat | undefined;
  /** Without a trailing slash, e.g. `http://127.0.0.1:4000`. */
  apiUrl: string;
  host: string;
  port: number;
  /** Whether X-Forwarded-Host/-Proto come from a proxy of ours (HPA_WEB_TRUST_PROXY). */
  trustProxy: boolean;
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
    logFormat: env.LOG_FORMAT,
    apiUrl: env.HPA_API_URL.replace(/\/+$/, ''),
    host: env.HPA_WEB_HOST,
    port: env.HPA_WEB_PORT,
    trustProxy: env.HPA_WEB_TRUST_PROXY,
  };
}

let cached: ServerEnv | undefined;

/** The server environment, parsed once per process (at the first request, not at build time). */
export function serverEnv(): ServerEnv {
  cached ??= loadServerEnv();
  return cached;
}

// The platform's own settings (the API and the trainer read theirs in their env.ts): whether it
// seeds the demo, and where the root `npm start` wants to hear that the API is up.
import { LOG_FORMATS, type LogFormat } from '@hpa-lab/logging';
import { z } from 'zod';

const envSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` or `pretty`; unset: pretty at a terminal, JSON lines otherwise (@hpa-lab/logging). */
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  /**
   * `1`/`true` seeds the demo runs (src/demo.ts). The root `npm start` sets it unless
   * `--no-demo` or HPA_NO_DEMO=1; a platform started otherwise (tests, team deployments) has none.
   */
  HPA_DEMO: z.stringbool().default(false),
  /**
   * A URL the demo waits to answer before it launches anything. The root `npm start` sets the
   * dashboard's when it starts the dashboard: a first start builds it (`next build`), and demo
   * training beside the build took the cores the build needed (on 2 cores the dashboard came up
   * in 68 s instead of 35 s). The demo then trains after the build instead of during it.
   */
  HPA_DEMO_WAIT_FOR: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value : undefined))
    .pipe(z.url().optional()),
  /** Set by scripts/start.mjs: a file the platform writes once it listens (sign-in link etc.). */
  HPA_LAB_READY_FILE: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value : undefined)),
});

export interface PlatformEnv {
  logLevel: string;
  logFormat: LogFormat | undefined;
  demo: boolean;
  /** See HPA_DEMO_WAIT_FOR. */
  demoWaitFor: string | undefined;
  readyFile: string | undefined;
}

export function loadPlatformEnv(source: NodeJS.ProcessEnv = process.env): PlatformEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid environment for apps/platform:\n  ${problems.join('\n  ')}`);
  }
  return {
    logLevel: parsed.data.LOG_LEVEL,
    logFormat: parsed.data.LOG_FORMAT,
    demo: parsed.data.HPA_DEMO,
    demoWaitFor: parsed.data.HPA_DEMO_WAIT_FOR,
    readyFile: parsed.data.HPA_LAB_READY_FILE,
  };
}

import { z } from 'zod';
import { defaultHpaLabHome } from '../embedded/embedded-database.ts';

// The db CLIs are entry points like an app, so they (and only they, in this package) read
// process.env.
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  HPA_LAB_HOME: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || defaultHpaLabHome()),
});

export type CliEnv = z.infer<typeof EnvSchema>;

export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  return EnvSchema.parse(env);
}

// pino for the Next server (the only logger of apps/web); browser code does not log.
import 'server-only';
import { createLogger } from '@hpa-lab/logging';
import { serverEnv } from '@/env';

const env = serverEnv();
export const logger = createLogger({
  level: env.logLevel,
  format: env.logFormat,
  name: 'hpa-lab-web',
});

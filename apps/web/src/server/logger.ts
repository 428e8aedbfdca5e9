// pino for the Next server (the only logger of apps/web); browser code does not log.
import 'server-only';
import { pino } from 'pino';
import { serverEnv } from '../env';

export const logger = pino({ level: serverEnv().logLevel, name: 'hpa-lab-web' });

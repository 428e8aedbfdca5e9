// Run by create-logger.test.ts as its own process, so stdout is a real pipe or terminal: logs
// two lines the way an app does, its format taken from LOG_FORMAT as an env.ts would.
import { createLogger, LOG_FORMATS, type LogFormat } from '../src/index.ts';

const raw = process.env.LOG_FORMAT;
const format = LOG_FORMATS.find((f) => f === raw) as LogFormat | undefined;
const logger = createLogger({ name: 'hpa-lab-test', level: 'info', format });
logger.info({ epoch: 3 }, 'training');
logger.warn('slow batch');

export { createLogger, type LoggerOptions } from './create-logger.ts';
export { LOG_FORMATS, type LogFormat, resolveLogFormat, useColour } from './log-format.ts';

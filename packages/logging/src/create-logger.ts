// The one logger factory of every hpa-lab process (the API, the trainer worker and CLI, the
// training child, the dashboard's server). pino-pretty runs as a stream in the same thread, not
// as a transport: no worker thread to start, bundle or lose lines with on a crash.
import { pino, type DestinationStream, type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import { type LogFormat, resolveLogFormat, useColour } from './log-format.ts';

export interface LoggerOptions {
  /** Names the process in every line (`hpa-lab-api`, `hpa-lab-trainer`, ...). */
  name: string;
  level: string;
  /** LOG_FORMAT from the app's validated environment; undefined: pretty only at a terminal. */
  format?: LogFormat | undefined;
  /** Where lines go; stdout by default. Tests hand a stream here. */
  destination?: DestinationStream & { isTTY?: boolean };
  /** The environment colour is decided from (NO_COLOR, FORCE_COLOR); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stdout;
  const isTTY = Boolean((destination as { isTTY?: boolean }).isTTY);
  const format = resolveLogFormat({ logFormat: options.format, isTTY });
  const base = { name: options.name, level: options.level };
  if (format === 'json') {
    return options.destination ? pino(base, options.destination) : pino(base);
  }
  const pretty = prettyStream({
    destination,
    colorize: useColour(options.env ?? process.env, isTTY),
    // `12:03:04 INFO (hpa-lab-api): message` and the fields below it; pid and host say nothing
    // to a person at one machine's terminal.
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    sync: true,
  });
  return pino(base, pretty);
}

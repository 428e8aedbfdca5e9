// Which format a process logs in. A person at a terminal reads pretty, coloured lines; anything
// else (a pipe, a file, a log collector, docker) gets one JSON object per line, pino's own format.
// LOG_FORMAT overrides the guess either way: `json` for a terminal whose output is collected,
// `pretty` for a process whose stdout is a pipe to a person (the root `npm start` sets it for
// the apps it runs when its own stdout is a terminal, since theirs are pipes to it).

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogFormatInputs {
  /** LOG_FORMAT, validated by the app's env.ts; undefined: decide from the terminal. */
  logFormat?: LogFormat | undefined;
  /** Whether stdout is a terminal (process.stdout.isTTY). */
  isTTY: boolean;
}

export function resolveLogFormat({ logFormat, isTTY }: LogFormatInputs): LogFormat {
  return logFormat ?? (isTTY ? 'pretty' : 'json');
}

/**
 * Whether pretty output is coloured: at a terminal, or where FORCE_COLOR asks for it (the root
 * `npm start` passes it on from its own terminal); never with NO_COLOR (https://no-color.org).
 */
export function useColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

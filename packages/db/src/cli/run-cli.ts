import { DatabaseUrlError } from '../connection/database-url.ts';
import { DataDirInUseError } from '../embedded/data-dir-lock.ts';
import { MigrationFailedError, MigrationHistoryError } from '../migrations/errors.ts';
import { SchemaEngineError } from '../migrations/schema-engine-commands.ts';

/** A mistake in how the command was called; printed without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const EXPECTED_ERRORS = [
  UsageError,
  DatabaseUrlError,
  DataDirInUseError,
  MigrationFailedError,
  MigrationHistoryError,
  SchemaEngineError,
];

/**
 * Runs a CLI's main. Errors the user can act on print as their one-line message; anything else
 * is a bug and keeps its stack. Either way the exit code is 1. main returns its own exit code.
 */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const expected = EXPECTED_ERRORS.some((type) => error instanceof type);
      console.error(expected ? (error as Error).message : error);
      process.exitCode = 1;
    },
  );
}

/**
 * The committed migrations and the database's `_prisma_migrations` history disagree (an applied
 * migration was edited or deleted, or an earlier run left one half-applied). Nothing was changed.
 */
export class MigrationHistoryError extends Error {
  override name = 'MigrationHistoryError';
}

/**
 * A migration's SQL failed. Its transaction was rolled back, so the database is exactly as it
 * was before that migration (earlier migrations of the same deploy stay applied).
 */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
  constructor(
    readonly migration: string,
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `migration ${migration} failed and was rolled back, nothing of it was applied: ` +
        `${file}${line === undefined ? '' : `:${line}`}: ${reason}`,
      options,
    );
  }
}

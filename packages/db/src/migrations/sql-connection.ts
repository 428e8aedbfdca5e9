import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * The little the migration runner needs from a database: parameterised queries, multi-statement
 * scripts and a transaction. Implemented for a node-postgres client and for PGlite, so the same
 * runner migrates a server and the embedded database.
 */
export interface SqlConnection {
  query<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (a migration.sql). */
  execScript(sql: string): Promise<void>;
  transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
}

/** A node-postgres client (one session: needed for session-level advisory locks). */
export function pgConnection(client: pg.ClientBase): SqlConnection {
  const connection: SqlConnection = {
    async query<Row extends object>(sql: string, params: unknown[] = []) {
      return (await client.query<Row>(sql, params)).rows;
    },
    async execScript(sql) {
      // No parameters: node-postgres uses the simple query protocol, which accepts many
      // statements in one string.
      await client.query(sql);
    },
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work(connection);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
  return connection;
}

function pgliteQueryable(db: PGlite | Transaction): Omit<SqlConnection, 'transaction'> {
  return {
    async query<Row extends object>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async execScript(sql) {
      await db.exec(sql);
    },
  };
}

/** PGlite is one session; its transaction() also keeps other callers out until it ends. */
export function pgliteConnection(db: PGlite): SqlConnection {
  return {
    ...pgliteQueryable(db),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          ...pgliteQueryable(tx),
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
        }),
      ),
  };
}

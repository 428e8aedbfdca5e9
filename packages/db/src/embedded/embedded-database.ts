import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';

/** `~/.hpa-lab`: where hpa-lab keeps its data when HPA_LAB_HOME is not set. */
export function defaultHpaLabHome(): string {
  return join(homedir(), '.hpa-lab');
}

/** The embedded PostgreSQL's data folder inside an hpa-lab home. */
export function embeddedDataDir(home: string): string {
  return join(home, 'pglite');
}

export interface EmbeddedDatabase {
  db: PGlite;
  dataDir: string;
  close(): Promise<void>;
}

/** Opens (creating on first use) the PGlite database kept in `<home>/pglite`. */
export async function openEmbeddedDatabase(home: string): Promise<EmbeddedDatabase> {
  const dataDir = embeddedDataDir(home);
  await mkdir(home, { recursive: true });
  const unlock = await lockDataDir(`${dataDir}.lock`, `the embedded database ${dataDir}`);
  let db: PGlite;
  try {
    db = new PGlite(dataDir);
    await db.waitReady;
  } catch (error) {
    await unlock();
    throw error;
  }
  return {
    db,
    dataDir,
    async close() {
      try {
        if (!db.closed) await db.close();
      } finally {
        await unlock();
      }
    },
  };
}

import { readFile, rm, writeFile } from 'node:fs/promises';
import { isProcessAlive } from '../process-alive.ts';

/** The embedded database's folder is already open in another process. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

const heldHere = new Set<string>();

/**
 * PGlite is a single-user PostgreSQL with no lock of its own: two processes writing one data
 * folder corrupt it. A pid file next to the folder makes the second opener fail clearly; a lock
 * left by a process that died is taken over.
 */
export async function lockDataDir(lockFile: string, what: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(lockFile);
      return async () => {
        heldHere.delete(lockFile);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    const ownedHere = owner === process.pid && heldHere.has(lockFile);
    if (ownedHere || (owner > 0 && owner !== process.pid && isProcessAlive(owner))) {
      throw new DataDirInUseError(
        `${what} is already open in process ${owner}; stop that process, or point ` +
          `DATABASE_URL at a PostgreSQL server to share one database`,
      );
    }
    await rm(lockFile, { force: true });
  }
}

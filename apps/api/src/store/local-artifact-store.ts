// Artifacts in a local directory. Writes go to a temporary name and are renamed into place, so a
// reader never sees half a file and an aborted upload leaves nothing.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, constants, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../lib/errors.ts';
import { assertStorageKey, createMeasuringStream, type ArtifactStore } from './artifact-store.ts';

export function createLocalArtifactStore(rootDir: string): ArtifactStore {
  const fileOf = (key: string) => {
    assertStorageKey(key);
    return path.join(rootDir, ...key.split('/'));
  };

  return {
    async check() {
      await mkdir(rootDir, { recursive: true });
      await access(rootDir, constants.W_OK);
    },
    async put(key, body, { maxBytes }) {
      const target = fileOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.partial-${randomUUID()}`;
      const measure = createMeasuringStream(maxBytes);
      try {
        await pipeline(body, measure, createWriteStream(temporary, { flags: 'wx' }));
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return measure.result();
    },
    async get(key) {
      const file = fileOf(key);
      try {
        await stat(file);
      } catch {
        throw new ApiError('NOT_FOUND', `Artifact content ${key} is missing from the store`);
      }
      return createReadStream(file);
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

// Model artifacts downloaded for prediction are kept unpacked in $HPA_LAB_HOME/models/<sha256>/:
// the same artifact is never fetched twice, and its content hash names it, so a cached folder
// is never stale.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILES } from '@hpa-lab/ml';
import {
  downloadArtifact,
  sha256OfFile,
  type ApiConnection,
  type ArtifactInfo,
} from '../api-client/index.ts';
import { unpackModel } from '../run/model-bundle.ts';

type ModelArtifact = Pick<ArtifactInfo, 'downloadUrl' | 'sha256' | 'name'>;

async function unpackInto(tarFile: string, dir: string): Promise<void> {
  // Unpacked beside and renamed: an interrupted unpack never leaves a half model to reuse.
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await unpackModel(tarFile, staging);
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

export async function cachedModelDir(
  home: string,
  connection: ApiConnection,
  artifact: ModelArtifact,
): Promise<string> {
  const dir = join(home, 'models', artifact.sha256);
  if (existsSync(join(dir, MODEL_FILES.topology))) return dir;
  await mkdir(join(home, 'models'), { recursive: true });
  const tarFile = `${dir}.tar`;
  await downloadArtifact(connection, artifact, tarFile);
  try {
    await unpackInto(tarFile, dir);
  } finally {
    await rm(tarFile, { force: true });
  }
  return dir;
}

/** A model.tar given on the command line, unpacked once per content. */
export async function unpackedLocalTar(home: string, tarFile: string): Promise<string> {
  const dir = join(home, 'models', await sha256OfFile(tarFile));
  if (!existsSync(join(dir, MODEL_FILES.topology))) {
    await mkdir(join(home, 'models'), { recursive: true });
    await unpackInto(tarFile, dir);
  }
  return dir;
}

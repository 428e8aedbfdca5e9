// A saved model is a folder (model.json, weights.bin, thresholds.json, train-config.json), but
// the API stores one file per artifact and the registry promotes one artifact: the folder goes
// up as one uncompressed tar (weights do not compress), which `tar xf` or unpackModel opens.
import { mkdir, readdir } from 'node:fs/promises';
import { create, extract } from 'tar';

export const MODEL_ARTIFACT_NAME = 'model.tar';

export async function packModel(modelDir: string, tarFile: string): Promise<void> {
  const files = (await readdir(modelDir)).sort();
  await create({ file: tarFile, cwd: modelDir, portable: true }, files);
}

export async function unpackModel(tarFile: string, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await extract({ file: tarFile, cwd: outDir, strict: true });
}

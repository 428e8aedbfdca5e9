// Chooses the artifact store from configuration: S3-compatible when S3 settings are given,
// otherwise a local directory.
import type { ApiEnv } from '../env.ts';
import type { ArtifactStore } from './artifact-store.ts';
import { createLocalArtifactStore } from './local-artifact-store.ts';
import { createS3ArtifactStore } from './s3-artifact-store.ts';

export function createArtifactStore(env: Pick<ApiEnv, 'artifactDir' | 's3'>): ArtifactStore {
  return env.s3 ? createS3ArtifactStore(env.s3) : createLocalArtifactStore(env.artifactDir);
}

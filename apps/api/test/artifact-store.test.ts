// The shared ArtifactStore contract against the local directory, S3 through an in-process s3rver,
// and, when S3_TEST_* variables name one, an external S3-compatible server (MinIO, AWS...).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalArtifactStore } from '../src/store/local-artifact-store.ts';
import { createS3ArtifactStore } from '../src/store/s3-artifact-store.ts';
import { listFiles } from './artifact-http.ts';
import {
  describeArtifactStoreContract,
  type ArtifactStoreHarness,
} from './artifact-store-contract.ts';
import {
  connectExternalS3,
  externalS3Settings,
  startS3rver,
  type S3TestServer,
} from './s3-test-server.ts';

describeArtifactStoreContract('local directory', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hpa-store-contract-'));
  return {
    store: createLocalArtifactStore(dir),
    // Every file counts, temporary `.partial-*` files included.
    leftovers: async () => (await listFiles(dir)).sort(),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

const MiB = 1024 * 1024;

const s3Harness = (server: S3TestServer): ArtifactStoreHarness => ({
  store: createS3ArtifactStore(server.settings, server.client),
  leftovers: (prefix) => server.leftovers(prefix),
  close: () => server.close(),
});

describeArtifactStoreContract('S3 via s3rver', async () => s3Harness(await startS3rver()));

const external = externalS3Settings();
if (external) {
  describeArtifactStoreContract(`S3 at ${external.endpoint}`, async () =>
    s3Harness(connectExternalS3(external)),
  );
}

describe('S3 store cleanup of a refused multipart upload', () => {
  let server: S3TestServer;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(() => server?.close());

  it('aborts the multipart upload and completes nothing', async () => {
    const store = createS3ArtifactStore(server.settings, server.client);
    server.sentCommands.length = 0;
    const body = Readable.from(Array.from({ length: 128 }, () => randomBytes(64 * 1024)));
    await expect(
      store.put(`runs/${randomUUID()}/${randomUUID()}`, body, { maxBytes: 5.5 * MiB }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // The limit trips while the second 5 MiB part fills, after the upload began.
    expect(server.sentCommands[0]).toBe('CreateMultipartUploadCommand');
    expect(server.sentCommands).toContain('AbortMultipartUploadCommand');
    expect(server.sentCommands).not.toContain('CompleteMultipartUploadCommand');
    expect(server.sentCommands).not.toContain('PutObjectCommand');
  });

  it('reports a failing server and stops reading the body', async () => {
    const store = createS3ArtifactStore(
      { ...server.settings, bucket: 'no-such-bucket' },
      server.client,
    );
    // 64 MiB produced on demand: far more than the upload buffers before the server answers.
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 1024; i += 1) yield Buffer.alloc(64 * 1024, i % 256);
      })(),
    );
    await expect(
      store.put(`runs/${randomUUID()}/x`, body, { maxBytes: 128 * MiB }),
    ).rejects.toThrow('The specified bucket does not exist');
    expect(body.destroyed).toBe(true);
  });
});

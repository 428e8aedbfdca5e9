// The artifact HTTP routes end to end with the S3 store (an in-process s3rver) in place of the
// local directory: upload, GraphQL listing, download with its SHA-256, and no object left by a
// refused upload.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3ArtifactStore } from '../src/store/s3-artifact-store.ts';
import { httpRequest, listFiles, sha256, upload } from './artifact-http.ts';
import { startS3rver, type S3TestServer } from './s3-test-server.ts';
import { startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const MAX_BYTES = 8 * 1024 * 1024;
let s3: S3TestServer;
let api: TestApi;
let member: { key: string };
let runId: string;

beforeAll(async () => {
  s3 = await startS3rver();
  api = await startTestApi({
    maxArtifactBytes: MAX_BYTES,
    store: createS3ArtifactStore(s3.settings, s3.client),
  });
  member = await api.member('MEMBER');
  const created = await api.gql(
    graphql(`
      mutation s3CreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name: 'artifacts in s3', config: trainConfig() } },
    member.key,
  );
  runId = created.data!.createRun.id;
});
afterAll(async () => {
  await api?.close();
  await s3?.close();
});

describe('artifact routes over the S3 store', () => {
  // Larger than one 5 MiB part: the route's stream becomes a multipart upload.
  const content = randomBytes(6 * 1024 * 1024 + 17);

  it('uploads to the bucket, lists through GraphQL and downloads with the SHA-256', async () => {
    const response = await upload(api.url, member.key, runId, 'model.bin', content, {
      chunked: true,
    });
    expect(response.status).toBe(201);
    const { artifact } = response.json<{
      artifact: { id: string; sha256: string; bytes: number; downloadUrl: string };
    }>();
    expect(artifact).toMatchObject({ sha256: sha256(content), bytes: content.length });

    // The bytes are in the bucket under the run, not in the local artifact directory.
    const row = await api.database.prisma.artifact.findUniqueOrThrow({
      where: { id: artifact.id },
    });
    expect(await s3.leftovers(`runs/${runId}/`)).toContain(`${row.storageKey}._S3rver_object`);
    expect(await listFiles(api.artifactDir)).toEqual([]);

    const listed = await api.gql(
      graphql(`
        query s3Artifacts($runId: ID!) {
          artifacts(runId: $runId) {
            nodes {
              name
              sha256
              bytes
              downloadUrl
            }
          }
        }
      `),
      {
        runId,
      },
    );
    expect(listed.data!.artifacts.nodes).toEqual([
      {
        name: 'model.bin',
        sha256: sha256(content),
        bytes: content.length,
        downloadUrl: artifact.downloadUrl,
      },
    ]);

    const download = await httpRequest(`${api.url}${artifact.downloadUrl}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${member.key}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(sha256(content));
    expect(download.headers['content-length']).toBe(String(content.length));
    expect(download.body.equals(content)).toBe(true);
  });

  it('deletes the object again when the announced SHA-256 does not match', async () => {
    const before = await s3.leftovers(`runs/${runId}/`);
    const response = await upload(api.url, member.key, runId, 'weights.bin', randomBytes(1000), {
      sha: sha256(Buffer.from('something else')),
    });
    expect(response.status).toBe(400);
    expect(response.json().errors![0]!.extensions.code).toBe('CHECKSUM_MISMATCH');
    expect(await s3.leftovers(`runs/${runId}/`)).toEqual(before);
  });

  it('answers 413 for a streamed upload past the limit and stores no object', async () => {
    const before = await s3.leftovers(`runs/${runId}/`);
    const response = await upload(
      api.url,
      member.key,
      runId,
      'big.bin',
      randomBytes(MAX_BYTES + 1),
      {
        chunked: true,
      },
    );
    expect(response.status).toBe(413);
    expect(response.json().errors![0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await s3.leftovers(`runs/${runId}/`)).toEqual(before);
    expect(await api.database.prisma.artifact.count({ where: { runId } })).toBe(1);
  });
});

// Streaming artifact upload/download beside /graphql: SHA-256 checked on the way in and returned
// on the way out, size limits, path-like names, permissions; nothing partial stays behind.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, listFiles, sha256, upload } from './artifact-http.ts';
import { startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const MAX_BYTES = 1024 * 1024;
let api: TestApi;
let member: { id: string; key: string };
let runId: string;

const artifactRows = () => api.database.prisma.artifact.count({ where: { runId } });

beforeAll(async () => {
  api = await startTestApi({ maxArtifactBytes: MAX_BYTES });
  member = await api.member('MEMBER');
  const created = await api.gql(
    graphql(`
      mutation artifactsCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name: 'artifacts', config: trainConfig() } },
    member.key,
  );
  runId = created.data!.createRun.id;
});
afterAll(() => api?.close());

describe('upload and download', () => {
  const content = randomBytes(300 * 1024);

  it('stores a streamed upload and serves it back with its SHA-256', async () => {
    const response = await upload(api.url, member.key, runId, 'model.json', content, {
      chunked: true,
    });
    expect(response.status).toBe(201);
    const { artifact } = response.json<{
      artifact: { id: string; kind: string; sha256: string; bytes: number; downloadUrl: string };
    }>();
    // The route answers in the schema's spelling of ArtifactKind, as GraphQL does.
    expect(artifact).toMatchObject({
      kind: 'MODEL',
      sha256: sha256(content),
      bytes: content.length,
    });

    const download = await httpRequest(`${api.url}${artifact.downloadUrl}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${member.key}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(sha256(content));
    expect(sha256(download.body)).toBe(sha256(content));

    const listed = await api.gql(
      graphql(`
        query artifactsArtifacts($runId: ID!) {
          artifacts(runId: $runId) {
            nodes {
              name
              kind
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
        name: 'model.json',
        kind: 'MODEL',
        bytes: content.length,
        downloadUrl: artifact.downloadUrl,
      },
    ]);
  });

  it('treats a retried identical upload as done and refuses different content under the name', async () => {
    const retry = await upload(api.url, member.key, runId, 'model.json', content);
    expect(retry.status).toBe(200);
    const other = await upload(api.url, member.key, runId, 'model.json', randomBytes(10));
    expect(other.status).toBe(409);
    expect(other.json().errors![0]!.extensions.code).toBe('CONFLICT');
    expect(await artifactRows()).toBe(1);
  });

  it('refuses content whose SHA-256 does not match and keeps nothing of it', async () => {
    const filesBefore = await listFiles(api.artifactDir);
    const response = await upload(api.url, member.key, runId, 'weights.bin', content, {
      sha: sha256(Buffer.from('something else')),
    });
    expect(response.status).toBe(400);
    expect(response.json().errors![0]!.extensions.code).toBe('CHECKSUM_MISMATCH');
    expect(await artifactRows()).toBe(1);
    expect(await listFiles(api.artifactDir)).toEqual(filesBefore);
  });

  it('requires the X-Content-SHA256 header', async () => {
    const response = await upload(api.url, member.key, runId, 'weights.bin', content, {
      sha: null,
    });
    expect(response.status).toBe(400);
    expect(response.json().errors![0]!.message).toContain('sha256');
  });
});

describe('limits and bad input', () => {
  it('refuses a declared 2 GB upload before reading it', async () => {
    const response = await upload(api.url, member.key, runId, 'huge.bin', Buffer.alloc(1024), {
      contentLength: 2 * 1024 ** 3,
    });
    expect(response.status).toBe(413);
    expect(response.json().errors![0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stops a streamed upload at the limit and leaves no partial file', async () => {
    const filesBefore = await listFiles(api.artifactDir);
    const response = await upload(
      api.url,
      member.key,
      runId,
      'big.bin',
      randomBytes(MAX_BYTES + 200_000),
      {
        chunked: true,
      },
    );
    expect(response.status).toBe(413);
    expect(await listFiles(api.artifactDir)).toEqual(filesBefore);
    expect(await artifactRows()).toBe(1);
  });

  it.each([['../../etc/passwd'], ['.hidden'], ['a/b.bin'], ['x'.repeat(201)]])(
    'refuses the artifact name %s',
    async (name) => {
      const response = await upload(api.url, member.key, runId, name, Buffer.from('data'));
      expect(response.status).toBe(400);
      const error = response.json().errors![0]!;
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('name');
    },
  );

  it('refuses an unknown kind and an unknown run', async () => {
    const kind = await upload(api.url, member.key, runId, 'a.bin', Buffer.from('x'), {
      kind: 'weights',
    });
    expect(kind.status).toBe(400);
    expect(kind.json().errors![0]!.message).toContain('kind must be one of MODEL, CHECKPOINT');
    // One spelling: the database's lowercase `model` is not an ArtifactKind of the schema.
    const lowercase = await upload(api.url, member.key, runId, 'b.bin', Buffer.from('x'), {
      kind: 'model',
    });
    expect(lowercase.status).toBe(400);
    expect(lowercase.json().errors![0]!.message).toContain('(got "model")');
    const run = await upload(
      api.url,
      member.key,
      '00000000-0000-4000-8000-000000000000',
      'a.bin',
      Buffer.from('x'),
    );
    expect(run.status).toBe(404);
  });

  it('answers 404 for an unknown artifact and 401 without a key', async () => {
    const unknown = await httpRequest(`${api.url}/artifacts/00000000-0000-4000-8000-000000000000`, {
      method: 'GET',
      headers: { authorization: `Bearer ${member.key}` },
    });
    expect(unknown.status).toBe(404);
    const anonymous = await httpRequest(
      `${api.url}/artifacts/00000000-0000-4000-8000-000000000000`,
      {
        method: 'GET',
      },
    );
    expect(anonymous.status).toBe(401);
  });
});

describe('permissions', () => {
  it('lets only the run’s owner (or an admin) upload', async () => {
    const viewer = await api.member('VIEWER');
    const other = await api.member('MEMBER');
    for (const key of [viewer.key, other.key]) {
      const response = await upload(api.url, key, runId, 'intruder.bin', Buffer.from('x'));
      expect(response.status).toBe(403);
    }
    const admin = await upload(api.url, api.adminKey, runId, 'admin.log', Buffer.from('log'), {
      kind: 'LOG',
    });
    expect(admin.status).toBe(201);
  });
});

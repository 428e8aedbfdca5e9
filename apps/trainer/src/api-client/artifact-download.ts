// Downloads an artifact (GET <downloadUrl> with the key) into a file, checking the SHA-256 the
// API recorded at upload: a truncated or altered download is an error, never a model.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ApiRequestError } from './api-error.ts';
import type { ApiConnection } from './graphql-transport.ts';

const OPERATION = 'downloadArtifact';

export async function downloadArtifact(
  connection: ApiConnection,
  artifact: { downloadUrl: string; sha256: string; name: string },
  file: string,
): Promise<void> {
  const url = new URL(artifact.downloadUrl, connection.url);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${connection.key}` } });
  } catch (error) {
    throw new ApiRequestError(
      OPERATION,
      'NETWORK',
      `cannot reach ${url.origin}: ${(error as Error).message}`,
      undefined,
      {},
      { cause: error },
    );
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    throw new ApiRequestError(
      OPERATION,
      'HTTP_ERROR',
      `${artifact.name}: HTTP ${response.status} ${text.slice(0, 200)}`,
      response.status,
    );
  }
  const hash = createHash('sha256');
  const partial = `${file}.partial`;
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    }),
    createWriteStream(partial),
  );
  const actual = hash.digest('hex');
  if (actual !== artifact.sha256) {
    await rm(partial, { force: true });
    throw new ApiRequestError(
      OPERATION,
      'BAD_RESPONSE',
      `${artifact.name}: downloaded content hashes to ${actual}, the API recorded ${artifact.sha256}`,
      response.status,
    );
  }
  await rename(partial, file);
}

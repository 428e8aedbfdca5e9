// Streams a file to the API's artifact route (PUT /artifacts/runs/<runId>/<name>?kind=<kind>)
// with its SHA-256 announced in X-Content-SHA256. The file is read twice (hash, then upload)
// rather than buffered, so a multi-GB checkpoint never sits in memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApiRequestError } from './api-error.ts';
import type { ApiConnection } from './graphql-transport.ts';
import type { ArtifactInfo, ArtifactKind } from './types.ts';

const OPERATION = 'uploadArtifact';

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export interface UploadArtifactInput {
  runId: string;
  /** Local file to send. */
  file: string;
  kind: ArtifactKind;
  /** Artifact name, unique within the run; default the file's base name. */
  name?: string;
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function toResult(status: number, text: string): ArtifactInfo {
  let body: {
    artifact?: ArtifactInfo;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new ApiRequestError(
      OPERATION,
      'HTTP_ERROR',
      `HTTP ${status}: ${text.slice(0, 200)}`,
      status,
    );
  }
  const error = body.errors?.[0];
  if (error || !body.artifact) {
    throw new ApiRequestError(
      OPERATION,
      error?.extensions?.code ?? 'HTTP_ERROR',
      error?.message ?? `HTTP ${status} without an artifact`,
      status,
    );
  }
  return body.artifact;
}

export async function uploadArtifact(
  connection: ApiConnection,
  input: UploadArtifactInput,
): Promise<ArtifactInfo> {
  const name = input.name ?? basename(input.file);
  const [sha256, info] = await Promise.all([sha256OfFile(input.file), stat(input.file)]);
  const url = new URL(
    `/artifacts/runs/${encodeURIComponent(input.runId)}/${encodeURIComponent(name)}`,
    connection.url,
  );
  url.searchParams.set('kind', input.kind);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<ArtifactInfo>((resolve, reject) => {
    const fail = (error: Error) =>
      reject(
        new ApiRequestError(
          OPERATION,
          'NETWORK',
          `${name} to ${url.origin}: ${error.message}`,
          undefined,
          {},
          { cause: error },
        ),
      );
    const request = send(
      url,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${connection.key}`,
          'content-type': 'application/octet-stream',
          'content-length': String(info.size),
          'x-content-sha256': sha256,
        },
      },
      (response) => {
        readBody(response)
          .then((text) => resolve(toResult(response.statusCode ?? 0, text)))
          .catch(reject);
      },
    );
    request.on('error', fail);
    // A server that refuses early (413, 401) closes the socket mid-body: the response above
    // still arrives and carries the reason, so a pipe error here is not the error to report.
    pipeline(createReadStream(input.file), request).catch(() => undefined);
  });
}

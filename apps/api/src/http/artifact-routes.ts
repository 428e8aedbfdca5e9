// Streaming artifact upload and download beside /graphql:
//   PUT /artifacts/runs/<runId>/<name>?kind=<KIND>   (X-Content-SHA256 header required; KIND
//                                                      is an ArtifactKind of the schema: MODEL...)
//   GET /artifacts/<artifactId>
//   GET /models/<projectSlug>/<modelName>/aliases/<alias>   (e.g. the champion's model file)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { authenticate } from '../auth/api-keys.ts';
import type { Artifact, ArtifactKind } from '../db.ts';
import { ENUM_VALUES, artifactKindName, artifactKindOf } from '../graphql/enum-values.ts';
import { ApiError } from '../lib/errors.ts';
import { artifactDownloadPath, openArtifact, uploadArtifact } from '../services/artifacts.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { resolveAliasArtifact } from '../services/registry.ts';
import { sendJson } from './respond.ts';
import { pathParameter, queryParameter } from './route-parameters.ts';

function artifactJson(artifact: Artifact) {
  return {
    id: artifact.id,
    runId: artifact.runId,
    kind: artifactKindName(artifact.kind),
    name: artifact.name,
    bytes: Number(artifact.bytes),
    sha256: artifact.sha256,
    downloadUrl: artifactDownloadPath(artifact.id),
    createdAt: artifact.createdAt.toISOString(),
  };
}

function parseKind(value: string | null): ArtifactKind {
  const kind = artifactKindOf(value);
  if (kind) return kind;
  const names = Object.keys(ENUM_VALUES.ArtifactKind).join(', ');
  throw new ApiError(
    'BAD_USER_INPUT',
    `kind must be one of ${names} (got ${value === null ? 'none' : JSON.stringify(value)})`,
    { field: 'kind' },
  );
}

async function streamArtifact(
  deps: ServiceDeps,
  artifactId: string,
  response: ServerResponse,
): Promise<void> {
  const { artifact, content } = await openArtifact(deps, artifactId);
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(artifact.bytes),
    'content-disposition': `attachment; filename="${artifact.name}"`,
    'x-content-sha256': artifact.sha256,
    etag: `"${artifact.sha256}"`,
  });
  await pipeline(content, response);
}

/** Returns false when the path is not an artifact route. */
export async function handleArtifactRoutes(
  deps: ServiceDeps,
  maxArtifactBytes: number,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  const segments = url.pathname.split('/').filter(Boolean);
  const method = request.method ?? 'GET';
  const isUpload = segments[0] === 'artifacts' && segments[1] === 'runs';
  const isDownload = segments[0] === 'artifacts' && segments.length === 2 && !isUpload;
  const isAlias = segments[0] === 'models' && segments.length === 5 && segments[3] === 'aliases';
  if (!isUpload && !isDownload && !isAlias) return false;

  const actor = await authenticate(deps.db, request.headers.authorization);
  if (isUpload) {
    if (method !== 'PUT' || segments.length !== 4) {
      throw new ApiError(
        'BAD_USER_INPUT',
        'Upload with PUT /artifacts/runs/<runId>/<name>?kind=<KIND>',
      );
    }
    const lengthHeader = request.headers['content-length'];
    const sha = request.headers['x-content-sha256'];
    const result = await uploadArtifact(
      deps,
      actor,
      {
        runId: pathParameter('runId', segments[2]!, 'id'),
        name: pathParameter('name', segments[3]!),
        kind: parseKind(queryParameter(url, 'kind')),
        sha256: typeof sha === 'string' ? sha : null,
        contentLength: lengthHeader === undefined ? null : Number(lengthHeader),
        body: request,
      },
      maxArtifactBytes,
    );
    sendJson(response, result.created ? 201 : 200, { artifact: artifactJson(result.artifact) });
    return true;
  }
  if (method !== 'GET') throw new ApiError('BAD_USER_INPUT', `${method} is not supported here`);
  if (isDownload) {
    await streamArtifact(deps, pathParameter('artifactId', segments[1]!, 'id'), response);
    return true;
  }
  const artifact = await resolveAliasArtifact(deps.db, {
    projectSlug: pathParameter('projectSlug', segments[1]!),
    modelName: pathParameter('modelName', segments[2]!),
    alias: pathParameter('alias', segments[4]!),
  });
  await streamArtifact(deps, artifact.id, response);
  return true;
}

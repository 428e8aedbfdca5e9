// HTTP helpers for the artifact routes (uploads need streaming bodies and exact headers, which
// the GraphQL helper does not cover).
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = { errors?: { message: string; extensions: { code: string } }[] }>(): T;
}

/**
 * A raw request with node:http so a test can declare any Content-Length or stream a body in
 * chunks (no Content-Length). Resolves on the response even if the server stops reading early.
 */
export function httpRequest(
  url: string,
  options: {
    method: string;
    headers?: Record<string, string>;
    chunks?: Buffer[];
  },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(parts);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: () => JSON.parse(body.toString('utf8')),
        });
      });
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is sent (413): that is expected.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

export async function upload(
  baseUrl: string,
  key: string,
  runId: string,
  name: string,
  content: Buffer,
  options: { kind?: string; sha?: string | null; chunked?: boolean; contentLength?: number } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  const sha = options.sha === undefined ? sha256(content) : options.sha;
  if (sha !== null) headers['x-content-sha256'] = sha;
  if (!options.chunked) headers['content-length'] = String(options.contentLength ?? content.length);
  const chunks: Buffer[] = [];
  for (let i = 0; i < content.length; i += 64 * 1024)
    chunks.push(content.subarray(i, i + 64 * 1024));
  return httpRequest(
    `${baseUrl}/artifacts/runs/${runId}/${encodeURIComponent(name)}?kind=${options.kind ?? 'MODEL'}`,
    { method: 'PUT', headers, chunks },
  );
}

/** Every file under a directory, so a test can prove an aborted upload left nothing behind. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

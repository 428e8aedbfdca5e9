// Artifacts in an S3-compatible bucket (AWS S3, MinIO, R2...), signed with AWS Signature V4 over
// fetch, so no SDK is needed. An upload is spooled to a temporary file first: that enforces the
// size limit and yields the SHA-256 before anything is sent, and S3 needs a Content-Length.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { S3Settings } from '../env.ts';
import { ApiError } from '../lib/errors.ts';
import { assertStorageKey, createMeasuringStream, type ArtifactStore } from './artifact-store.ts';

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, which SigV4 requires (encodeURIComponent leaves !'()* alone). */
const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** The query string sorted by name, each part RFC 3986 encoded, `name=` for bare names. */
function canonicalQuery(url: URL): string {
  return [...url.searchParams.entries()]
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Builds the Authorization header of AWS Signature Version 4 for one request. */
export function signV4(input: {
  settings: S3Settings;
  method: string;
  url: URL;
  payloadSha256: string;
  now: Date;
}): Record<string, string> {
  const { settings, method, url, payloadSha256, now } = input;
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': payloadSha256,
    'x-amz-date': amzDate,
  };
  const names = Object.keys(headers).sort();
  const canonicalRequest = [
    method,
    url.pathname,
    canonicalQuery(url),
    ...names.map((name) => `${name}:${headers[name]}`),
    '',
    names.join(';'),
    payloadSha256,
  ].join('\n');
  const scope = `${day}/${settings.region}/s3/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${settings.secretAccessKey}`, day), settings.region), 's3'),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return {
    ...headers,
    authorization:
      `AWS4-HMAC-SHA256 Credential=${settings.accessKeyId}/${scope}, ` +
      `SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

export function createS3ArtifactStore(settings: S3Settings): ArtifactStore {
  // Path-style addressing (endpoint/bucket/key) works with MinIO and AWS alike.
  const urlOf = (key: string) => {
    assertStorageKey(key);
    return new URL(`${settings.endpoint.replace(/\/$/, '')}/${settings.bucket}/${key}`);
  };
  const send = async (
    method: string,
    key: string,
    payloadSha256: string,
    body?: Readable,
    length?: number,
  ) => {
    const url = urlOf(key);
    const headers = signV4({ settings, method, url, payloadSha256, now: new Date() });
    return fetch(url, {
      method,
      headers: length === undefined ? headers : { ...headers, 'content-length': String(length) },
      ...(body ? { body: Readable.toWeb(body), duplex: 'half' } : {}),
    } as unknown as RequestInit);
  };

  return {
    async put(key, body, { maxBytes }) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'hpa-s3-'));
      const spool = path.join(dir, randomUUID());
      try {
        const measure = createMeasuringStream(maxBytes);
        await pipeline(body, measure, createWriteStream(spool));
        const stored = measure.result();
        const response = await send(
          'PUT',
          key,
          stored.sha256,
          createReadStream(spool),
          stored.bytes,
        );
        if (!response.ok) {
          throw new Error(`S3 PUT ${key} failed: ${response.status} ${await response.text()}`);
        }
        return stored;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async get(key) {
      const response = await send('GET', key, EMPTY_SHA256);
      if (response.status === 404) {
        throw new ApiError('NOT_FOUND', `Artifact content ${key} is missing from the store`);
      }
      if (!response.ok || !response.body) {
        throw new Error(`S3 GET ${key} failed: ${response.status}`);
      }
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },
    async delete(key) {
      const response = await send('DELETE', key, EMPTY_SHA256);
      if (!response.ok && response.status !== 404) {
        throw new Error(`S3 DELETE ${key} failed: ${response.status}`);
      }
    },
  };
}

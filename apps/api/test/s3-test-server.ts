// S3-compatible servers for tests: s3rver (a Node implementation of the S3 HTTP protocol over a
// local folder) started in-process on port 0, or an external server named by S3_TEST_* variables.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3Settings } from '../src/env.ts';
import { createS3Client } from '../src/store/s3-artifact-store.ts';
import { listFiles } from './artifact-http.ts';

export interface S3TestServer {
  settings: S3Settings;
  client: S3Client;
  /** Names of the commands the client sent, in order (e.g. `AbortMultipartUploadCommand`). */
  sentCommands: string[];
  /** Every object and unfinished multipart upload the server holds under `prefix`. */
  leftovers(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

function recordCommands(client: S3Client): string[] {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return sent;
}

export async function startS3rver(): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'hpa-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  // s3rver knows one access key id (S3RVER) and refuses others, but it does NOT verify Signature
  // V4 itself (unimplemented in 3.7.1): signing is the SDK's, only a real server checks it.
  const settings: S3Settings = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'hpa-artifacts',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  const client = createS3Client(settings);
  await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  return {
    settings,
    client,
    sentCommands: recordCommands(client),
    // s3rver keeps each object as files under its key. It implements neither
    // AbortMultipartUpload nor ListMultipartUploads, so the parts of an aborted upload stay in
    // its `._S3rver_uploads` folder whatever the client does; those are left out here and the
    // abort request itself is checked instead (artifact-store.test.ts).
    async leftovers(prefix) {
      const bucketDir = path.join(directory, settings.bucket);
      const files = await listFiles(bucketDir);
      return files
        .map((file) => path.relative(bucketDir, file))
        .filter((file) => file.startsWith(prefix))
        .sort();
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** An external S3-compatible server when all of S3_TEST_ENDPOINT, _BUCKET, _ACCESS_KEY_ID and
 * _SECRET_ACCESS_KEY are set (the bucket must exist); undefined otherwise. */
export function externalS3Settings(env = process.env): S3Settings | undefined {
  const { S3_TEST_ENDPOINT, S3_TEST_BUCKET, S3_TEST_ACCESS_KEY_ID, S3_TEST_SECRET_ACCESS_KEY } =
    env;
  if (
    !S3_TEST_ENDPOINT ||
    !S3_TEST_BUCKET ||
    !S3_TEST_ACCESS_KEY_ID ||
    !S3_TEST_SECRET_ACCESS_KEY
  ) {
    return undefined;
  }
  return {
    endpoint: S3_TEST_ENDPOINT,
    bucket: S3_TEST_BUCKET,
    region: env.S3_TEST_REGION ?? 'us-east-1',
    accessKeyId: S3_TEST_ACCESS_KEY_ID,
    secretAccessKey: S3_TEST_SECRET_ACCESS_KEY,
  };
}

export function connectExternalS3(settings: S3Settings): S3TestServer {
  const client = createS3Client(settings);
  const Bucket = settings.bucket;
  return {
    settings,
    client,
    sentCommands: recordCommands(client),
    async leftovers(prefix) {
      const objects = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix }));
      const uploads = await client.send(
        new ListMultipartUploadsCommand({ Bucket, Prefix: prefix }),
      );
      return [
        ...(objects.Contents ?? []).map((object) => `object ${object.Key}`),
        ...(uploads.Uploads ?? []).map((upload) => `upload ${upload.Key} ${upload.UploadId}`),
      ].sort();
    },
    async close() {
      client.destroy();
    },
  };
}

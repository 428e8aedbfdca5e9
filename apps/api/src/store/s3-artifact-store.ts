// Artifacts in an S3-compatible bucket (AWS S3, MinIO, R2...) through the AWS SDK v3. Uploads
// stream through lib-storage's Upload, which sends one PUT for small bodies and a multipart
// upload in 5 MiB parts for large ones, so a body of unknown length is never spooled to disk.
import { pipeline, Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../env.ts';
import { ApiError } from '../lib/errors.ts';
import { assertStorageKey, createMeasuringStream, type ArtifactStore } from './artifact-store.ts';

/** Parts buffered in memory per upload; with 5 MiB parts one upload holds at most ~15 MiB. */
const UPLOAD_QUEUE_SIZE = 2;

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
    },
    // Path-style addressing (endpoint/bucket/key) works with MinIO and AWS alike, without
    // wildcard DNS for virtual-host buckets.
    forcePathStyle: true,
    // Since 3.729 the SDK adds CRC32 trailers in aws-chunked bodies by default, which several
    // S3-compatible servers reject; integrity is covered by our own SHA-256 instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const isMissingObject = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);

export function createS3ArtifactStore(
  settings: S3Settings,
  client: S3Client = createS3Client(settings),
): ArtifactStore {
  const Bucket = settings.bucket;

  return {
    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
    async put(key, body, { maxBytes }) {
      assertStorageKey(key);
      const measure = createMeasuringStream(maxBytes);
      // The source's own failure (over the limit, client gone) is the one to report: the
      // upload's error may instead be a failed AbortMultipartUpload on the way out.
      let sourceError: unknown;
      pipeline(body, measure, (error) => {
        if (error) sourceError = error;
      });
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: measure },
        queueSize: UPLOAD_QUEUE_SIZE,
        // On any failure the multipart upload is aborted, so no parts stay billed and
        // invisible in the bucket; an object appears only on CompleteMultipartUpload.
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        const reported = sourceError ?? error;
        // When S3 fails first, stop reading the body too (as the local store's pipeline does).
        body.destroy();
        throw reported;
      }
      return measure.result();
    },
    async get(key) {
      assertStorageKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!(response.Body instanceof Readable)) {
          throw new Error(`S3 GET ${key} returned no Node.js stream`);
        }
        return response.Body;
      } catch (error) {
        if (isMissingObject(error)) {
          throw new ApiError('NOT_FOUND', `Artifact content ${key} is missing from the store`);
        }
        throw error;
      }
    },
    async delete(key) {
      assertStorageKey(key);
      // S3 answers 204 whether or not the object existed, like `rm --force`.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

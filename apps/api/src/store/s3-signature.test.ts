// AWS Signature V4 checked against the examples of AWS's S3 documentation ("Signature
// Calculations for the Authorization Header: Transferring Payload in a Single Chunk").
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signV4 } from './s3-artifact-store.ts';

const settings = {
  endpoint: 'https://examplebucket.s3.amazonaws.com',
  bucket: 'examplebucket',
  region: 'us-east-1',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const emptySha = createHash('sha256').update('').digest('hex');
const now = new Date('2013-05-24T00:00:00Z');

describe('signV4', () => {
  it('signs GET Bucket Lifecycle as documented', () => {
    const headers = signV4({
      settings,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?lifecycle'),
      payloadSha256: emptySha,
      now,
    });
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;x-amz-content-sha256;x-amz-date, ' +
        'Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    );
  });

  it('signs GET Bucket (list objects) with a sorted query as documented', () => {
    const headers = signV4({
      settings,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2'),
      payloadSha256: emptySha,
      now,
    });
    expect(headers.authorization).toContain(
      'Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    );
  });
});

// The behaviour every ArtifactStore must have, run against each implementation (local directory,
// S3 through s3rver, an external S3 server) so they cannot drift apart.
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../src/store/artifact-store.ts';
import { sha256 } from './artifact-http.ts';

export interface ArtifactStoreHarness {
  store: ArtifactStore;
  /** What the backing storage holds under `prefix` (files, objects, unfinished uploads). */
  leftovers(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** Larger than one S3 multipart part (5 MiB), so the S3 store uses a multipart upload. */
const MULTIPART_BYTES = 6 * MiB + 123;

/** A body of unknown length delivered in uneven chunks, like an HTTP request. */
function streamOf(content: Buffer, chunkBytes = 64 * 1024 + 7): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < content.length; i += chunkBytes) {
    chunks.push(content.subarray(i, i + chunkBytes));
  }
  return Readable.from(chunks);
}

/** A body that delivers `bytes` and then fails, like a client that disconnects mid-upload. */
function cutOffStream(bytes: number): Readable {
  const head = streamOf(randomBytes(bytes));
  return Readable.from(
    (async function* () {
      yield* head;
      throw new Error('client went away');
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

export function describeArtifactStoreContract(
  name: string,
  makeHarness: () => Promise<ArtifactStoreHarness>,
): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let harness: ArtifactStoreHarness;
    let store: ArtifactStore;
    // One prefix per suite so an external bucket shared with other runs stays separable.
    const prefix = `runs/${randomUUID()}`;
    const newKey = () => `${prefix}/${randomUUID()}`;

    beforeAll(async () => {
      harness = await makeHarness();
      store = harness.store;
    });
    afterAll(() => harness?.close());

    async function expectNothingLeftBy(action: () => Promise<unknown>, error: unknown) {
      const before = await harness.leftovers(prefix);
      await expect(action()).rejects.toThrow(error as Error);
      expect(await harness.leftovers(prefix)).toEqual(before);
    }

    it('stores a streamed body and returns its size and SHA-256', async () => {
      const content = randomBytes(300 * 1024);
      const key = newKey();
      const stored = await store.put(key, streamOf(content), { maxBytes: MiB });
      expect(stored).toEqual({ bytes: content.length, sha256: sha256(content) });
      const download = await store.get(key);
      expect(download).toBeInstanceOf(Readable);
      expect((await readAll(download)).equals(content)).toBe(true);
    });

    it('stores a body larger than one S3 multipart part', async () => {
      const content = randomBytes(MULTIPART_BYTES);
      const key = newKey();
      const stored = await store.put(key, streamOf(content), { maxBytes: 8 * MiB });
      expect(stored).toEqual({ bytes: content.length, sha256: sha256(content) });
      expect(sha256(await readAll(await store.get(key)))).toBe(sha256(content));
    });

    it('stores an empty body', async () => {
      const key = newKey();
      const stored = await store.put(key, Readable.from([]), { maxBytes: MiB });
      expect(stored).toEqual({ bytes: 0, sha256: sha256(Buffer.alloc(0)) });
      expect((await readAll(await store.get(key))).length).toBe(0);
    });

    it('accepts a body of exactly maxBytes', async () => {
      const content = randomBytes(4096);
      const stored = await store.put(newKey(), streamOf(content, 1000), { maxBytes: 4096 });
      expect(stored.bytes).toBe(4096);
    });

    it('refuses a body past maxBytes with PAYLOAD_TOO_LARGE and keeps nothing', async () => {
      const key = newKey();
      await expectNothingLeftBy(
        () => store.put(key, streamOf(randomBytes(4097), 1000), { maxBytes: 4096 }),
        expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
      );
      await expect(store.get(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a body that passes maxBytes after the first multipart part', async () => {
      const key = newKey();
      await expectNothingLeftBy(
        () => store.put(key, streamOf(randomBytes(8 * MiB)), { maxBytes: 5.5 * MiB }),
        expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
      );
      await expect(store.get(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it.each([
      ['a small', 100 * 1024],
      ['a multipart', MULTIPART_BYTES],
    ])('keeps nothing of %s body whose source fails midway', async (_label, bytes) => {
      const key = newKey();
      await expectNothingLeftBy(
        () => store.put(key, cutOffStream(bytes), { maxBytes: 16 * MiB }),
        new Error('client went away'),
      );
      await expect(store.get(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('answers NOT_FOUND for a key that was never stored', async () => {
      await expect(store.get(newKey())).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('missing from the store'),
      });
    });

    it('deletes an object, and deleting a missing key is not an error', async () => {
      const key = newKey();
      await store.put(key, streamOf(Buffer.from('bytes')), { maxBytes: MiB });
      await store.delete(key);
      await expect(store.get(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it.each([['../../etc/passwd'], ['runs/../x'], ['Runs/A'], ['runs//x'], ['/runs/x'], ['']])(
      'refuses the storage key %j on every operation',
      async (key) => {
        await expectNothingLeftBy(
          () => store.put(key, streamOf(Buffer.from('x')), { maxBytes: MiB }),
          new Error(`invalid storage key: ${key}`),
        );
        await expect(store.get(key)).rejects.toThrow('invalid storage key');
        await expect(store.delete(key)).rejects.toThrow('invalid storage key');
      },
    );
  });
}

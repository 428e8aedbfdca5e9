// Decoded validation probabilities, kept in memory by the artifact's SHA-256 so an ensemble
// what-if over 20 runs does not read and decode 20 files per request. Content-addressed, so
// one cache serves every API instance of the process: the same hash is the same bytes.
// Bounded by the decoded size (least recently used out first); a file is checked against its
// hash when read, and a file that fails to decode is remembered as failing, not retried.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  decodeValidationProbabilities,
  ProbabilitiesFormatError,
  type ValidationProbabilities,
} from '@hpa-lab/contracts';
import type { ArtifactStore } from '../store/artifact-store.ts';

/** About 100 runs of 3,000 samples (each about 0.45 MB decoded). */
export const DEFAULT_PROBABILITY_CACHE_BYTES = 64 * 1024 * 1024;

export type CachedProbabilities = ValidationProbabilities & {
  /** The artifact's SHA-256: what the probabilities (and anything derived from them) key on. */
  sha256: string;
  /** Row of each sample id. */
  rowOf: Map<string, number>;
};

export interface ProbabilityArtifact {
  sha256: string;
  storageKey: string;
}

/** The artifact's bytes do not hash to its recorded SHA-256, or do not decode. */
export class UnusableProbabilitiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableProbabilitiesError';
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sizeOf(value: CachedProbabilities): number {
  // The arrays, plus about 100 bytes per id (string and map entry).
  return value.probabilities.byteLength + value.labels.byteLength + value.ids.length * 100;
}

export class ProbabilityCache {
  private readonly entries = new Map<string, Promise<CachedProbabilities>>();
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(private readonly maxBytes = DEFAULT_PROBABILITY_CACHE_BYTES) {}

  /** The decoded probabilities of an artifact; concurrent calls for one hash share one read. */
  get(store: ArtifactStore, artifact: ProbabilityArtifact): Promise<CachedProbabilities> {
    const hit = this.entries.get(artifact.sha256);
    if (hit) {
      // Most recently used last: a Map iterates in insertion order.
      this.entries.delete(artifact.sha256);
      this.entries.set(artifact.sha256, hit);
      return hit;
    }
    const loading = this.load(store, artifact);
    this.entries.set(artifact.sha256, loading);
    loading.then(
      (value) => this.account(artifact.sha256, sizeOf(value)),
      // A store outage is not remembered; a bad file (UnusableProbabilitiesError) is.
      (error: unknown) => {
        if (!(error instanceof UnusableProbabilitiesError)) this.entries.delete(artifact.sha256);
      },
    );
    return loading;
  }

  /** Decoded bytes held now (for tests and logs). */
  get heldBytes(): number {
    return this.total;
  }

  private async load(
    store: ArtifactStore,
    artifact: ProbabilityArtifact,
  ): Promise<CachedProbabilities> {
    const bytes = await readAll(await store.get(artifact.storageKey));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== artifact.sha256) {
      throw new UnusableProbabilitiesError(
        `its stored bytes hash to ${sha256}, not the recorded ${artifact.sha256}`,
      );
    }
    let decoded: ValidationProbabilities;
    try {
      decoded = decodeValidationProbabilities(bytes);
    } catch (error) {
      if (error instanceof ProbabilitiesFormatError) {
        throw new UnusableProbabilitiesError(error.message);
      }
      throw error;
    }
    return {
      ...decoded,
      sha256,
      rowOf: new Map(decoded.ids.map((id, row) => [id, row])),
    };
  }

  private account(sha256: string, size: number): void {
    if (!this.entries.has(sha256) || this.sizes.has(sha256)) return;
    this.sizes.set(sha256, size);
    this.total += size;
    for (const key of this.entries.keys()) {
      if (this.total <= this.maxBytes || key === sha256) break;
      const evicted = this.sizes.get(key);
      // Still loading: nothing to free yet.
      if (evicted === undefined) continue;
      this.entries.delete(key);
      this.sizes.delete(key);
      this.total -= evicted;
    }
  }
}

/** The process's cache (content-addressed, so shared safely by every API instance). */
export const probabilityCache = new ProbabilityCache();

// A run's validation probabilities at its best epoch, as the trainer uploads them (a PREDICTIONS
// artifact named VALIDATION_PROBABILITIES_ARTIFACT) and the API reads them back to score what an
// ensemble of runs would do. One compact binary format, defined here for both sides.
//
// Layout (version 1, every number little-endian):
//
//   offset  size            field
//   0       4               magic "HPVP" (ASCII)
//   4       2   uint16      version (1)
//   6       2   uint16      classes (C; 28 for HPA)
//   8       4   uint32      samples (N)
//   12      4   uint32      step: the training step of the epoch the probabilities come from
//   16      4   uint32      idBytes: length of the id block
//   20      idBytes         sample ids, UTF-8, each followed by "\n" (an id holds no "\n")
//   ...     0-3             zero padding to a multiple of 4
//   ...     N x 4  uint32   truth labels, one bit per class (bit c = class c is present)
//   ...     N x C x 4       float32 probabilities, row-major (sample, class), each in [0, 1]
//
// The labels travel with the probabilities so that the API can score them without the data
// set; the artifact's sha256 is the upload's, recorded by the API like any artifact's.
// No node: module here: the dashboard's bundle may import the contracts.

export const VALIDATION_PROBABILITIES_ARTIFACT = 'validation-probabilities.hpvp';
export const VALIDATION_PROBABILITIES_VERSION = 1;

const MAGIC = 'HPVP';
const HEADER_BYTES = 20;
/** Labels are one uint32 bit mask per sample. */
const MAX_CLASSES = 32;

export interface ValidationProbabilities {
  /** Training step of the (best) epoch the probabilities were computed at. */
  step: number;
  classes: number;
  /** Sample ids, one per row, unique. */
  ids: string[];
  /** Multi-hot truth, ids.length x classes (row-major). */
  labels: Uint8Array;
  /** Sigmoid outputs, ids.length x classes (row-major). */
  probabilities: Float32Array;
}

/** The bytes are not a valid probabilities file; the message says what is wrong. */
export class ProbabilitiesFormatError extends Error {
  constructor(message: string) {
    super(`validation probabilities: ${message}`);
    this.name = 'ProbabilitiesFormatError';
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const pad4 = (n: number) => (4 - (n % 4)) % 4;

function checkShape(value: ValidationProbabilities): void {
  const { classes, ids, labels, probabilities, step } = value;
  if (!Number.isInteger(classes) || classes < 1 || classes > MAX_CLASSES) {
    throw new ProbabilitiesFormatError(`classes must be 1-${MAX_CLASSES}, got ${classes}`);
  }
  if (!Number.isInteger(step) || step < 0 || step > 0xffffffff) {
    throw new ProbabilitiesFormatError(`step must be an integer >= 0, got ${step}`);
  }
  const cells = ids.length * classes;
  if (labels.length !== cells) {
    throw new ProbabilitiesFormatError(
      `labels length ${labels.length} is not ${ids.length} samples x ${classes} classes`,
    );
  }
  if (probabilities.length !== cells) {
    throw new ProbabilitiesFormatError(
      `probabilities length ${probabilities.length} is not ${ids.length} samples x ${classes} classes`,
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (id.length === 0 || id.includes('\n')) {
      throw new ProbabilitiesFormatError(
        `sample id ${JSON.stringify(id)} is empty or holds a newline`,
      );
    }
    if (seen.has(id)) throw new ProbabilitiesFormatError(`sample id ${id} appears twice`);
    seen.add(id);
  }
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    // Written as a negated range test so that NaN fails it too.
    if (!(p >= 0 && p <= 1)) {
      const sample = Math.floor(i / classes);
      throw new ProbabilitiesFormatError(
        `probability ${p} of sample ${ids[sample]} class ${i % classes} is not in [0, 1]`,
      );
    }
  }
}

/** Encodes probabilities for upload; refuses shapes or values the decoder would refuse. */
export function encodeValidationProbabilities(value: ValidationProbabilities): Uint8Array {
  checkShape(value);
  const { classes, ids, labels, probabilities, step } = value;
  const samples = ids.length;
  const idBlock = new TextEncoder().encode(ids.map((id) => `${id}\n`).join(''));
  const labelsAt = HEADER_BYTES + idBlock.length + pad4(idBlock.length);
  const probabilitiesAt = labelsAt + samples * 4;
  const bytes = new Uint8Array(probabilitiesAt + samples * classes * 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint16(4, VALIDATION_PROBABILITIES_VERSION, true);
  view.setUint16(6, classes, true);
  view.setUint32(8, samples, true);
  view.setUint32(12, step, true);
  view.setUint32(16, idBlock.length, true);
  bytes.set(idBlock, HEADER_BYTES);
  for (let s = 0; s < samples; s++) {
    let mask = 0;
    for (let c = 0; c < classes; c++) if (labels[s * classes + c]! > 0) mask |= 1 << c;
    view.setUint32(labelsAt + s * 4, mask >>> 0, true);
  }
  if (littleEndian) {
    const floats = Float32Array.from(probabilities);
    bytes.set(new Uint8Array(floats.buffer), probabilitiesAt);
  } else {
    for (let i = 0; i < probabilities.length; i++) {
      view.setFloat32(probabilitiesAt + i * 4, probabilities[i]!, true);
    }
  }
  return bytes;
}

/**
 * Decodes and checks a probabilities file: magic, version, sizes (the file must end exactly
 * where its header says), unique ids, labels within the classes, probabilities in [0, 1].
 */
export function decodeValidationProbabilities(bytes: Uint8Array): ValidationProbabilities {
  if (bytes.length < HEADER_BYTES) {
    throw new ProbabilitiesFormatError(`${bytes.length} bytes is shorter than the header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) {
    throw new ProbabilitiesFormatError(`not a probabilities file (magic ${JSON.stringify(magic)})`);
  }
  const version = view.getUint16(4, true);
  if (version !== VALIDATION_PROBABILITIES_VERSION) {
    throw new ProbabilitiesFormatError(
      `version ${version} is not supported (this code reads version ${VALIDATION_PROBABILITIES_VERSION})`,
    );
  }
  const classes = view.getUint16(6, true);
  const samples = view.getUint32(8, true);
  const step = view.getUint32(12, true);
  const idBytes = view.getUint32(16, true);
  if (classes < 1 || classes > MAX_CLASSES) {
    throw new ProbabilitiesFormatError(`classes must be 1-${MAX_CLASSES}, got ${classes}`);
  }
  const labelsAt = HEADER_BYTES + idBytes + pad4(idBytes);
  const probabilitiesAt = labelsAt + samples * 4;
  const expected = probabilitiesAt + samples * classes * 4;
  if (bytes.length !== expected) {
    throw new ProbabilitiesFormatError(
      `${bytes.length} bytes where ${samples} samples x ${classes} classes with ${idBytes} bytes of ids take ${expected}`,
    );
  }
  const idText = new TextDecoder('utf-8', { fatal: true }).decode(
    bytes.subarray(HEADER_BYTES, HEADER_BYTES + idBytes),
  );
  if (samples > 0 && !idText.endsWith('\n')) {
    throw new ProbabilitiesFormatError('the id block does not end with a newline');
  }
  const ids = samples === 0 && idText === '' ? [] : idText.slice(0, -1).split('\n');
  if (ids.length !== samples) {
    throw new ProbabilitiesFormatError(`${ids.length} sample ids for ${samples} samples`);
  }
  const labels = new Uint8Array(samples * classes);
  const tooHigh = classes === 32 ? 0 : ~((1 << classes) - 1);
  for (let s = 0; s < samples; s++) {
    const mask = view.getUint32(labelsAt + s * 4, true);
    if ((mask & tooHigh) !== 0) {
      throw new ProbabilitiesFormatError(
        `sample ${ids[s]} has a label beyond class ${classes - 1}`,
      );
    }
    for (let c = 0; c < classes; c++) labels[s * classes + c] = (mask >>> c) & 1;
  }
  let probabilities: Float32Array;
  if (littleEndian) {
    // A copy: the input's offset need not be 4-aligned (Node's pooled Buffers).
    probabilities = new Float32Array(
      bytes.buffer.slice(
        bytes.byteOffset + probabilitiesAt,
        bytes.byteOffset + probabilitiesAt + samples * classes * 4,
      ),
    );
  } else {
    probabilities = new Float32Array(samples * classes);
    for (let i = 0; i < probabilities.length; i++) {
      probabilities[i] = view.getFloat32(probabilitiesAt + i * 4, true);
    }
  }
  const value = { step, classes, ids, labels, probabilities };
  checkShape(value);
  return value;
}

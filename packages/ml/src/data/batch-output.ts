// Where a batch source's readBatch writes: the caller's buffer when it passes one (the training
// loop keeps one for the whole run), else a new array. One check for every source.
export function batchOutput(bytes: number, out?: Uint8Array): Uint8Array {
  if (out === undefined) return new Uint8Array(bytes);
  if (out.length < bytes) {
    throw new Error(`readBatch: output holds ${out.length} bytes, need ${bytes}`);
  }
  return out;
}

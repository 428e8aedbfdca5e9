// The `device` a run records at startRun: what a member comparing runs needs to know about the
// hardware it trained on.
import os from 'node:os';

function cpuModel(): string {
  return os.cpus()[0]?.model?.trim() ?? os.arch();
}

export function describeDevice(
  backend: string,
  threads: number,
  precision: 'float32' | 'bfloat16' = 'float32',
  cpu = cpuModel(),
): string {
  if (backend === 'tensorflow-gpu') return 'GPU (libtensorflow CUDA)';
  const count = `${threads} thread${threads === 1 ? '' : 's'}`;
  // float32 is what every run computed in before bfloat16 existed: only bfloat16 is said.
  if (backend === 'wasm-onednn')
    return `${count} (oneDNN${precision === 'bfloat16' ? ', bfloat16' : ''}) on ${cpu}`;
  return `${count} on ${cpu}`;
}
